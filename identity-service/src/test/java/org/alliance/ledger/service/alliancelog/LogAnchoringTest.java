package org.alliance.ledger.service.alliancelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.anchoring.AnchoringStatus;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.EvidencePackage;
import org.alliance.ledger.core.bundle.EvmAnchorProof;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;

/**
 * The service's side of anchoring, with an in-process anchoring provider of kind test-fake in
 * place of the EVM one (whose real-chain test is {@code ServiceAnchoringEvmTest}): this instance
 * produces the log's checkpoints (no witnesses, so none are needed); each recorded checkpoint is
 * handed to the anchorer as it is recorded, and the schedule's source rebuilds the same co-signed
 * checkpoint from its ledger record; a record's bundle, and the audit export's, gains the log
 * anchor once a checkpoint that covers its batch is anchored, and verifies; an anchorer that
 * cannot anchor degrades its health component while the service stays UP and keeps writing.
 */
@TestPropertySource(properties = {
        "alliance.log.produce=true",
        "alliance.log.interval=PT1H",
        "alliance.log.anchor.kind=" + FakeAnchoringProvider.KIND,
        "alliance.log.anchor.url=http://127.0.0.1:9",
        "alliance.log.anchor.contract=0x" + "ab" + "00000000000000000000000000000000000000",
        "alliance.log.anchor.key=target/test-data/no-such-key",
        "alliance.log.anchor.confirmations=2",
        "alliance.log.anchor.schedule=PT1H"})
class LogAnchoringTest extends ServiceTestBase {
    @Autowired
    private LedgerLog log;
    @Autowired
    @Qualifier("evidenceLedger")
    private EvidenceLedger embedded;

    @AfterEach
    void healthyAgain() {
        FakeAnchoringProvider.current().status(new AnchoringStatus("IDLE", "nothing to anchor", 0, 0, 1, Instant.now(), true));
    }

    @Test
    void recordedCheckpointsAreAnchoredAndCoveredBundlesCarryTheLogAnchor() throws Exception {
        FakeAnchoringProvider.Fake fake = FakeAnchoringProvider.current();
        assertThat(fake.settings.allianceId()).isEqualTo("DEMO-ALLIANCE");
        assertThat(fake.settings.confirmations()).isEqualTo(2);
        assertThat(fake.settings.stateDirectory().getFileName()).hasToString(LogAnchoring.STATE_DIR);

        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        String recordId = caseId + "/receive";
        String batchId = ledger.record(recordId).orElseThrow().batchId();
        awaitLeaf(batchId);
        long leaf = log.leafOf(batchId).getAsLong();

        JsonNode attempt = Api.json(api.post("admin", "/api/log/checkpoint", "{}").andExpect(status().isOk()));
        assertThat(attempt.get("outcome").asText()).as(attempt.toString()).isEqualTo("RECORDED");
        long treeSize = attempt.get("treeSize").asLong();
        assertThat(treeSize).isGreaterThan(leaf);
        // Handed over as it was recorded, before the outbox committed it.
        assertThat(fake.submitted).extracting(c -> c.checkpoint().treeSize()).containsExactly(treeSize);
        SignedCheckpoint submitted = fake.submitted.getFirst();
        worker.drain();

        // The schedule's source: the latest recorded checkpoint, rebuilt from its ledger record, is the one submitted.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fake.latestRecorded.get().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(fake.latestRecorded.get()).hasValueSatisfying(c -> assertThat(c.toJson()).isEqualTo(submitted.toJson()));

        // Not yet anchored: the bundle is the ledger's alone.
        assertThat(bundle(recordId).logAnchor()).isNull();

        EvmAnchorProof proof = fake.anchor(submitted.checkpoint());
        EvidenceBundle bundle = bundle(recordId);
        EvidenceBundle.LogAnchor anchor = bundle.logAnchor();
        assertThat(anchor).isNotNull();
        assertThat(anchor.leafIndex()).isEqualTo(leaf);
        assertThat(anchor.checkpoint().toJson()).isEqualTo(submitted.toJson());
        assertThat(anchor.evm()).isEqualTo(proof);
        MerkleVerifier.verifyInclusion(submitted.checkpoint().algorithm(), Hex.decode(bundle.batch().root()),
                new InclusionProof(leaf, treeSize, anchor.proof().stream().map(Hex::decode).toList()),
                submitted.checkpoint().rootBytes());
        // Offline, the log's part verifies; the fake's anchor proof is made up and is rejected as such.
        Verdict verdict = new BundleVerifier(trust()).verify(EvidenceBundle.parse(bundle.toCanonicalJson()));
        assertThat(verdict.checks()).filteredOn(c -> c.outcome() == Verdict.Outcome.PASS).extracting(Verdict.Check::name)
                .contains(BundleVerifier.LOG_INCLUSION, BundleVerifier.CHECKPOINT_SIGNATURE);

        // The auditor's export of the case carries the same section.
        EvidencePackage timeline = EvidencePackage.parse(api.get("auditor", "/api/audit/cases/" + caseId + "/timeline/export")
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());
        assertThat(timeline.bundles()).filteredOn(b -> b.batch().batchId().equals(batchId)).isNotEmpty()
                .allSatisfy(b -> assertThat(b.logAnchor()).isNotNull()
                        .satisfies(a -> assertThat(a.checkpoint().checkpoint().treeSize()).isEqualTo(treeSize)));

        JsonNode view = Api.json(api.get(null, "/api/log").andExpect(status().isOk())).get("anchoring");
        assertThat(view.get("configured").asBoolean()).isTrue();
        assertThat(view.get("state").asText()).isEqualTo("IDLE");
    }

