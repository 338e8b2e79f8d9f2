package org.alliance.ledger.core.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * An immutable RFC 6962 Merkle tree over a list of leaves.
 *
 * <p>Building costs one hash per node, O(n). The tree keeps the hash of every complete aligned
 * subtree (each level of a perfect binary tree, as far as it is filled), so the hash of any range
 * that RFC 6962's recursion asks for is found in O(log n), and proofs cost O(log n) each.
 */
public final class MerkleTree {
    private static final byte[] LEAF_PREFIX = {0x00};
    private static final byte[] NODE_PREFIX = {0x01};
    /** How many inner nodes between two progress reports. */
    private static final int PROGRESS_STEP = 1 << 16;

    private final HashAlgorithm algorithm;
    /** levels.get(h)[i] is the hash of leaves [i * 2^h, (i + 1) * 2^h). */
    private final List<byte[][]> levels;
    private final int size;
    private final RangeProofs proofs;
    private final byte[] root;

    private MerkleTree(HashAlgorithm algorithm, List<byte[][]> levels, int size) {
        this.algorithm = algorithm;
        this.levels = levels;
        this.size = size;
        this.proofs = new RangeProofs(algorithm, (level, index) -> levels.get(level)[index]);
        this.root = size == 0 ? emptyRoot(algorithm) : proofs.rangeHash(0, size);
    }

