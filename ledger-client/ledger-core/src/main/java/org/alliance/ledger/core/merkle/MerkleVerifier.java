package org.alliance.ledger.core.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.ProofException.Reason;

/**
 * Verification of inclusion and consistency proofs without the tree (RFC 9162 sections 2.1.3.2
 * and 2.1.4.2).
 *
 * <p>Both proofs are a chain of node hashes. The chain has two parts: "inner" levels, where the
 * leaf's path and the path of the tree's last leaf still differ, so the index bit tells which side
 * the sibling is on; and "border" levels above them, along the right edge of the tree, where every
 * sibling is on the left. Deriving the exact expected proof length from index and size, before
 * hashing, rejects padded or truncated proofs outright.
 *
 * <p>Tree sizes are authenticated only through the root they are checked against (a signed tree
 * head binds both). Two different sizes can share one proof shape, so a verifier must take the
 * size from the same authenticated source as the root.
 */
public final class MerkleVerifier {
    private MerkleVerifier() {
    }

    /**
     * Verifies that {@code leafData} is leaf {@code proof.leafIndex()} of the tree with {@code root}.
     *
     * @param algorithm the hash
     * @param leafData the leaf data (hashed here with the leaf prefix)
     * @param proof the audit path
     * @param root the expected root
     * @throws ProofException if the proof does not hold
     */
    public static void verifyInclusion(HashAlgorithm algorithm, byte[] leafData, InclusionProof proof, byte[] root) {
        Objects.requireNonNull(leafData, "leafData");
        verifyInclusionOfHash(algorithm, MerkleTree.leafHash(algorithm, leafData), proof, root);
    }

    /**
     * Verifies that the leaf with hash {@code leafHash} is leaf {@code proof.leafIndex()} of the tree
     * with {@code root}.
     *
     * @param algorithm the hash
     * @param leafHash the RFC 6962 leaf hash
     * @param proof the audit path
     * @param root the expected root
     * @throws ProofException if the proof does not hold
     */
    public static void verifyInclusionOfHash(HashAlgorithm algorithm, byte[] leafHash, InclusionProof proof, byte[] root) {
        requireHashLength(algorithm, root, "root");
        requireMatch(rootFromInclusionProof(algorithm, leafHash, proof), root, "inclusion proof");
    }

