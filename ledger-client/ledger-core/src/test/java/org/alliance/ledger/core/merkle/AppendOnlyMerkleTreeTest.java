package org.alliance.ledger.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.junit.jupiter.api.Test;

class AppendOnlyMerkleTreeTest {
    private static final int SIZES = 70;

    /**
     * Every root, audit path and consistency proof of every size the growing tree has had equals
     * the one a tree built from scratch over that prefix gives, and verifies (the verifier throws
     * on a bad proof).
     */
    @Test
    void answersForEveryEarlierSizeAsATreeBuiltFromThatPrefix() {
        for (HashAlgorithm algorithm : List.of(HashAlgorithm.SHA256, HashAlgorithm.SM3)) {
            AppendOnlyMerkleTree growing = new AppendOnlyMerkleTree(algorithm);
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < SIZES; i++) {
                byte[] leaf = ("leaf " + i).getBytes(StandardCharsets.UTF_8);
                leaves.add(leaf);
                assertThat(growing.append(leaf)).isEqualTo(i);
            }
            assertThat(growing.size()).isEqualTo(SIZES);
            assertThat(growing.rootAt(0)).isEqualTo(MerkleTree.emptyRoot(algorithm));
            for (int to = 1; to <= SIZES; to++) {
                MerkleTree prefix = MerkleTree.of(algorithm, leaves.subList(0, to));
                assertThat(growing.rootAt(to)).isEqualTo(prefix.root());
                for (int index = 0; index < to; index++) {
                    InclusionProof path = growing.inclusionProof(index, to);
                    assertThat(path).isEqualTo(prefix.inclusionProof(index));
                    MerkleVerifier.verifyInclusion(algorithm, leaves.get(index), path, prefix.root());
                }
                for (int from = 0; from <= to; from++) {
                    ConsistencyProof proof = growing.consistencyProof(from, to);
                    assertThat(proof).isEqualTo(prefix.consistencyProof(from, to));
                    if (from > 0) {
                        MerkleVerifier.verifyConsistency(algorithm, proof, growing.rootAt(from), prefix.root());
                    }
                }
            }
        }
    }

    @Test
    void sizesBeyondTheTreeOrOutOfOrderAreRefused() {
        AppendOnlyMerkleTree tree = new AppendOnlyMerkleTree(HashAlgorithm.SHA256);
        for (int i = 0; i < 5; i++) {
            tree.append(new byte[] {(byte) i});
        }
        assertThatThrownBy(() -> tree.rootAt(6)).isInstanceOfSatisfying(ProofException.class,
                e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.INDEX_OUT_OF_RANGE));
        assertThatThrownBy(() -> tree.consistencyProof(4, 6)).isInstanceOf(ProofException.class);
        assertThatThrownBy(() -> tree.consistencyProof(4, 3)).isInstanceOfSatisfying(ProofException.class,
                e -> assertThat(e.reason()).isEqualTo(ProofException.Reason.INCONSISTENT_SIZES));
        assertThatThrownBy(() -> tree.inclusionProof(3, 3)).isInstanceOf(ProofException.class);
        assertThatThrownBy(() -> tree.inclusionProof(-1, 3)).isInstanceOf(ProofException.class);
    }
}