    /**
     * Builds a tree from leaf data.
     *
     * @param algorithm the hash
     * @param leaves the leaf data in order (not leaf hashes); copied
     * @return the tree
     */
    public static MerkleTree of(HashAlgorithm algorithm, List<byte[]> leaves) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(leaves, "leaves");
        byte[][] hashes = new byte[leaves.size()][];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = leafHash(algorithm, Objects.requireNonNull(leaves.get(i), "leaf"));
        }
        return build(algorithm, hashes);
    }

    /**
     * Builds a tree from leaf hashes that were computed elsewhere (for example stored in a batch).
     *
     * @param algorithm the hash
     * @param leafHashes the leaf hashes in order, each {@code algorithm.length()} bytes; copied
     * @return the tree
     * @throws ProofException with {@link ProofException.Reason#BAD_HASH_LENGTH} for a wrong length
     */
    public static MerkleTree ofLeafHashes(HashAlgorithm algorithm, List<byte[]> leafHashes) {
        return ofLeafHashes(algorithm, leafHashes, hashed -> { });
    }

    /**
     * Builds a tree from leaf hashes as {@link #ofLeafHashes(HashAlgorithm, List)} does, telling
     * how many inner nodes it has hashed as it goes, for a progress display over a large tree.
     *
     * @param algorithm the hash
     * @param leafHashes the leaf hashes in order, each {@code algorithm.length()} bytes; copied
     * @param innerNodesHashed told the count of inner nodes hashed so far, every {@value
     *     #PROGRESS_STEP} nodes and at the end of each level
     * @return the tree
     * @throws ProofException with {@link ProofException.Reason#BAD_HASH_LENGTH} for a wrong length
     */
    public static MerkleTree ofLeafHashes(HashAlgorithm algorithm, List<byte[]> leafHashes,
            LongConsumer innerNodesHashed) {
        Objects.requireNonNull(algorithm, "algorithm");
        byte[][] hashes = new byte[leafHashes.size()][];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = MerkleVerifier.requireHashLength(algorithm, leafHashes.get(i), "leaf hash " + i).clone();
        }
        return build(algorithm, hashes, Objects.requireNonNull(innerNodesHashed, "innerNodesHashed"));
    }

    private static MerkleTree build(HashAlgorithm algorithm, byte[][] leafHashes) {
        return build(algorithm, leafHashes, hashed -> { });
    }

    private static MerkleTree build(HashAlgorithm algorithm, byte[][] leafHashes, LongConsumer innerNodesHashed) {
        List<byte[][]> levels = new ArrayList<>();
        byte[][] level = leafHashes;
        levels.add(level);
        long hashed = 0;
        while (level.length > 1) {
            byte[][] up = new byte[level.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = nodeHash(algorithm, level[2 * i], level[2 * i + 1]);
                if (++hashed % PROGRESS_STEP == 0) {
                    innerNodesHashed.accept(hashed);
                }
            }
            innerNodesHashed.accept(hashed);
            levels.add(up);
            level = up;
        }
        return new MerkleTree(algorithm, Collections.unmodifiableList(levels), leafHashes.length);
    }

    /**
     * Returns the RFC 6962 leaf hash {@code H(0x00 || data)}.
     *
     * @param algorithm the hash
     * @param data the leaf data
     * @return the leaf hash
     */
    public static byte[] leafHash(HashAlgorithm algorithm, byte[] data) {
        Objects.requireNonNull(data, "data");
        MessageDigest digest = ThreadDigests.get(algorithm);
        digest.update(LEAF_PREFIX);
        digest.update(data);
        return digest.digest();
    }

    /**
     * Returns the RFC 6962 inner node hash {@code H(0x01 || left || right)}.
     *
     * @param algorithm the hash
     * @param left the left child hash
     * @param right the right child hash
     * @return the node hash
     */
    public static byte[] nodeHash(HashAlgorithm algorithm, byte[] left, byte[] right) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        MessageDigest digest = ThreadDigests.get(algorithm);
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /**
     * Returns the root of the empty tree, {@code H()}.
     *
     * @param algorithm the hash
     * @return the hash of the empty string
     */
    public static byte[] emptyRoot(HashAlgorithm algorithm) {
        return algorithm.digest();
    }

    /**
     * Returns the hash algorithm of this tree.
     *
     * @return the algorithm
     */
    public HashAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Returns the number of leaves.
     *
     * @return the tree size
     */
    public int size() {
        return size;
    }

    /**
     * Returns the root hash.
     *
     * @return a copy of the root
     */
    public byte[] root() {
        return root.clone();
    }

    /**
     * Returns the hash of leaf {@code index}.
     *
     * @param index the leaf index
     * @return a copy of the leaf hash
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE}
     */
    public byte[] leafHash(int index) {
        checkIndex(index);
        return levels.get(0)[index].clone();
    }

    /**
     * Returns the root of the tree made of the first {@code treeSize} leaves, as it was when the
     * tree had that size.
     *
     * @param treeSize 0 to {@link #size()}
     * @return the root of that prefix
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE}
     */
    public byte[] rootAt(int treeSize) {
        RangeProofs.checkSize(treeSize, "tree size", size);
        return treeSize == 0 ? emptyRoot(algorithm) : proofs.rangeHash(0, treeSize);
    }

    /**
     * Produces the RFC 6962 audit path for a leaf.
     *
     * @param index the leaf index
     * @return the inclusion proof against {@link #root()}
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE}
     */
    public InclusionProof inclusionProof(int index) {
        checkIndex(index);
        List<byte[]> path = new ArrayList<>();
        proofs.auditPath(index, 0, size, path);
        return new InclusionProof(index, size, path);
    }

    /**
     * Produces the RFC 6962 consistency proof between two sizes of this tree.
     *
     * @param fromSize the old size, 0 to {@code toSize}
     * @param toSize the new size, up to {@link #size()}
     * @return the proof; empty when {@code fromSize} is 0 or equals {@code toSize}
     * @throws ProofException with {@link ProofException.Reason#INDEX_OUT_OF_RANGE} for a size
     *     beyond the tree, or {@link ProofException.Reason#INCONSISTENT_SIZES} when {@code
     *     fromSize > toSize}
     */
    public ConsistencyProof consistencyProof(int fromSize, int toSize) {
        return proofs.consistency(fromSize, toSize, size);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new ProofException(ProofException.Reason.INDEX_OUT_OF_RANGE,
                    "leaf index " + index + " is out of range for a tree of size " + size);
        }
    }
}
