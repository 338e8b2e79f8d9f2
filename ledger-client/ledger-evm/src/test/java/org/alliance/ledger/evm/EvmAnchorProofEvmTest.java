package org.alliance.ledger.evm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.alliance.ledger.core.bundle.EvmAnchorProof;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.bundle.Verdict.Check;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.evm.proof.EvmAnchorProofs;
import org.alliance.ledger.core.bundle.EvmAnchorVerifier;
import org.alliance.ledger.evm.proof.EvmCanonicalCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.http.HttpService;

/** An anchor's proof collected from geth, verified offline, and its tampered variants rejected. */
class EvmAnchorProofEvmTest extends EvmSuite {
    private static final List<String> OFFLINE = EvmAnchorVerifier.CHECKS;
    private static final List<EvmAnchorProof> proofs = new ArrayList<>();

    @BeforeAll
    static void anchorSeveralInOneBlock(@TempDir Path dir) throws Exception {
        // Three anchorers at once, so that blocks hold several transactions and proofs have depth.
        List<EvmAnchorer> anchorers = new ArrayList<>();
        List<CompletableFuture<Anchor>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String alliance = alliance("proof");
                EvmAnchorer a = EvmAnchorer.start(settings(submitter(), alliance, dir.resolve(i + ".journal"), 1));
                anchorers.add(a);
                futures.add(a.anchor(checkpoint(alliance, 10 + i, i == 1 ? HashAlgorithm.SM3 : HashAlgorithm.SHA256)));
            }
            HttpService service = new HttpService(node.url);
            for (CompletableFuture<Anchor> f : futures) {
                proofs.add(EvmAnchorProofs.collect(service, f.get(60, TimeUnit.SECONDS), contract.address()));
            }
        } finally {
            anchorers.forEach(EvmAnchorer::close);
        }
    }

    @Test
    void eachProofVerifiesOfflineAndOnTheChain() {
        for (EvmAnchorProof proof : proofs) {
            List<Check> checks = EvmAnchorVerifier.verify(proof);
            assertThat(checks).extracting(Check::name).containsExactlyElementsOf(OFFLINE);
            assertThat(Verdict.of(checks).valid()).as(checks.toString()).isTrue();
            assertThat(EvmCanonicalCheck.canonical(proof, web3j, 1).outcome()).isEqualTo(Verdict.Outcome.PASS);
            assertThat(EvmCanonicalCheck.canonical(proof, web3j, 1_000_000).outcome()).isEqualTo(Verdict.Outcome.FAIL);
            // Through its JSON form, as a bundle carries it.
            assertThat(EvmAnchorProof.fromJson(proof.toJson())).isEqualTo(proof);
        }
        assertThat(proofs).extracting(EvmAnchorProof::txIndex).as("some proofs reach past the block's first entry")
                .anySatisfy(i -> assertThat(i).isPositive());
    }

    @Test
    void tamperedProofsAreRejectedAtTheRightCheck() {
        EvmAnchorProof p = proofs.get(proofs.size() - 1);
        rejected(p, n -> n.put("header", flip(p.header(), 40)), EvmAnchorVerifier.EVM_HEADER);
        rejected(p, n -> n.put("blockHash", flip(p.blockHash(), 10)), EvmAnchorVerifier.EVM_HEADER);
        rejected(p, n -> n.put("blockNumber", p.blockNumber() + 1), EvmAnchorVerifier.EVM_HEADER);
        rejected(p, n -> n.put("transaction", flip(p.transaction(), 30)), EvmAnchorVerifier.EVM_TRANSACTION);
        rejected(p, n -> n.put("receipt", flip(p.receipt(), 30)), EvmAnchorVerifier.EVM_RECEIPT);
        rejected(p, n -> n.putArray("receiptProof"), EvmAnchorVerifier.EVM_RECEIPT);
        rejected(p, n -> n.put("txIndex", p.txIndex() + 1), EvmAnchorVerifier.EVM_TRANSACTION);
        rejected(p, n -> ((ObjectNode) n.get("checkpoint")).put("root", flip(p.root(), 5)), EvmAnchorVerifier.EVM_ANCHOR_EVENT);
        rejected(p, n -> ((ObjectNode) n.get("checkpoint")).put("treeSize", p.treeSize() + 1), EvmAnchorVerifier.EVM_ANCHOR_EVENT);
        rejected(p, n -> ((ObjectNode) n.get("checkpoint")).put("alg", p.alg().equals("sm3") ? "sha256" : "sm3"),
                EvmAnchorVerifier.EVM_ANCHOR_EVENT);
        rejected(p, n -> n.put("contract", "0x000000000000000000000000000000000000dead"), EvmAnchorVerifier.EVM_ANCHOR_EVENT);
        // A proof of another anchor's block claimed for this block hash: not on the node's chain.
        EvmAnchorProof forged = EvmAnchorProof.fromJson(edit(p, n -> n.put("blockHash", flip(p.blockHash(), 10))));
        assertThat(EvmCanonicalCheck.canonical(forged, web3j, 1).outcome()).isEqualTo(Verdict.Outcome.FAIL);
    }

    private static void rejected(EvmAnchorProof p, Consumer<ObjectNode> tamper, String failing) {
        List<Check> checks = EvmAnchorVerifier.verify(EvmAnchorProof.fromJson(edit(p, tamper)));
        assertThat(Verdict.of(checks).valid()).isFalse();
        assertThat(checks).filteredOn(c -> c.outcome() == Verdict.Outcome.FAIL).extracting(Check::name)
                .as(checks.toString()).first().isEqualTo(failing);
        assertThat(checks).extracting(Check::name).containsExactlyElementsOf(OFFLINE);
    }

    private static ObjectNode edit(EvmAnchorProof p, Consumer<ObjectNode> tamper) {
        ObjectNode n = (ObjectNode) p.toJson();
        tamper.accept(n);
        return n;
    }

    /** The hex string with one hex digit changed at a position past the 0x. */
    private static String flip(String hex, int at) {
        char c = hex.charAt(2 + at);
        return hex.substring(0, 2 + at) + (c == '0' ? '1' : '0') + hex.substring(3 + at);
    }
}
