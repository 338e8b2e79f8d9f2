package org.alliance.ledger.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.ContainerJson;
import org.alliance.ledger.core.bundle.EvidencePackage;
import org.alliance.ledger.core.bundle.PackageVerdict;
import org.alliance.ledger.core.bundle.PackageVerifier;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.Api;
import org.junit.jupiter.api.Test;

/**
 * The auditor's exports as evidence packages: a real cross-region flow (Zhangzhou receives and
 * forwards, Chaozhou approves, Zhangzhou issues and revokes the certificate, Shantou recognises it)
 * exported and verified with the {@link PackageVerifier} that {@code ledger-cli verify-bundle} uses;
 * tampering; unknown ids; access.
 */
class AuditExportTest extends AuditExportFixture {
    private PackageVerifier verifier(Flow flow) {
        return new PackageVerifier(new BundleVerifier(TrustStore.of(trustedKeys(flow))));
    }

    @Test
    void exportsOfARealFlowVerifyOfflineAndHoldTheViewAsServed() throws Exception {
        Flow flow = flow();
        PackageVerifier verifier = verifier(flow);

        EvidencePackage timeline = EvidencePackage.parse(export("/api/audit/cases/" + flow.caseId() + "/timeline/export"));
        PackageVerdict verdict = verifier.verify(timeline);
        assertThat(verdict.valid()).as(verdict.toString()).isTrue();
        assertThat(timeline.kind()).isEqualTo(EvidencePackage.Kind.CASE_TIMELINE);
        assertThat(timeline.bundles()).hasSize(4);
        assertThat(verdict.notVerifiedOffline()).contains("deadline", "steps[].durationSeconds");
        JsonNode served = Api.json(api.get("auditor", "/api/audit/cases/" + flow.caseId() + "/timeline?pageSize=100"));
        assertThat(timeline.view()).isEqualTo(served);
        assertThat(timeline.view().path("steps").findValuesAsText("actorOrg")).containsExactly(DemoAlliance.ZHANGZHOU,
                DemoAlliance.ZHANGZHOU, DemoAlliance.CHAOZHOU, DemoAlliance.ZHANGZHOU);

        EvidencePackage history = EvidencePackage.parse(
                export("/api/audit/certificates/" + flow.certId() + "/history/export"));
        assertThat(verifier.verify(history).valid()).as(verifier.verify(history).toString()).isTrue();
        assertThat(history.view().path("history").findValuesAsText("action")).containsExactly("ISSUE", "REVOKE");

        EvidencePackage recognitions = EvidencePackage.parse(export("/api/audit/recognitions/export?targetId=" + flow.certId()));
        assertThat(verifier.verify(recognitions).valid()).as(verifier.verify(recognitions).toString()).isTrue();
        assertThat(recognitions.view().path("recognitions").findValuesAsText("recognisingOrg"))
                .containsExactly(DemoAlliance.SHANTOU);
    }

    @Test
    void aTamperedExportIsInvalid() throws Exception {
        Flow flow = flow();
        PackageVerifier verifier = verifier(flow);
        byte[] bytes = export("/api/audit/cases/" + flow.caseId() + "/timeline/export");

        ObjectNode fact = (ObjectNode) ContainerJson.parse(bytes, EvidencePackage.MAX_BYTES);
        ((ObjectNode) fact.get("view").get("steps").get(2)).put("actorOrg", DemoAlliance.ZHANGZHOU);
        PackageVerdict v = verifier.verify(EvidencePackage.fromJson(fact));
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.viewChecks()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo(PackageVerifier.VIEW_FACTS);
            assertThat(c.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        });

        ObjectNode record = (ObjectNode) ContainerJson.parse(bytes, EvidencePackage.MAX_BYTES);
        ObjectNode approval = (ObjectNode) record.get("bundles").get(2).get("record").get("record");
        approval.put("org", DemoAlliance.SHANTOU);
        ((ObjectNode) record.get("view").get("steps").get(2)).put("actorOrg", DemoAlliance.SHANTOU);
        PackageVerdict forged = verifier.verify(EvidencePackage.parse(record.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(forged.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(forged.bundles().get(2).verdict().valid()).isFalse();
    }

    @Test
    void unknownIdsAreNotFoundWithTheViewsReasons() throws Exception {
        for (String[] pair : new String[][] {{"/api/audit/cases/case-nope/timeline", "/api/audit/cases/case-nope/timeline/export"},
            {"/api/audit/certificates/SIT01-350600-2026-999999/history",
                "/api/audit/certificates/SIT01-350600-2026-999999/history/export"}}) {
            String reason = Api.json(api.get("auditor", pair[0]).andExpect(status().isNotFound())).path("reason").asText();
            assertThat(reason).isNotEmpty();
            api.get("auditor", pair[1]).andExpect(status().isNotFound()).andExpect(jsonPath("$.reason").value(reason));
        }
        api.get("auditor", "/api/audit/recognitions/export").andExpect(status().isBadRequest());
    }

    @Test
    void exportsAreForAuditorsOnly() throws Exception {
        for (String path : new String[] {"/api/audit/cases/x/timeline/export", "/api/audit/certificates/x/history/export",
            "/api/audit/recognitions/export?targetId=x"}) {
            api.get(null, path).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
            api.get("clerk", path).andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("FORBIDDEN"));
            api.get("admin", path).andExpect(status().isForbidden());
        }
    }
}
