package org.alliance.ledger.service.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.Role;

/**
 * One outbox row.
 *
 * @param id the row id
 * @param recordId the record's id, unique
 * @param recordJson the signed record, canonical JSON
 * @param status where it is
 * @param attempts how many submissions were tried
 * @param lastError the last failure (rule code and message, or the transient error), or null
 * @param txId the ledger transaction, once committed
 * @param batchId the ledger batch, once committed
 * @param createdAt when it was stored
 * @param updatedAt when it last changed
 * @param callerRole the role the ledger caller takes when submitting it
 * @param chainKey the chain the entry belongs to ({@link OutboxChain}), or null for an entry stored
 *     before chains were kept
 * @param dependsOn the chain the entry also waits behind, or null
 */
public record OutboxEntry(long id, String recordId, String recordJson, OutboxStatus status, int attempts,
        String lastError, String txId, String batchId, Instant createdAt, Instant updatedAt, Role callerRole,
        String chainKey, String dependsOn) {
    /** Checks that the mandatory parts are present. */
    public OutboxEntry {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(recordJson, "recordJson");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(callerRole, "callerRole");
    }

    /**
     * Whether the entry may still reach the ledger: PENDING (perhaps waiting to retry) or SUBMITTED.
     *
     * @return true until it is COMMITTED or FAILED
     */
    public boolean unsettled() {
        return status == OutboxStatus.PENDING || status == OutboxStatus.SUBMITTED;
    }

    /**
     * The signed record this entry holds.
     *
     * @return the record, parsed from its canonical JSON
     */
    public SignedRecord signedRecord() {
        return RecordCodec.parse(recordJson.getBytes(StandardCharsets.UTF_8));
    }
}
