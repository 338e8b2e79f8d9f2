package org.alliance.ledger.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.alliance.ledger.core.state.KeyOrder;
import org.alliance.ledger.core.state.KeyValue;

/**
 * The committed world state of the embedded ledger, held in memory and rebuilt from the block
 * log on open.
 *
 * <p>Readers run whole queries under the read lock ({@link #read}) so that a query that reads
 * several keys never sees half of a commit; {@link #apply} takes the write lock, so a commit
 * becomes visible all at once.
 */
final class StateStore {
    private final TreeMap<String, byte[]> entries = new TreeMap<>(KeyOrder.INSTANCE);
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /**
     * Runs a computation under the read lock, so it sees one consistent committed state.
     *
     * @param query the computation
     * @param <T> its result type
     * @return its result
     */
    <T> T read(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Reads one committed value.
     *
     * @param key the key
     * @return a copy of the value, or empty
     */
    Optional<byte[]> get(String key) {
        return read(() -> Optional.ofNullable(entries.get(key)).map(byte[]::clone));
    }

    /**
     * Lists committed entries whose key starts with {@code prefix}, from {@code fromKey} on.
     *
     * @param fromKey the first key to consider (inclusive)
     * @param prefix the prefix every returned key has
     * @param limit at most this many entries
     * @return copies of the entries in key order
     */
    List<KeyValue> range(String fromKey, String prefix, int limit) {
        return read(() -> {
            List<KeyValue> out = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : entries.tailMap(fromKey, true).entrySet()) {
                if (out.size() >= limit || !e.getKey().startsWith(prefix)) {
                    break;
                }
                out.add(new KeyValue(e.getKey(), e.getValue().clone()));
            }
            return out;
        });
    }

    /**
     * Makes a transaction's writes visible, all at once.
     *
     * @param writes the write set of a committed transaction
     */
    void apply(WriteSet writes) {
        lock.writeLock().lock();
        try {
            for (WriteSet.Write w : writes.writes()) {
                entries.put(w.key(), w.value());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The number of committed keys.
     *
     * @return the key count
     */
    int size() {
        return read(entries::size);
    }
}