    @Test
    void anAnchorerThatCannotAnchorDegradesItsHealthWhileTheServiceStaysUpAndWrites() throws Exception {
        FakeAnchoringProvider.current().status(new AnchoringStatus("UNREACHABLE",
                "http://127.0.0.1:9 does not answer: Connection refused", 0, 1, -1, null, false));

        JsonNode health = Api.json(mvc.perform(get("/actuator/health")).andExpect(status().isOk()));
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/anchoring/status").asText()).isEqualTo(AnchoringHealthIndicator.DEGRADED_CODE);
        JsonNode details = Api.json(api.get("admin", "/actuator/health/anchoring").andExpect(status().isOk()));
        assertThat(details.at("/details/state").asText()).isEqualTo("UNREACHABLE");
        assertThat(details.at("/details/detail").asText()).contains("does not answer");
        JsonNode view = Api.json(api.get(null, "/api/log").andExpect(status().isOk())).get("anchoring");
        assertThat(view.get("healthy").asBoolean()).isFalse();
        assertThat(view.get("queued").asInt()).isEqualTo(1);

        // The ledger side does not wait for anchoring.
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        assertThat(ledger.record(caseId + "/receive")).isPresent();

        healthyAgain();
        assertThat(Api.json(mvc.perform(get("/actuator/health/anchoring")).andExpect(status().isOk())).get("status").asText())
                .isEqualTo("UP");
    }

    private EvidenceBundle bundle(String recordId) throws Exception {
        return EvidenceBundle.parse(api.get("auditor", "/api/evidence/" + recordId + "/bundle").andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray());
    }

    private void awaitLeaf(String batchId) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (log.leafOf(batchId).isEmpty() || !log.caughtUp()) {
            assertThat(System.nanoTime()).as("the log reads batch " + batchId).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** This service's record key (which signs the checkpoints) and the embedded ledger's node key. */
    private TrustStore trust() {
        PublicKey own = Keys.publicKeyFromDer(Base64.getDecoder().decode(service.publicKeyBase64()));
        return TrustStore.of(Map.of(service.org(), List.of(own, ((EmbeddedLedger) embedded).nodePublicKey())));
    }
}
