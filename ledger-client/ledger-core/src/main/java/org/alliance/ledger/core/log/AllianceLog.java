package org.alliance.ledger.core.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.merkle.AppendOnlyMerkleTree;
import org.alliance.ledger.core.merkle.ConsistencyProof;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.ProofException;
import org.alliance.ledger.core.rules.BatchReceipt;

/**
 * The alliance log: an append-only RFC 6962 tree whose leaves are the committed batch roots, in
 * ledger order. Leaf {@code i} is the data of the {@code i}-th batch root (the raw digest bytes),
 * so the leaf hash is {@code H(0x00 || root)}, the same tree a {@code CHECKPOINT} record's root is
 * computed over.
 *
 * <p>The tree keeps every complete subtree's hash ({@link AppendOnlyMerkleTree}), so an append
 * costs O(1) hashes amortised, and a root or a proof from any earlier size O(log² n) at most:
 * producing a checkpoint and answering each witness never rehashes the history. Instances are
 * thread safe.
 */
public final class AllianceLog {
    private final String allianceId;
    private final HashAlgorithm algorithm;
    private final List<byte[]> leaves = new ArrayList<>();
    private final AppendOnlyMerkleTree tree;

    /**
     * Creates an empty log.
     *
     * @param allianceId the alliance this log belongs to; it names the log in every checkpoint
     * @param algorithm the hash of the tree, also the hash of the batch roots it holds
     * @throws org.alliance.ledger.core.error.RuleException if the alliance id is malformed
     */
    public AllianceLog(String allianceId, HashAlgorithm algorithm) {
        this.allianceId = Checkpoint.requireAllianceId(allianceId);
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.tree = new AppendOnlyMerkleTree(algorithm);
    }

    /**
     * The alliance this log belongs to.
     *
     * @return the alliance id
     */
    public String allianceId() {
        return allianceId;
    }

    /**
     * The tree's hash algorithm.
     *
     * @return the algorithm
     */
    public HashAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Appends a batch root.
     *
     * @param batchRoot the root digest of the next committed batch, {@code algorithm().length()} bytes
     * @return the leaf index it got
     * @throws IllegalArgumentException if the root has the wrong length
     */
    public synchronized long append(byte[] batchRoot) {
        Objects.requireNonNull(batchRoot, "batchRoot");
        if (batchRoot.length != algorithm.length()) {
            throw new IllegalArgumentException("a " + algorithm + " batch root has " + algorithm.length()
                    + " bytes, got " + batchRoot.length);
        }
        leaves.add(batchRoot.clone());
        return tree.append(batchRoot);
    }

    /**
     * Appends the root of a committed batch, as the ledger's committed-event stream reports it.
     *
     * @param batch the committed batch
     * @return the leaf index it got
     * @throws IllegalArgumentException if the batch wrote nothing or uses another hash algorithm
     */
    public long append(CommittedBatch batch) {
        BatchReceipt receipt = Objects.requireNonNull(batch, "batch").receipt();
        if (receipt.wroteNothing()) {
            throw new IllegalArgumentException("transaction " + batch.transactionId() + " wrote no batch");
        }
        if (!algorithm.id().equals(receipt.alg())) {
            throw new IllegalArgumentException("batch " + receipt.batchId() + " is hashed with " + receipt.alg()
                    + " but the alliance log uses " + algorithm);
        }
        return append(Hex.decode(receipt.root(), algorithm.length()));
    }

    /**
     * The number of batch roots in the log.
     *
     * @return the tree size
     */
    public synchronized long size() {
        return leaves.size();
    }

    /**
     * The current root, {@code H()} for the empty log.
     *
     * @return the root digest
     */
    public synchronized byte[] root() {
        return tree.rootAt(leaves.size());
    }

    /**
     * The root the log had at a size.
     *
     * @param treeSize 0 to {@link #size()}
     * @return the root digest of the first {@code treeSize} batch roots
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE}
     */
    public synchronized byte[] rootAt(long treeSize) {
        return tree.rootAt(treeSize);
    }

    /**
     * The batch root stored at a leaf.
     *
     * @param index the leaf index
     * @return a copy of the root
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE}
     */
    public synchronized byte[] leaf(long index) {
        requireSize(index + 1, "leaf index " + index);
        return leaves.get((int) index).clone();
    }

    /**
     * An unsigned checkpoint of the current tree.
     *
     * @param org the member that will sign it
     * @param time the checkpoint's time
     * @return the checkpoint
     */
    public synchronized Checkpoint checkpoint(String org, Instant time) {
        return Checkpoint.of(allianceId, org, leaves.size(), root(), algorithm, time);
    }

    /**
     * The consistency proof between two sizes of the log.
     *
     * @param fromSize the old size
     * @param toSize the new size, at most {@link #size()}
     * @return the RFC 6962 proof
     * @throws ProofException if a size is out of range or {@code fromSize > toSize}
     */
    public synchronized ConsistencyProof consistencyProof(long fromSize, long toSize) {
        return tree.consistencyProof(fromSize, toSize);
    }

    /**
     * The inclusion proof of a batch root in the tree of a given size.
     *
     * @param index the leaf index
     * @param treeSize the size of the tree the proof is against, at most {@link #size()}
     * @return the RFC 6962 audit path
     * @throws ProofException if the index or size is out of range
     */
    public synchronized InclusionProof inclusionProof(long index, long treeSize) {
        return tree.inclusionProof(index, treeSize);
    }

    private void requireSize(long treeSize, String what) {
        if (treeSize < 0 || treeSize > leaves.size()) {
            throw new ProofException(ProofException.Reason.INDEX_OUT_OF_RANGE,
                    what + " is out of range for an alliance log of size " + leaves.size());
        }
    }
}
