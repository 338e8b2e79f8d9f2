package org.alliance.ledger.core.rules;

import java.util.List;
import java.util.Objects;
import org.alliance.ledger.core.record.RecordType;

/**
 * What {@link EvidenceRules#submit} did: the new batch, if any, and where each submitted record
 * now is. It is also the payload of the {@code EvidenceCommitted} event.
 *
 * <p>A record that was already on the ledger with identical content is reported with its
 * original location and {@code duplicate = true}. If every record was such a duplicate, no
 * batch was written and {@code batchId}, {@code alg} and {@code root} are absent.
 *
 * @param batchId the new batch's id, or {@code null} if nothing new was written
 * @param alg the new batch's hash algorithm, or {@code null}
 * @param root the new batch's Merkle root, hex, or {@code null}
 * @param records one entry per submitted record, in input order
 */
public record BatchReceipt(String batchId, String alg, String root, List<Entry> records) {
    /** Copies the entries. */
    public BatchReceipt {
        records = List.copyOf(records);
    }

    /**
     * Whether the submission wrote nothing because every record was already on the ledger.
     *
     * @return true if no batch was written
     */
    public boolean wroteNothing() {
        return batchId == null;
    }

    /**
     * Where one record is.
     *
     * @param id the record id
     * @param type the record type
     * @param hash the record hash, hex
     * @param batchId the batch that carries it
     * @param leafIndex its leaf index in that batch
     * @param duplicate whether it was already on the ledger before this submission
     */
    public record Entry(String id, RecordType type, String hash, String batchId, int leafIndex,
            boolean duplicate) {
        /** Checks that every part is present. */
        public Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(batchId, "batchId");
        }
    }
}
