package org.alliance.ledger.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.merkle.ProofException;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.testkit.TestLogs;
import org.junit.jupiter.api.Test;

class AllianceLogTest {
    @Test
    void theIncrementalRootIsTheRfc6962RootOfEveryPrefix() {
        for (HashAlgorithm alg : HashAlgorithm.values()) {
            AllianceLog log = new AllianceLog("DEMO-ALLIANCE", alg);
            List<byte[]> roots = new ArrayList<>();
            assertThat(log.root()).isEqualTo(MerkleTree.emptyRoot(alg));
            for (int i = 0; i < 70; i++) {
                roots.add(TestLogs.batchRoot(alg, i));
                assertThat(log.append(roots.get(i))).isEqualTo(i);
                assertThat(log.size()).isEqualTo(i + 1);
                assertThat(log.root()).as("%s root at size %d", alg, i + 1).isEqualTo(MerkleTree.of(alg, roots).root());
            }
            assertThat(log.leaf(69)).isEqualTo(roots.get(69));
        }
    }

    @Test
    void proofsFromTheLogVerifyAgainstItsCheckpoints() {
        AllianceLog log = new AllianceLog("DEMO-ALLIANCE", HashAlgorithm.SM3);
        List<byte[]> roots = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            roots.add(TestLogs.batchRoot(HashAlgorithm.SM3, i));
            log.append(roots.get(i));
        }
        byte[] root = log.root();
        for (int from = 0; from <= 21; from++) {
            byte[] old = MerkleTree.of(HashAlgorithm.SM3, roots.subList(0, from)).root();
            MerkleVerifier.verifyConsistency(HashAlgorithm.SM3, log.consistencyProof(from, 21), old, root);
        }
        for (int i = 0; i < 21; i++) {
            MerkleVerifier.verifyInclusion(HashAlgorithm.SM3, roots.get(i), log.inclusionProof(i, 21), root);
        }
        assertThatThrownBy(() -> log.consistencyProof(5, 22)).isInstanceOf(ProofException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> log.consistencyProof(6, 5)).isInstanceOf(ProofException.class)
                .extracting(e -> ((ProofException) e).reason()).isEqualTo(ProofException.Reason.INCONSISTENT_SIZES);
        assertThatThrownBy(() -> log.inclusionProof(5, 5)).isInstanceOf(ProofException.class);
    }

    @Test
    void committedBatchesAreAppendedByTheirRootAndAlgorithm() {
        AllianceLog log = new AllianceLog("DEMO-ALLIANCE", HashAlgorithm.SHA256);
        byte[] root = TestLogs.batchRoot(HashAlgorithm.SHA256, 1);
        log.append(new CommittedBatch(3, "tx-1", new BatchReceipt("tx-1", "sha256",
                org.alliance.ledger.core.codec.Hex.encode(root), List.of())));
        assertThat(log.leaf(0)).isEqualTo(root);
        assertThatThrownBy(() -> log.append(new CommittedBatch(4, "tx-2", new BatchReceipt("tx-2", "sm3",
                org.alliance.ledger.core.codec.Hex.encode(root), List.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sm3");
        assertThatThrownBy(() -> log.append(new CommittedBatch(4, "tx-3", new BatchReceipt(null, null, null, List.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrote no batch");
        assertThatThrownBy(() -> log.append(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.size()).isEqualTo(1);
    }
}
