package org.alliance.ledger.service.web;

import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs the check-then-write of one kind of record one at a time in this instance, so two requests
 * cannot both pass the check against the same state (two clerks forwarding one case). Writes from
 * other instances are still decided by the ledger, which refuses the later one.
 *
 * <p>Inside a transaction that began earlier (the one {@link Idempotency} opens around a keyed
 * request), the lock is held until that transaction ends: the write is visible to the next one
 * only once committed, and the next check must see it.
 */
public final class SerialWrites {
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Runs a write while holding the lock.
     *
     * @param write the check and the write
     * @param <T> its result type
     * @return its result
     */
    public <T> T run(Supplier<T> write) {
        lock.lock();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    lock.unlock();
                }
            });
            return write.get();
        }
        try {
            return write.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A required request field.
     *
     * @param field the field's name
     * @param value its value
     * @return the value
     * @throws ApiException 400 MISSING_FIELD if it is absent or blank
     */
    public static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", field + " is required", Map.of("field", field));
        }
        return value;
    }
}
