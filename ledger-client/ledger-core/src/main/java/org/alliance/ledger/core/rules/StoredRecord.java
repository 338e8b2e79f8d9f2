package org.alliance.ledger.core.rules;

import java.util.Objects;
import org.alliance.ledger.core.record.SignedRecord;

/**
 * A record as the ledger stores it, with where it was committed.
 *
 * @param signedRecord the signed record
 * @param hash the record hash, lowercase hex (algorithm: the record's {@code hashAlg})
 * @param batchId the batch that carries it
 * @param leafIndex its leaf in the batch's Merkle tree
 * @param txId the transaction that wrote it
 * @param txTime the transaction time, RFC 3339
 */
public record StoredRecord(SignedRecord signedRecord, String hash, String batchId, int leafIndex,
        String txId, String txTime) {
    /** Checks that every part is present. */
    public StoredRecord {
        Objects.requireNonNull(signedRecord, "signedRecord");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(txTime, "txTime");
    }
}
