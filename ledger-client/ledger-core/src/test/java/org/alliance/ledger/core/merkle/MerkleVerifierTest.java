package org.alliance.ledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.merkle.ProofException.Reason;
import org.junit.jupiter.api.Test;

class MerkleVerifierTest {
    private static final HashAlgorithm SHA = HashAlgorithm.SHA256;
    private static final MerkleTree TREE = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES);

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static boolean inclusionHolds(byte[] leaf, InclusionProof proof, byte[] root) {
        try {
            MerkleVerifier.verifyInclusion(SHA, leaf, proof, root);
            return true;
        } catch (ProofException e) {
            return false;
        }
    }

    private static boolean consistencyHolds(ConsistencyProof proof, byte[] oldRoot, byte[] newRoot) {
        try {
            MerkleVerifier.verifyConsistency(SHA, proof, oldRoot, newRoot);
            return true;
        } catch (ProofException e) {
            return false;
        }
    }

    /**
     * Sibling sides along the RFC 6962 PATH recursion, bottom first (true = sibling on the left).
     * Two (index, size) pairs with the same sides chain hashes identically, so the size cannot be
     * told apart from the proof alone.
     */
    private static List<Boolean> sides(long index, long size) {
        if (size <= 1) {
            return new ArrayList<>();
        }
        long k = Long.highestOneBit(size - 1);
        List<Boolean> below = index < k ? sides(index, k) : sides(index - k, size - k);
        below.add(index >= k);
        return below;
    }

    @Test
    void everySingleBitChangeOfAnInclusionProofFails() {
        for (int n = 1; n <= 8; n++) {
            MerkleTree tree = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES.subList(0, n));
            byte[] root = tree.root();
            for (int i = 0; i < n; i++) {
                byte[] leaf = Rfc6962Vectors.LEAVES.get(i);
                InclusionProof proof = tree.inclusionProof(i);
                assertThat(inclusionHolds(leaf, proof, root)).isTrue();
                for (int bit = 0; bit < root.length * 8; bit++) {
                    assertThat(inclusionHolds(leaf, proof, flip(root, bit))).isFalse();
                }
                for (int bit = 0; bit < leaf.length * 8; bit++) {
                    assertThat(inclusionHolds(flip(leaf, bit), proof, root)).isFalse();
                }
                byte[] leafHash = tree.leafHash(i);
                for (int bit = 0; bit < leafHash.length * 8; bit++) {
                    byte[] bad = flip(leafHash, bit);
                    assertThatThrownBy(() -> MerkleVerifier.verifyInclusionOfHash(SHA, bad, proof, root))
                            .isInstanceOf(ProofException.class);
                }
                List<byte[]> hashes = proof.hashes();
                for (int h = 0; h < hashes.size(); h++) {
                    for (int bit = 0; bit < 256; bit++) {
                        List<byte[]> tampered = new ArrayList<>(hashes);
                        tampered.set(h, flip(hashes.get(h), bit));
                        assertThat(inclusionHolds(leaf, new InclusionProof(i, n, tampered), root)).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void changingIndexOrSizeFailsUnlessTheProofShapeIsIdentical() {
        for (int n = 1; n <= 8; n++) {
            MerkleTree tree = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES.subList(0, n));
            for (int i = 0; i < n; i++) {
                InclusionProof proof = tree.inclusionProof(i);
                for (long otherIndex = 0; otherIndex <= 17; otherIndex++) {
                    for (long otherSize = 0; otherSize <= 17; otherSize++) {
                        if (otherIndex == i && otherSize == n) {
                            continue;
                        }
                        boolean holds = inclusionHolds(Rfc6962Vectors.LEAVES.get(i),
                                new InclusionProof(otherIndex, otherSize, proof.hashes()), tree.root());
                        boolean sameShape = otherIndex < otherSize
                                && sides(otherIndex, otherSize).equals(sides(i, n));
                        assertThat(holds).as("leaf %d of %d claimed as %d of %d", i, n, otherIndex, otherSize)
                                .isEqualTo(sameShape);
                        if (otherSize == n) {
                            assertThat(holds).isFalse();
                        }
                    }
                }
            }
        }
    }

    @Test
    void everySingleBitChangeOfAConsistencyProofFails() {
        for (int to = 1; to <= 8; to++) {
            for (int from = 1; from <= to; from++) {
                ConsistencyProof proof = TREE.consistencyProof(from, to);
                byte[] oldRoot = TREE.rootAt(from);
                byte[] newRoot = TREE.rootAt(to);
                assertThat(consistencyHolds(proof, oldRoot, newRoot)).isTrue();
                for (int bit = 0; bit < 256; bit++) {
                    assertThat(consistencyHolds(proof, flip(oldRoot, bit), newRoot)).isFalse();
                    assertThat(consistencyHolds(proof, oldRoot, flip(newRoot, bit))).isFalse();
                }
                List<byte[]> hashes = proof.hashes();
                for (int h = 0; h < hashes.size(); h++) {
                    for (int bit = 0; bit < 256; bit++) {
                        List<byte[]> tampered = new ArrayList<>(hashes);
                        tampered.set(h, flip(hashes.get(h), bit));
                        assertThat(consistencyHolds(new ConsistencyProof(from, to, tampered), oldRoot, newRoot)).isFalse();
                    }
                }
                if (from < to) {
                    assertThat(consistencyHolds(proof, newRoot, oldRoot)).as("swapped roots").isFalse();
                    assertThat(consistencyHolds(new ConsistencyProof(from, to, hashes.subList(0, hashes.size() - 1)),
                            oldRoot, newRoot)).as("truncated").isFalse();
                    List<byte[]> longer = new ArrayList<>(hashes);
                    longer.add(newRoot);
                    assertThat(consistencyHolds(new ConsistencyProof(from, to, longer), oldRoot, newRoot))
                            .as("extended").isFalse();
                }
            }
        }
    }

    @Test
    void ctSuiteSizeCorruptionsOfConsistencyProofsFail() {
        for (Rfc6962Vectors.Consistency v : Rfc6962Vectors.CONSISTENCY) {
            if (v.from() == v.to()) {
                continue;
            }
            byte[] oldRoot = Hex.decode(Rfc6962Vectors.ROOTS.get(v.from()));
            byte[] newRoot = Hex.decode(Rfc6962Vectors.ROOTS.get(v.to()));
            List<byte[]> hashes = Rfc6962Vectors.hex(v.proof());
            long[][] sizes = {{v.from() - 1, v.to()}, {v.from() + 1, v.to()}, {v.from() ^ 2, v.to()},
                {v.from(), v.to() * 2L}, {v.from(), v.to() / 2}};
            for (long[] s : sizes) {
                assertThat(consistencyHolds(new ConsistencyProof(s[0], s[1], hashes), oldRoot, newRoot))
                        .as("%d -> %d claimed as %d -> %d", v.from(), v.to(), s[0], s[1]).isFalse();
            }
        }
    }

    @Test
    void reasonsAreSpecific() {
        byte[] root = TREE.root();
        InclusionProof proof = TREE.inclusionProof(3);
        byte[] leaf = Rfc6962Vectors.LEAVES.get(3);
        assertThat(reason(() -> MerkleVerifier.verifyInclusion(SHA, leaf, new InclusionProof(8, 8, proof.hashes()), root)))
                .isEqualTo(Reason.INDEX_OUT_OF_RANGE);
        assertThat(reason(() -> MerkleVerifier.verifyInclusion(SHA, leaf, new InclusionProof(3, 8, List.of()), root)))
                .isEqualTo(Reason.WRONG_PROOF_SIZE);
        assertThat(reason(() -> MerkleVerifier.verifyInclusion(SHA, leaf, proof, new byte[31])))
                .isEqualTo(Reason.BAD_HASH_LENGTH);
        assertThat(reason(() -> MerkleVerifier.verifyInclusionOfHash(SHA, new byte[33], proof, root)))
                .isEqualTo(Reason.BAD_HASH_LENGTH);
        List<byte[]> shortHash = new ArrayList<>(proof.hashes());
        shortHash.set(1, new byte[16]);
        assertThat(reason(() -> MerkleVerifier.verifyInclusion(SHA, leaf, new InclusionProof(3, 8, shortHash), root)))
                .isEqualTo(Reason.BAD_HASH_LENGTH);
        assertThat(reason(() -> MerkleVerifier.verifyInclusion(SHA, Rfc6962Vectors.LEAVES.get(2), proof, root)))
                .isEqualTo(Reason.ROOT_MISMATCH);
        assertThat(reason(() -> MerkleVerifier.verifyConsistency(SHA, new ConsistencyProof(5, 4, List.of()), root, root)))
                .isEqualTo(Reason.INCONSISTENT_SIZES);
        assertThat(reason(() -> MerkleVerifier.verifyConsistency(SHA, new ConsistencyProof(4, 4, List.of()),
                TREE.rootAt(4), root))).isEqualTo(Reason.ROOT_MISMATCH);
        assertThat(reason(() -> MerkleVerifier.verifyConsistency(SHA, new ConsistencyProof(4, 4, List.of(root)),
                root, root))).isEqualTo(Reason.WRONG_PROOF_SIZE);
    }

    @Test
    void emptyOldTreeNeedsTheEmptyRootAndAnEmptyProof() {
        byte[] empty = MerkleTree.emptyRoot(SHA);
        MerkleVerifier.verifyConsistency(SHA, new ConsistencyProof(0, 8, List.of()), empty, TREE.root());
        MerkleVerifier.verifyConsistency(SHA, new ConsistencyProof(0, 0, List.of()), empty, empty);
        assertThat(consistencyHolds(new ConsistencyProof(0, 8, List.of()), TREE.root(), TREE.root())).isFalse();
        assertThat(consistencyHolds(new ConsistencyProof(0, 8, List.of(empty)), empty, TREE.root())).isFalse();
    }

    @Test
    void sm3TreesVerifyAndDifferFromSha256() {
        MerkleTree sm3 = MerkleTree.of(HashAlgorithm.SM3, Rfc6962Vectors.LEAVES);
        assertThat(sm3.root()).isNotEqualTo(TREE.root());
        MerkleVerifier.verifyInclusion(HashAlgorithm.SM3, Rfc6962Vectors.LEAVES.get(6), sm3.inclusionProof(6), sm3.root());
        assertThat(reason(() -> MerkleVerifier.verifyInclusion(SHA, Rfc6962Vectors.LEAVES.get(6), sm3.inclusionProof(6),
                sm3.root()))).isEqualTo(Reason.ROOT_MISMATCH);
    }

    private static Reason reason(Runnable action) {
        ProofException e = catchThrowableOfType(ProofException.class, action::run);
        assertThat(e).as("expected a ProofException").isNotNull();
        return e.reason();
    }
}