    /**
     * Computes the root that an audit path leads to from a leaf hash.
     *
     * @param algorithm the hash
     * @param leafHash the RFC 6962 leaf hash
     * @param proof the audit path
     * @return the root the proof implies
     * @throws ProofException if index, size, proof length or hash lengths are inconsistent
     */
    public static byte[] rootFromInclusionProof(HashAlgorithm algorithm, byte[] leafHash, InclusionProof proof) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(proof, "proof");
        long index = proof.leafIndex();
        long size = proof.treeSize();
        if (index >= size) {
            throw new ProofException(Reason.INDEX_OUT_OF_RANGE,
                    "leaf index " + index + " is out of range for a tree of size " + size);
        }
        requireHashLength(algorithm, leafHash, "leaf hash");
        List<byte[]> hashes = checkedHashes(algorithm, proof.sharedHashes());
        int inner = innerLevels(index, size);
        int border = Long.bitCount(index >>> inner);
        requireProofSize(hashes.size(), inner + border, "inclusion");
        // One chain from the leaf to the root: inner levels, then the border.
        Chain chain = new Chain(algorithm, leafHash);
        for (int i = 0; i < inner; i++) {
            chain.up(hashes.get(i), ((index >>> i) & 1) == 1);
        }
        for (int i = inner; i < hashes.size(); i++) {
            chain.up(hashes.get(i), true);
        }
        return chain.hash;
    }

    /**
     * Verifies that the tree with {@code oldRoot} is a prefix of the tree with {@code newRoot}.
     *
     * <p>From an empty old tree every tree is an extension: the proof must be empty and {@code
     * oldRoot} must be the empty root, but {@code newRoot} is not constrained (beyond its length).
     *
     * @param algorithm the hash
     * @param proof the consistency proof
     * @param oldRoot root of the tree of {@code proof.fromSize()} leaves
     * @param newRoot root of the tree of {@code proof.toSize()} leaves
     * @throws ProofException if the proof does not hold
     */
    public static void verifyConsistency(HashAlgorithm algorithm, ConsistencyProof proof, byte[] oldRoot, byte[] newRoot) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(proof, "proof");
        requireHashLength(algorithm, oldRoot, "old root");
        requireHashLength(algorithm, newRoot, "new root");
        List<byte[]> hashes = checkedHashes(algorithm, proof.sharedHashes());
        long from = proof.fromSize();
        long to = proof.toSize();
        if (from > to) {
            throw new ProofException(Reason.INCONSISTENT_SIZES, "old size " + from + " is larger than new size " + to);
        }
        if (from == to) {
            requireProofSize(hashes.size(), 0, "consistency");
            if (!MessageDigest.isEqual(oldRoot, newRoot)) {
                throw new ProofException(Reason.ROOT_MISMATCH,
                        "trees of equal size " + from + " have different roots");
            }
            return;
        }
        if (from == 0) {
            requireProofSize(hashes.size(), 0, "consistency");
            requireMatch(MerkleTree.emptyRoot(algorithm), oldRoot, "empty old tree");
            return;
        }
        // The old tree's last leaf (from - 1) has an audit path in the new tree; the proof is that
        // path with its lowest levels, which lie inside the old tree's rightmost complete
        // subtree, replaced by that subtree's root (or nothing when the old tree is itself
        // complete, since the verifier already holds its root).
        int inner = innerLevels(from - 1, to);
        int shift = Long.numberOfTrailingZeros(from);
        inner -= shift;
        int border = Long.bitCount((from - 1) >>> (inner + shift));
        boolean oldTreeComplete = from == 1L << shift;
        int start = oldTreeComplete ? 0 : 1;
        requireProofSize(hashes.size(), start + inner + border, "consistency");
        byte[] seed = oldTreeComplete ? oldRoot : hashes.get(0);
        List<byte[]> innerHashes = hashes.subList(start, start + inner);
        List<byte[]> borderHashes = hashes.subList(start + inner, hashes.size());
        long mask = (from - 1) >>> shift;

        byte[] old = chainBorder(algorithm, chainInnerLeftOnly(algorithm, seed, innerHashes, mask), borderHashes);
        requireMatch(old, oldRoot, "consistency proof (old root)");
        byte[] updated = chainBorder(algorithm, chainInner(algorithm, seed, innerHashes, mask), borderHashes);
        requireMatch(updated, newRoot, "consistency proof (new root)");
    }

    /**
     * Checks a hash's length for the algorithm.
     *
     * @param algorithm the hash
     * @param hash the bytes to check
     * @param what a description for the message
     * @return {@code hash}
     * @throws ProofException with {@link Reason#BAD_HASH_LENGTH}
     */
    static byte[] requireHashLength(HashAlgorithm algorithm, byte[] hash, String what) {
        if (hash == null || hash.length != algorithm.length()) {
            throw new ProofException(Reason.BAD_HASH_LENGTH, what + " must be " + algorithm.length() + " bytes for "
                    + algorithm + " but is " + (hash == null ? "missing" : hash.length + " bytes"));
        }
        return hash;
    }

    private static List<byte[]> checkedHashes(HashAlgorithm algorithm, List<byte[]> hashes) {
        for (int i = 0; i < hashes.size(); i++) {
            requireHashLength(algorithm, hashes.get(i), "proof hash " + i);
        }
        return hashes;
    }

    /** Number of levels where the paths to {@code index} and to the last leaf differ. */
    private static int innerLevels(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    private static void requireProofSize(int actual, int expected, String kind) {
        if (actual != expected) {
            throw new ProofException(Reason.WRONG_PROOF_SIZE,
                    kind + " proof has " + actual + " hashes but index and size require " + expected);
        }
    }

    private static void requireMatch(byte[] computed, byte[] expected, String what) {
        if (!MessageDigest.isEqual(computed, expected)) {
            throw new ProofException(Reason.ROOT_MISMATCH,
                    what + " leads to root " + Hex.encode(computed) + ", not the expected " + Hex.encode(expected));
        }
    }

    /** Inner levels: bit i of the index says whether the node is a right child at level i. */
    private static byte[] chainInner(HashAlgorithm algorithm, byte[] seed, List<byte[]> siblings, long index) {
        Chain chain = new Chain(algorithm, seed);
        for (int i = 0; i < siblings.size(); i++) {
            chain.up(siblings.get(i), ((index >>> i) & 1) == 1);
        }
        return chain.hash;
    }

    /**
     * Inner levels restricted to the old tree: right siblings lie beyond the old tree's end and
     * are skipped, which recomputes the old root from the same proof.
     */
    private static byte[] chainInnerLeftOnly(HashAlgorithm algorithm, byte[] seed, List<byte[]> siblings, long index) {
        Chain chain = new Chain(algorithm, seed);
        for (int i = 0; i < siblings.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                chain.up(siblings.get(i), true);
            }
        }
        return chain.hash;
    }

    /** Border levels on the right edge: every sibling is a left sibling. */
    private static byte[] chainBorder(HashAlgorithm algorithm, byte[] seed, List<byte[]> siblings) {
        Chain chain = new Chain(algorithm, seed);
        for (byte[] sibling : siblings) {
            chain.up(sibling, true);
        }
        return chain.hash;
    }

    /**
     * Node hashes up a path in one buffer with the thread's digest: the same values as {@link
     * MerkleTree#nodeHash}, without an allocation or a digest lookup per level.
     */
    private static final class Chain {
        private final MessageDigest digest;
        private final int length;
        private final byte[] input;
        private final byte[] hash;

        Chain(HashAlgorithm algorithm, byte[] seed) {
            digest = ThreadDigests.get(algorithm);
            length = algorithm.length();
            input = new byte[1 + 2 * length];
            input[0] = 0x01;
            hash = seed.clone();
        }

        /** Replaces the hash by its parent; {@code siblingOnLeft} tells the sibling's side. */
        void up(byte[] sibling, boolean siblingOnLeft) {
            System.arraycopy(sibling, 0, input, siblingOnLeft ? 1 : 1 + length, length);
            System.arraycopy(hash, 0, input, siblingOnLeft ? 1 + length : 1, length);
            digest.update(input);
            try {
                digest.digest(hash, 0, length);
            } catch (DigestException e) {
                throw new IllegalStateException("digest longer than " + length + " bytes", e);
            }
        }
    }
}
