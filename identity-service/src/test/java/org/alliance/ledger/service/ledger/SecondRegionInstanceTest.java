package org.alliance.ledger.service.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.cases.CaseLedger;
import org.alliance.ledger.service.outbox.OutboxWorker;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.SecondInstance;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.alliance.ledger.devrpc.RemoteLedger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two regions as two service instances on one embedded ledger (the embedded part):
 * this context is Zhangzhou and owns the ledger; a second application context is Chaozhou with
 * {@code alliance.ledger.mode=remote-embedded}, signing with its own key, reaching the ledger
 * through the internal endpoint. Chaozhou's approver approves through Chaozhou's own API and
 * outbox; the rules on the shared ledger judge it, and refusals keep their codes across the hop.
 */
class SecondRegionInstanceTest extends ServiceTestBase {
    @Value("${local.server.port}")
    private int port;

    @Test
    void chaozhouInstanceApprovesThroughItsOwnApiOnZhangzhousLedger() throws Exception {
        Api zhangzhou = api;
        String caseId = zhangzhou.receive(DemoAlliance.PENSION_TRANSFER);
        zhangzhou.post("clerk", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isOk());
        worker.drain();

        try (ConfigurableApplicationContext chaozhou = SecondInstance.start(clock, port, ledgerProperties, DemoAlliance.CHAOZHOU)) {
            int chaozhouPort = ((WebServerApplicationContext) chaozhou).getWebServer().getPort();
            EvidenceLedger remote = chaozhou.getBean("evidenceLedger", EvidenceLedger.class);
            assertThat(remote).isInstanceOf(RemoteLedger.class);
            assertThat(remote.agreement("agr-demo-alliance").activeVersion()).isEqualTo(1);
            assertThat(remote.subjectHead(CaseLedger.subject(caseId))).isEqualTo(ledger.subjectHead(CaseLedger.subject(caseId)));

            // Chaozhou's clerk may not forward Zhangzhou's case; its approver approves it.
            assertThat(post(chaozhouPort, "clerk", "/api/cases/" + caseId + "/forward")).contains("\"reason\":\"WRONG_STATE\"");
            assertThat(post(chaozhouPort, "approver", "/api/cases/" + caseId + "/approve")).contains("\"state\":\"APPROVED\"");
            chaozhou.getBean(OutboxWorker.class).drain();

            zhangzhou.get("clerk", "/api/cases/" + caseId).andExpect(jsonPath("$.state").value("APPROVED"))
                    .andExpect(jsonPath("$.steps[2].actorOrg").value(DemoAlliance.CHAOZHOU))
                    .andExpect(jsonPath("$.steps[2].ledger.status").value("COMMITTED"));
            // Zhangzhou's approver cannot: the home region is Chaozhou.
            zhangzhou.post("approver", "/api/cases/" + caseId + "/reject", "{}").andExpect(status().isConflict());

            // Queries and refusals cross the hop unchanged.
            String approveId = ledger.caseTimeline(caseId, java.time.Instant.now()).steps().get(2).recordId();
            assertThat(remote.record(approveId)).isEqualTo(ledger.record(approveId));
            assertThat(remote.inclusionProof(approveId)).isEqualTo(ledger.inclusionProof(approveId));
            assertThat(CanonicalJson.canonicalString(remote.bundle(approveId).toJson()))
                    .isEqualTo(CanonicalJson.canonicalString(ledger.bundle(approveId).toJson()));
            assertThat(remote.recordsByItem(DemoAlliance.PENSION_TRANSFER, null, null, 5, "").items()).isNotEmpty();
            assertThat(remote.record("no-such-record")).isEmpty();
            assertThatThrownBy(() -> remote.caseTimeline("case-nope", java.time.Instant.now()))
                    .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_CASE));
            // Dry runs cross the hop too: resubmitting the approval (with itself pending) is a no-op,
            // the same record from the wrong org is refused as it would be locally, and nothing is written.
            SignedRecord approval = ledger.record(approveId).orElseThrow().signedRecord();
            Caller chaozhouApprover = new Caller(DemoAlliance.CHAOZHOU, Role.APPROVER, "approver");
            long before = ledger.recordsByTime(null, null, 1000, "").items().size();
            remote.simulate(List.of(new PendingBatch(chaozhouApprover, List.of(approval))), chaozhouApprover,
                    List.of(approval));
            assertThatThrownBy(() -> remote.simulate(List.of(), new Caller(DemoAlliance.ZHANGZHOU, Role.APPROVER,
                    "approver"), List.of(approval)))
                    .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_ORG));
            assertThat(ledger.recordsByTime(null, null, 1000, "").items()).hasSize((int) before);
        }
        // Without the secret, the endpoint answers nothing.
        assertThatThrownBy(() -> new RemoteLedger(URI.create("http://127.0.0.1:" + port), "wrong").record("x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("401");
    }

    private static String post(int port, String user, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":alliance-dev").getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
