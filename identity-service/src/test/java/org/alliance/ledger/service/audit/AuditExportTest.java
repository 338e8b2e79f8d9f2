package org.alliance.ledger.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.ContainerJson;
import org.alliance.ledger.core.bundle.EvidencePackage;
import org.alliance.ledger.core.bundle.PackageVerdict;
import org.alliance.ledger.core.bundle.PackageVerifier;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.rules.CaseAction;
import org.alliance.ledger.core.rules.CaseState;
import org.alliance.ledger.core.rules.Role;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.cases.CaseLedger;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The auditor's exports as evidence packages: a real cross-region flow (Zhangzhou receives and
 * forwards, Chaozhou approves, Zhangzhou issues and revokes the certificate, Shantou recognises it)
 * exported and verified with the {@link PackageVerifier} that {@code ledger-cli verify-bundle} uses;
 * tampering; unknown ids; access.
 */
class AuditExportTest extends ServiceTestBase {
    @Autowired
    @Qualifier("evidenceLedger")
    private EvidenceLedger embedded;

    /** The flow's ids, and the keys that signed it. */
    private record Flow(String caseId, String certId, List<RecordFactory> members) {
    }

    private Flow flow() throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isOk());
        worker.drain();
        RecordFactory chaozhou = Regions.member(ledgerProperties, service, DemoAlliance.CHAOZHOU);
        Regions.submit(ledger, chaozhou, Role.APPROVER, caseId + "/chaozhou-approve",
                ledger.subjectHead(CaseLedger.subject(caseId)).orElseThrow(), new CaseStepBody(caseId, CaseAction.APPROVE,
                        CaseState.FORWARDED, CaseState.APPROVED, Role.APPROVER, List.of()), clock);
        api.post("issuer", "/api/cases/" + caseId + "/issue", "{\"window\":\"ZZ-WINDOW-03\"}").andExpect(status().isOk());
        String certId = Api.json(api.issueCertificate(Api.pdf("export " + caseId), "caseId", caseId, "typeCode", "SIT01")
                .andExpect(status().isCreated())).path("certificateId").asText();
        worker.drain();
        RecordFactory shantou = Regions.member(ledgerProperties, service, DemoAlliance.SHANTOU);
        Regions.submit(ledger, shantou, Role.APPROVER, "rec-export-" + certId, null, new RecognitionBody(
                TargetType.CERTIFICATE, certId, Api.AGREEMENT, DemoAlliance.PENSION_TRANSFER,
                RecognitionDecision.RECOGNISED, null), clock);
        api.post("issuer", "/api/certificates/" + certId + "/revoke", "{\"reason\":\"issued-in-error\"}")
                .andExpect(status().isOk());
        worker.drain();
        return new Flow(caseId, certId, List.of(service, chaozhou, shantou));
    }

    /** The auditor's trust directory: each member's record key, and the node key under the node's org. */
    private PackageVerifier verifier(Flow flow) {
        Map<String, List<PublicKey>> keys = new HashMap<>();
        for (RecordFactory f : flow.members()) {
            keys.computeIfAbsent(f.org(), k -> new ArrayList<>())
                    .add(Keys.publicKeyFromDer(Base64.getDecoder().decode(f.publicKeyBase64())));
        }
        keys.get(DemoAlliance.ZHANGZHOU).add(((EmbeddedLedger) embedded).nodePublicKey());
        return new PackageVerifier(new BundleVerifier(TrustStore.of(keys)));
    }

    private byte[] export(String path) throws Exception {
        return api.get("auditor", path).andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition",
                        org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.startsWith("attachment; filename=\""),
                                org.hamcrest.Matchers.endsWith(".package.json\""))))
                .andReturn().getResponse().getContentAsByteArray();
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
