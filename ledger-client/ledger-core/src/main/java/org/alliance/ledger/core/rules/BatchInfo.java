package org.alliance.ledger.core.rules;

import java.util.List;
import java.util.Objects;

/**
 * A committed batch: the Merkle tree over its records' hashes.
 *
 * @param batchId the batch id (the transaction id)
 * @param alg the hash algorithm of the tree
 * @param root the tree root, lowercase hex
 * @param leafHashes the RFC 6962 leaf hashes {@code H(0x00 || recordHash)}, in leaf order, hex
 * @param org the org that submitted the batch
 * @param txId the transaction id
 * @param txTime the transaction time, RFC 3339
 */
public record BatchInfo(String batchId, String alg, String root, List<String> leafHashes, String org,
        String txId, String txTime) {
    /** Checks and copies. */
    public BatchInfo {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(root, "root");
        leafHashes = List.copyOf(leafHashes);
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(txTime, "txTime");
    }

    /**
     * The world-state key under which a batch is stored, which the transaction that committed it
     * writes: what an offline verifier looks for in the transaction's write set.
     *
     * @param batchId the batch id
     * @return the composite key
     */
    public static String stateKey(String batchId) {
        return StateKeys.batch(batchId);
    }
}
