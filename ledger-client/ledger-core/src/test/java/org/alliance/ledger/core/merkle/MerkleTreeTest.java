package org.alliance.ledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final HashAlgorithm SHA = HashAlgorithm.SHA256;

    @Test
    void buildingReportsTheInnerNodesItHashesUpToTheLast() {
        int n = 200_001;
        List<byte[]> leafHashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            leafHashes.add(MerkleTree.leafHash(HashAlgorithm.SHA256, ByteBuffer.allocate(4).putInt(i).array()));
        }
        List<Long> reports = new ArrayList<>();
        MerkleTree tree = MerkleTree.ofLeafHashes(HashAlgorithm.SHA256, leafHashes, reports::add);
        assertThat(tree.root()).isEqualTo(MerkleTree.ofLeafHashes(HashAlgorithm.SHA256, leafHashes).root());
        long stored = 0;
        for (long len = n; len > 1; len /= 2) {
            stored += len / 2;
        }
        assertThat(reports).isSorted().contains(65_536L).endsWith(stored);
        assertThat(reports.getFirst()).isPositive();
    }

    @Test
    void rootsOfZeroToEightLeavesMatchTheCtVectors() {
        for (int n = 0; n <= 8; n++) {
            MerkleTree tree = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES.subList(0, n));
            assertThat(tree.size()).isEqualTo(n);
            assertThat(Hex.encode(tree.root())).as("root of %d leaves", n).isEqualTo(Rfc6962Vectors.ROOTS.get(n));
        }
        MerkleTree full = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES);
        for (int n = 0; n <= 8; n++) {
            assertThat(Hex.encode(full.rootAt(n))).isEqualTo(Rfc6962Vectors.ROOTS.get(n));
        }
        for (int i = 0; i < 8; i++) {
            assertThat(Hex.encode(full.leafHash(i))).isEqualTo(Rfc6962Vectors.LEAF_HASHES.get(i));
        }
        assertThat(Hex.encode(MerkleTree.emptyRoot(SHA))).isEqualTo(Rfc6962Vectors.ROOTS.get(0));
    }

    @Test
    void inclusionProofsMatchTheCtVectors() {
        for (Rfc6962Vectors.Inclusion v : Rfc6962Vectors.INCLUSION) {
            MerkleTree tree = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES.subList(0, v.size()));
            InclusionProof proof = tree.inclusionProof(v.index());
            assertThat(proof).isEqualTo(new InclusionProof(v.index(), v.size(), Rfc6962Vectors.hex(v.path())));
            MerkleVerifier.verifyInclusion(SHA, Rfc6962Vectors.LEAVES.get(v.index()), proof,
                    Hex.decode(Rfc6962Vectors.ROOTS.get(v.size())));
        }
    }

    @Test
    void consistencyProofsMatchTheCtVectors() {
        MerkleTree tree = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES);
        for (Rfc6962Vectors.Consistency v : Rfc6962Vectors.CONSISTENCY) {
            ConsistencyProof proof = tree.consistencyProof(v.from(), v.to());
            assertThat(proof).isEqualTo(new ConsistencyProof(v.from(), v.to(), Rfc6962Vectors.hex(v.proof())));
            MerkleVerifier.verifyConsistency(SHA, proof, Hex.decode(Rfc6962Vectors.ROOTS.get(v.from())),
                    Hex.decode(Rfc6962Vectors.ROOTS.get(v.to())));
        }
    }

    @Test
    void agreesWithTheRecursiveDefinitionAndEveryProofVerifies() {
        for (HashAlgorithm alg : HashAlgorithm.values()) {
            List<byte[]> leaves = new ArrayList<>();
            for (int n = 0; n <= 40; n++) {
                MerkleTree tree = MerkleTree.of(alg, leaves);
                assertThat(tree.root()).isEqualTo(referenceRoot(alg, leaves));
                for (int i = 0; i < n; i++) {
                    MerkleVerifier.verifyInclusion(alg, leaves.get(i), tree.inclusionProof(i), tree.root());
                }
                for (int m = 0; m <= n; m++) {
                    MerkleVerifier.verifyConsistency(alg, tree.consistencyProof(m, n), tree.rootAt(m), tree.root());
                }
                leaves.add(ByteBuffer.allocate(4).putInt(n * 7919).array());
            }
        }
    }

    @Test
    void leafHashesAndDataGiveTheSameTree() {
        MerkleTree byData = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES);
        MerkleTree byHash = MerkleTree.ofLeafHashes(SHA, Rfc6962Vectors.hex(Rfc6962Vectors.LEAF_HASHES));
        assertThat(byHash.root()).isEqualTo(byData.root());
        assertThatThrownBy(() -> MerkleTree.ofLeafHashes(SHA, List.of(new byte[31])))
                .isInstanceOfSatisfying(ProofException.class,
                        e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.BAD_HASH_LENGTH));
    }

    @Test
    void outOfRangeRequestsAreTyped() {
        MerkleTree tree = MerkleTree.of(SHA, Rfc6962Vectors.LEAVES.subList(0, 3));
        for (int bad : new int[] {-1, 3, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> tree.inclusionProof(bad)).isInstanceOfSatisfying(ProofException.class,
                    e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.INDEX_OUT_OF_RANGE));
        }
        assertThatThrownBy(() -> tree.consistencyProof(1, 4)).isInstanceOfSatisfying(ProofException.class,
                e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.INDEX_OUT_OF_RANGE));
        assertThatThrownBy(() -> tree.consistencyProof(3, 2)).isInstanceOfSatisfying(ProofException.class,
                e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.INCONSISTENT_SIZES));
        assertThatThrownBy(() -> MerkleTree.of(SHA, List.of()).inclusionProof(0)).isInstanceOf(ProofException.class);
    }

    @Test
    void hundredThousandLeavesAreFast() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            leaves.add(ByteBuffer.allocate(4).putInt(i).array());
        }
        long start = System.nanoTime();
        MerkleTree tree = MerkleTree.of(SHA, leaves);
        InclusionProof proof = tree.inclusionProof(77_777);
        ConsistencyProof consistency = tree.consistencyProof(54_321, 100_000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        MerkleVerifier.verifyInclusion(SHA, leaves.get(77_777), proof, tree.root());
        MerkleVerifier.verifyConsistency(SHA, consistency, tree.rootAt(54_321), tree.root());
        assertThat(proof.hashes()).hasSize(17);
        // About 200,000 SHA-256 computations; generous bound so slow CI machines do not flake.
        assertThat(millis).isLessThan(5_000);
    }

    /** MTH straight from RFC 6962 section 2.1, recursive and slow, as an independent oracle. */
    static byte[] referenceRoot(HashAlgorithm alg, List<byte[]> leaves) {
        int n = leaves.size();
        if (n == 0) {
            return alg.digest();
        }
        if (n == 1) {
            return alg.digest(new byte[] {0}, leaves.get(0));
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return alg.digest(new byte[] {1}, referenceRoot(alg, leaves.subList(0, k)), referenceRoot(alg, leaves.subList(k, n)));
    }
}
