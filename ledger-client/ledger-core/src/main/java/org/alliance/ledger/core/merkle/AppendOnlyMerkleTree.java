package org.alliance.ledger.core.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * An RFC 6962 tree that grows by appending, and answers for every size it has had: roots, audit
 * paths and consistency proofs between any two sizes.
 *
 * <p>It keeps the hash of every complete aligned subtree, about two hashes per leaf, which a
 * subtree never changes once complete. An append costs O(1) hashes amortised (at most one per
 * level it completes), a root O(log n) and a proof O(log² n) at most, whatever the size: a log
 * that grows for years and answers each witness never rehashes its history. Instances are thread
 * safe.
 */
public final class AppendOnlyMerkleTree {
    private final HashAlgorithm algorithm;
    /** levels.get(h).get(i) is the hash of leaves [i * 2^h, (i + 1) * 2^h). */
    private final List<List<byte[]>> levels = new ArrayList<>();
    private final RangeProofs proofs;

    /**
     * Creates an empty tree.
     *
     * @param algorithm the hash
     */
    public AppendOnlyMerkleTree(HashAlgorithm algorithm) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.levels.add(new ArrayList<>());
        this.proofs = new RangeProofs(algorithm, (level, index) -> levels.get(level).get(index));
    }

    /**
     * Appends a leaf.
     *
     * @param data the leaf data (not its hash)
     * @return the leaf's index
     */
    public synchronized long append(byte[] data) {
        byte[] hash = MerkleTree.leafHash(algorithm, data);
        long index = levels.getFirst().size();
        levels.getFirst().add(hash);
        // A leaf with an odd index completes its pair, and so on up: binary carry.
        for (int h = 0; levels.get(h).size() % 2 == 0; h++) {
            List<byte[]> level = levels.get(h);
            if (levels.size() == h + 1) {
                levels.add(new ArrayList<>());
            }
            hash = MerkleTree.nodeHash(algorithm, level.get(level.size() - 2), level.getLast());
            levels.get(h + 1).add(hash);
        }
        return index;
    }

    /**
     * The number of leaves.
     *
     * @return the size
     */
    public synchronized long size() {
        return levels.getFirst().size();
    }

    /**
     * The root the tree had at a size.
     *
     * @param treeSize 0 to {@link #size()}
     * @return the root, {@code H()} for 0
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE}
     */
    public synchronized byte[] rootAt(long treeSize) {
        RangeProofs.checkSize(treeSize, "tree size", levels.getFirst().size());
        return treeSize == 0 ? MerkleTree.emptyRoot(algorithm) : proofs.rangeHash(0, (int) treeSize).clone();
    }

    /**
     * The audit path of a leaf in the tree of a size.
     *
     * @param index the leaf index, below {@code treeSize}
     * @param treeSize the size of the tree the proof is against, at most {@link #size()}
     * @return the RFC 6962 proof
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE}
     */
    public synchronized InclusionProof inclusionProof(long index, long treeSize) {
        RangeProofs.checkSize(treeSize, "tree size", levels.getFirst().size());
        if (index < 0 || index >= treeSize) {
            throw new ProofException(ProofException.Reason.INDEX_OUT_OF_RANGE,
                    "leaf index " + index + " is out of range for a tree of size " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        proofs.auditPath((int) index, 0, (int) treeSize, path);
        return new InclusionProof(index, treeSize, path);
    }

    /**
     * The consistency proof between two sizes.
     *
     * @param fromSize the old size, 0 to {@code toSize}
     * @param toSize the new size, at most {@link #size()}
     * @return the RFC 6962 proof; empty when {@code fromSize} is 0 or equals {@code toSize}
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE} for a size
     *     beyond the tree, or {@link ProofException.Reason#INCONSISTENT_SIZES} when {@code
     *     fromSize > toSize}
     */
    public synchronized ConsistencyProof consistencyProof(long fromSize, long toSize) {
        return proofs.consistency(fromSize, toSize, levels.getFirst().size());
    }
}
