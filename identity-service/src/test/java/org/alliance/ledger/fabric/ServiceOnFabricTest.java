package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliance.ledger.conformance.AllianceFixture;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.outbox.Outbox;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.OutboxStatus;
import org.alliance.ledger.service.outbox.OutboxWorker;
import org.alliance.ledger.service.projection.ProjectionStatus;
import org.alliance.ledger.service.testkit.Api;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Zhangzhou's service in Fabric mode on the fabric suite's network: its own enrolled users, its
 * own peer first and Chaozhou's second. A case received through the API reaches the ledger through
 * the outbox and the Gateway, and the clerk's worklist shows it once the projection has its
 * committed event.
 */
@Tag("fabric")
@ExtendWith(FabricNetwork.class)
@SpringBootTest(classes = AllianceServiceApplication.class, properties = {
        "alliance.org=ZhangzhouMSP",
        "alliance.data-dir=target/test-data/fabric-${random.uuid}",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "alliance.outbox.enabled=false",
        "alliance.ledger.mode=fabric"})
@AutoConfigureMockMvc
class ServiceOnFabricTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration NODE_WAIT = Duration.ofSeconds(90);
    private static final Path STATE = FabricNetwork.repoRoot().resolve("ledger-client/ledger-fabric/target/fabric-network");

    @Autowired
    MockMvc mvc;
    @Autowired
    RecordFactory service;
    @Autowired
    OutboxWorker worker;
    @Autowired
    EvidenceLedger ledger;
    @Autowired
    ProjectionStatus projection;
    @Autowired
    Outbox outbox;

    /** The agreement every test's writes are under, activated by the first test that needs it. */
    private static AllianceFixture agreement;

    @DynamicPropertySource
    static void network(DynamicPropertyRegistry registry) {
        Path state = STATE;
        int base = FabricNetwork.portBase();
        registry.add("alliance.ledger.fabric.users", () -> state.resolve("users/zhangzhou").toString());
        registry.add("alliance.ledger.fabric.peers[0].host", () -> "127.0.0.1");
        registry.add("alliance.ledger.fabric.peers[0].port", () -> base);
        registry.add("alliance.ledger.fabric.peers[0].tls-root", () -> tlsRoot(state, "zhangzhou").toString());
        registry.add("alliance.ledger.fabric.peers[1].host", () -> "127.0.0.1");
        registry.add("alliance.ledger.fabric.peers[1].port", () -> base + 10);
        registry.add("alliance.ledger.fabric.peers[1].tls-root", () -> tlsRoot(state, "chaozhou").toString());
    }

    private static Path tlsRoot(Path state, String org) {
        return state.resolve("crypto/peerOrganizations/" + org + ".alliance/tlsca/tlsca." + org + ".alliance-cert.pem");
    }

    /** Every org's admin signs an agreement that registers this service's own record key, once. */
    private void activateAnAgreement(FabricAlliance alliance) {
        if (agreement != null) {
            return;
        }
        FabricLedger.Builder admins = alliance.ledger(0, List.of(Role.ADMIN), alliance.peers(0, 1));
        for (int i = 1; i < FabricAlliance.ORGS.size(); i++) {
            alliance.withUsers(admins, i, List.of(Role.ADMIN), alliance.peers(i, (i + 1) % FabricAlliance.ORGS.size()));
        }
        try (FabricLedger adminLedger = admins.build()) {
            agreement = AllianceFixture.activate(adminLedger, Map.of(DemoAlliance.ZHANGZHOU, service));
        }
    }

    @Test
    void aCaseReceivedThroughTheApiIsCommittedOnFabricAndListedFromTheProjection(FabricAlliance alliance)
            throws Exception {
        activateAnAgreement(alliance);
        receiveAndSeeItListed(new Api(mvc));
    }

    /** Receives a case through the API, drains the outbox, and waits until the worklist lists it. */
    private String receiveAndSeeItListed(Api api) throws Exception {
        JsonNode received = Api.json(api.post("clerk", "/api/cases", """
                {"agreementId":"%s","itemCode":"%s","homeOrg":"ChaozhouMSP","subjectRef":"%s",
                 "materials":[{"label":"transfer-application","alg":"sha256","hash":"%s"}],"assisted":true}"""
                .formatted(agreement.agreementId(), DemoAlliance.PENSION_TRANSFER, Api.SUBJECT, "cd".repeat(32)))
                .andExpect(status().isCreated()));
        String caseId = received.path("caseId").asText();
        assertThat(worker.drain()).isPositive();

        String batch = ledger.record(caseId + "/receive").or(() -> ledger.record(caseId)).orElseThrow().batchId();
        assertThat(ledger.status(batch).valid()).isTrue();
        assertThat(projection.awaitBlock(ledger.status(batch).blockNumber(), WAIT)).as("projected within %s", WAIT).isTrue();
        JsonNode list = Api.json(api.get("clerk", "/api/cases?role=accepting&state=RECEIVED&pageSize=100")
                .andExpect(status().isOk()));
        assertThat(list.path("cases").findValuesAsText("caseId")).contains(caseId);
        return caseId;
    }

    @Test
    void aBatchWithOneRecordTheRulesRefuseIsSplitTheRecordFailsWithItsCodeAndTheRestCommit(FabricAlliance alliance) {
        activateAnAgreement(alliance);
        // Signed with a key no agreement registers: the contract refuses it, and with it the batch.
        RecordFactory stranger = new RecordFactory(DemoAlliance.ZHANGZHOU, HashAlgorithm.SM3,
                Keys.generate(SignatureAlgorithm.SM2));
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<SignedRecord> good = List.of(attestation(service, t), attestation(service, t.plusSeconds(1)));
        SignedRecord bad = attestation(stranger, t.plusSeconds(2));
        outbox.add(good.get(0));
        outbox.add(bad);
        outbox.add(good.get(1));
        assertThat(worker.drain()).isGreaterThanOrEqualTo(3);

        OutboxEntry refused = outbox.find(bad.record().id()).orElseThrow();
        assertThat(refused.status()).isEqualTo(OutboxStatus.FAILED);
        assertThat(refused.lastError()).startsWith("UNKNOWN_SIGNING_KEY");
        assertThat(ledger.record(bad.record().id())).isEmpty();
        for (SignedRecord r : good) {
            assertThat(outbox.find(r.record().id()).orElseThrow().status()).isEqualTo(OutboxStatus.COMMITTED);
            assertThat(ledger.status(ledger.record(r.record().id()).orElseThrow().batchId()).valid()).isTrue();
        }
    }

    private static SignedRecord attestation(RecordFactory by, Instant t) {
        return by.create("att-split-" + UUID.randomUUID(), t, null, new IdentityAttestationBody("ab".repeat(32),
                AttestationMethod.FACE_AND_ID_CARD, new IdentityAttestationBody.Liveness("ACTION_CHALLENGE",
                        List.of("BLINK"), true, 0.93), 0.87, new IdentityAttestationBody.FaceModel("arcface-r100", "2.1",
                        "cd".repeat(32)), 0.62, 0.0001, AttestationDecision.ACCEPTED, List.of(), "kiosk-dev-01"));
    }

    @Test
    void anInstanceConfiguredWithAnotherOrgsIdentityIsRefusedAtStartUp() {
        Path state = STATE;
        SpringApplicationBuilder app = new SpringApplicationBuilder(AllianceServiceApplication.class);
        assertThatThrownBy(() -> app.run("--server.port=0", "--alliance.org=ZhangzhouMSP",
                "--alliance.data-dir=target/test-data/fabric-foreign-" + UUID.randomUUID(),
                "--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--alliance.outbox.enabled=false", "--alliance.ledger.mode=fabric",
                "--alliance.ledger.fabric.users=" + state.resolve("users/chaozhou"),
                "--alliance.ledger.fabric.peers[0].host=127.0.0.1",
                "--alliance.ledger.fabric.peers[0].port=" + FabricNetwork.portBase(),
                "--alliance.ledger.fabric.peers[0].tls-root=" + tlsRoot(state, "zhangzhou")).close())
                .hasStackTraceContaining("alliance.ledger.fabric.users")
                .hasStackTraceContaining("does not hold ZhangzhouMSP's users")
                .hasStackTraceContaining("access denied");
    }

    @Test
    void withItsOwnPeerDownTheInstanceFailsOverAndItsHealthSaysSo(FabricAlliance alliance) throws Exception {
        activateAnAgreement(alliance);
        Api api = new Api(mvc);
        JsonNode before = Api.json(api.get("admin", "/actuator/health/ledger").andExpect(status().isOk()));
        assertThat(before.at("/details/mode").asText()).isEqualTo("fabric");
        assertThat(before.at("/details/failedOver").asBoolean()).isFalse();

        assertThat(alliance.network.script(NODE_WAIT, "node", "kill", "peer.zhangzhou").exit()).isZero();
        try {
            // Writes, reads and the projection's event stream carry on through Chaozhou's peer.
            receiveAndSeeItListed(api);
            JsonNode after = Api.json(api.get("admin", "/actuator/health/ledger").andExpect(status().isOk()));
            assertThat(after.at("/status").asText()).isEqualTo("UP");
            assertThat(after.at("/details/failedOver").asBoolean()).isTrue();
            JsonNode reader = after.at("/details/gateways/0");
            assertThat(reader.path("preferred").asBoolean()).isFalse();
            assertThat(reader.path("peer").asText()).isEqualTo("127.0.0.1:" + (FabricNetwork.portBase() + 10));
            assertThat(reader.path("lastUnreachable").asText()).isEqualTo("127.0.0.1:" + FabricNetwork.portBase());
        } finally {
            assertThat(alliance.network.script(NODE_WAIT, "node", "start", "peer.zhangzhou").exit()).isZero();
        }
    }
}
