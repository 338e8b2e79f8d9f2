package org.alliance.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliance.ledger.conformance.AllianceFixture;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.AllianceServiceApplication;
import org.alliance.ledger.service.outbox.OutboxWorker;
import org.alliance.ledger.service.projection.ProjectionStatus;
import org.alliance.ledger.service.testkit.Api;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
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

    @DynamicPropertySource
    static void network(DynamicPropertyRegistry registry) {
        Path state = FabricNetwork.repoRoot().resolve("ledger-client/ledger-fabric/target/fabric-network");
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

    @Test
    void aCaseReceivedThroughTheApiIsCommittedOnFabricAndListedFromTheProjection(FabricAlliance alliance)
            throws Exception {
        // Every org's admin signs an agreement that registers this service's own record key.
        FabricLedger.Builder admins = alliance.ledger(0, List.of(Role.ADMIN), alliance.peers(0, 1));
        for (int i = 1; i < FabricAlliance.ORGS.size(); i++) {
            alliance.withUsers(admins, i, List.of(Role.ADMIN), alliance.peers(i, (i + 1) % FabricAlliance.ORGS.size()));
        }
        AllianceFixture agreement;
        try (FabricLedger adminLedger = admins.build()) {
            agreement = AllianceFixture.activate(adminLedger, Map.of(DemoAlliance.ZHANGZHOU, service));
        }

        Api api = new Api(mvc);
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
    }
}
