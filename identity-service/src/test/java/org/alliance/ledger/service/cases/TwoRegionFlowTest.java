package org.alliance.ledger.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * The two-region flow on one embedded ledger: Zhangzhou (this service) receives and forwards,
 * Chaozhou approves, Zhangzhou issues the result and a certificate, Shantou recognises it,
 * Zhangzhou revokes it, verification says REVOKED, and the auditor's export verifies with the same
 * {@link BundleVerifier} the CLI uses. With each refusal of the flow: wrong region, out of order,
 * auditor writing, recognition outside the agreement, a revoked certificate issued again.
 *
 * <p>The service acts for one org, so Chaozhou's and Shantou's steps are signed with their own
 * keys (registered in the seeded agreement, kept by the test configuration) and submitted to the
 * same ledger as their services would: the rules judge them exactly as on a two-instance run.
 */
class TwoRegionFlowTest extends ServiceTestBase {
    @Autowired
    @Qualifier("evidenceLedger")
    private EvidenceLedger embedded;

    @Test
    void zhangzhouReceivesChaozhouApprovesZhangzhouIssuesShantouRecognisesThenRevocationIsSeenEverywhere() throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        assertThat(caseId).startsWith("case-");
        api.get("clerk", "/api/cases/" + caseId).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("RECEIVED"))
                .andExpect(jsonPath("$.steps[0].action").value("RECEIVE"))
                .andExpect(jsonPath("$.steps[0].ledger.status").value("PENDING"));

        // The receipt is still in the outbox: forwarding sees it there.
        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("FORWARDED"));

        long before = outbox.all().size();
        // Refusals, none written: Zhangzhou is not the home region; closing is out of order; an auditor never writes.
        api.post("approver", "/api/cases/" + caseId + "/approve", "{}").andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("WRONG_ORG"));
        api.post("clerk", "/api/cases/" + caseId + "/close", "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("WRONG_STATE"));
        api.post("auditor", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        api.post(null, "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
        assertThat(outbox.all()).hasSize((int) before);

        worker.drain();
        JsonNode committed = Api.json(api.get("clerk", "/api/cases/" + caseId).andExpect(status().isOk()));
        assertThat(committed.path("steps")).hasSize(2);
        assertThat(committed.path("steps").findValuesAsText("status")).containsOnly("COMMITTED");
        assertThat(committed.path("deadline").asText()).isNotEmpty();

        // Chaozhou approves with its own key, as its service would.
        RecordFactory chaozhou = Regions.member(ledgerProperties, service, DemoAlliance.CHAOZHOU);
        Regions.submit(ledger, chaozhou, Role.APPROVER, caseId + "/chaozhou-approve",
                ledger.subjectHead(CaseLedger.subject(caseId)).orElseThrow(), new CaseStepBody(caseId, CaseAction.APPROVE,
                        CaseState.FORWARDED, CaseState.APPROVED, Role.APPROVER, List.of()), clock);
        api.get("clerk", "/api/cases/" + caseId).andExpect(jsonPath("$.state").value("APPROVED"))
                .andExpect(jsonPath("$.steps[2].actorOrg").value(DemoAlliance.CHAOZHOU))
                .andExpect(jsonPath("$.steps[2].ledger.status").value("COMMITTED"));

        // Zhangzhou issues at one of its windows, then the certificate of a type it issues; a window
        // or a type the site does not have is refused before anything is written.
        long beforeIssue = outbox.all().size();
        api.post("issuer", "/api/cases/" + caseId + "/issue", "{\"window\":\"XM-WINDOW-01\"}")
                .andExpect(status().isUnprocessableEntity()).andExpect(jsonPath("$.reason").value("UNKNOWN_WINDOW"))
                .andExpect(jsonPath("$.field").value("window"))
                .andExpect(jsonPath("$.cause").value(org.hamcrest.Matchers.containsString("ZZ-WINDOW-03")));
        api.issueCertificate(Api.pdf("pension transfer " + caseId), "caseId", caseId, "typeCode", "XX99")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_CERTIFICATE_TYPE"));
        assertThat(outbox.all()).hasSize((int) beforeIssue);
        api.post("issuer", "/api/cases/" + caseId + "/issue", "{\"window\":\"ZZ-WINDOW-03\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("ISSUED"));
        JsonNode cert = Api.json(api.issueCertificate(Api.pdf("pension transfer " + caseId), "caseId", caseId,
                "typeCode", "SIT01", "validTo", "2036-12-31").andExpect(status().isCreated()));
        String certId = cert.path("certificateId").asText();
        assertThat(certId).matches("SIT01-350600-20[0-9]{2}-[0-9]{6}");
        assertThat(cert.path("fileHash").path("alg").asText()).isEqualTo(service.signatureAlgorithm().hash().id());
        // Not yet on the ledger: verifiers are told UNKNOWN, not VALID.
        api.get(null, "/api/certificates/" + certId + "/status").andExpect(jsonPath("$.status").value("UNKNOWN"));
        worker.drain();

        api.get(null, "/api/certificates/" + certId + "/status").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("VALID"))
                .andExpect(jsonPath("$.provenance.issuerOrg").value(DemoAlliance.ZHANGZHOU))
                .andExpect(jsonPath("$.provenance.caseId").value(caseId))
                .andExpect(jsonPath("$.provenance.itemCode").value(DemoAlliance.PENSION_TRANSFER))
                .andExpect(jsonPath("$.provenance.recordId").value(certId + "/issue"))
                .andExpect(jsonPath("$.provenance.ledger.txId").isNotEmpty())
                .andExpect(jsonPath("$.provenance.ledger.batchId").isNotEmpty());
        verifyUpload(Api.pdf("pension transfer " + caseId), null).andExpect(jsonPath("$.status").value("VALID"));
        verifyUpload(Api.pdf("a forged copy"), null).andExpect(jsonPath("$.status").value("UNKNOWN"))
                .andExpect(jsonPath("$.reason").value("FILE_NOT_RECOGNISED"));
        verifyUpload(Api.pdf("a forged copy"), certId).andExpect(jsonPath("$.status").value("UNKNOWN"))
                .andExpect(jsonPath("$.reason").value("FILE_MISMATCH"));

        // Shantou, a third member, recognises the certificate.
        RecordFactory shantou = Regions.member(ledgerProperties, service, DemoAlliance.SHANTOU);
        Regions.submit(ledger, shantou, Role.APPROVER, "rec-shantou-" + certId, null, new RecognitionBody(
                TargetType.CERTIFICATE, certId, Api.AGREEMENT, DemoAlliance.PENSION_TRANSFER,
                RecognitionDecision.RECOGNISED, null), clock);
        // Zhangzhou recognises Chaozhou's approval through the API; its own certificate it cannot.
        api.post("approver", "/api/recognitions", """
                {"targetType":"APPROVAL","targetId":"%s","decision":"RECOGNISED"}""".formatted(caseId))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.itemCode").value(DemoAlliance.PENSION_TRANSFER))
                .andExpect(jsonPath("$.ledger.status").value("PENDING"));
        api.post("approver", "/api/recognitions", """
                {"targetType":"CERTIFICATE","targetId":"%s","decision":"RECOGNISED"}""".formatted(certId))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("WRONG_ORG"));
        // Outside an agreement that covers the item.
        signNarrowAgreement(chaozhou);
        long beforeRecognition = outbox.all().size();
        api.post("approver", "/api/recognitions", """
                {"targetType":"APPROVAL","targetId":"%s","decision":"RECOGNISED","agreementId":"agr-narrow"}"""
                .formatted(caseId)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("ITEM_NOT_IN_AGREEMENT"));
        api.post("approver", "/api/recognitions", """
                {"targetType":"APPROVAL","targetId":"%s","decision":"RECOGNISED","agreementId":"agr-none"}"""
                .formatted(caseId)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_AGREEMENT"));
        assertThat(outbox.all()).hasSize((int) beforeRecognition);
        worker.drain();
        api.get("auditor", "/api/audit/recognitions?targetId=" + certId).andExpect(status().isOk())
                .andExpect(jsonPath("$.recognitions[0].recognisingOrg").value(DemoAlliance.SHANTOU))
                .andExpect(jsonPath("$.recognitions[0].issuingOrg").value(DemoAlliance.ZHANGZHOU));
        api.get("auditor", "/api/audit/recognitions?targetId=" + caseId)
                .andExpect(jsonPath("$.recognitions[0].recognisingOrg").value(DemoAlliance.ZHANGZHOU));

        // Revoked: every verification says so, and the id can never be issued again.
        api.post("issuer", "/api/certificates/" + certId + "/revoke", "{\"reason\":\"ISSUED_IN_ERROR\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.ledger.status").value("PENDING"));
        worker.drain();
        api.get(null, "/api/certificates/" + certId + "/status").andExpect(jsonPath("$.status").value("REVOKED"))
                .andExpect(jsonPath("$.reason").value("ISSUED_IN_ERROR"));
        verifyUpload(Api.pdf("pension transfer " + caseId), null).andExpect(jsonPath("$.status").value("REVOKED"));
        verifyUpload(Api.pdf("pension transfer " + caseId), certId).andExpect(jsonPath("$.status").value("REVOKED"));
        api.issueCertificate(Api.pdf("again"), "caseId", caseId, "typeCode", "SIT01", "certificateId", certId)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.reason").value("WRONG_STATE"));
        api.post("issuer", "/api/certificates/" + certId + "/reinstate", "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("WRONG_STATE"));
        api.get("auditor", "/api/audit/certificates/" + certId + "/history").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("REVOKED"))
                .andExpect(jsonPath("$.history[0].action").value("ISSUE"))
                .andExpect(jsonPath("$.history[1].action").value("REVOKE"));

        // The auditor's timeline and export.
        JsonNode timeline = Api.json(api.get("auditor", "/api/audit/cases/" + caseId + "/timeline").andExpect(status().isOk()));
        assertThat(timeline.path("steps").findValuesAsText("action")).containsExactly("RECEIVE", "FORWARD", "APPROVE", "ISSUE");
        assertThat(timeline.path("steps").get(2).path("actorOrg").asText()).isEqualTo(DemoAlliance.CHAOZHOU);
        assertThat(timeline.path("overdue").asBoolean()).isFalse();
        assertThat(timeline.path("deadline").asText()).isNotEmpty();
        for (String recordId : List.of(caseId + "/chaozhou-approve", certId + "/issue")) {
            byte[] bundle = api.get("auditor", "/api/evidence/" + recordId + "/bundle").andExpect(status().isOk())
                    .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString(".bundle.json")))
                    .andReturn().getResponse().getContentAsByteArray();
            Verdict verdict = new BundleVerifier(trust(chaozhou)).verify(EvidenceBundle.parse(bundle));
            assertThat(verdict.valid()).as(verdict.toString()).isTrue();
        }
        // A certificate's bundle is public, a case step's is not.
        api.get(null, "/api/evidence/" + certId + "/issue/bundle").andExpect(status().isOk());
        api.get(null, "/api/evidence/" + caseId + "/receive/bundle").andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
        api.get("clerk", "/api/evidence/" + caseId + "/receive/bundle").andExpect(status().isForbidden());
        api.get("auditor", "/api/evidence/no-such-record/bundle").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_RECORD"));
    }

    private org.springframework.test.web.servlet.ResultActions verifyUpload(
            org.springframework.mock.web.MockMultipartFile file, String certificateId) throws Exception {
        var req = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/api/certificates/verify")
                .file(file);
        if (certificateId != null) {
            req.param("certificateId", certificateId);
        }
        return mvc.perform(req).andExpect(status().isOk());
    }

    /** The auditor's trust directory: each org's record key and the ledger node's key. */
    private TrustStore trust(RecordFactory chaozhou) {
        PublicKey zhangzhou = Keys.publicKeyFromDer(Base64.getDecoder().decode(service.publicKeyBase64()));
        PublicKey chaozhouKey = Keys.publicKeyFromDer(Base64.getDecoder().decode(chaozhou.publicKeyBase64()));
        PublicKey node = ((EmbeddedLedger) embedded).nodePublicKey();
        return TrustStore.of(Map.of(DemoAlliance.ZHANGZHOU, List.of(zhangzhou, node), DemoAlliance.CHAOZHOU,
                List.of(chaozhouKey)));
    }

    /** A second agreement between Zhangzhou and Chaozhou that covers only enterprise registration. */
    private void signNarrowAgreement(RecordFactory chaozhou) {
        if (ledger.subjectHead("agreement/agr-narrow").isPresent()) {
            return;
        }
        AgreementTerms terms = new AgreementTerms(List.of(
                new Member(DemoAlliance.ZHANGZHOU, "Zhangzhou, Fujian", "3506", MemberRole.REGION,
                        List.of(service.publicKeyBase64())),
                new Member(DemoAlliance.CHAOZHOU, "Chaozhou, Guangdong", "4451", MemberRole.REGION,
                        List.of(chaozhou.publicKeyBase64()))),
                List.of(DemoAlliance.item("ENT-SETUP")), List.of(), "sha256:" + "ef".repeat(32));
        SignedRecord proposal = Regions.submit(ledger, service, Role.ADMIN, "agr-narrow/v1/propose", null,
                new AgreementBody(AgreementAction.PROPOSE, "agr-narrow", 1, terms, null), clock);
        String contentHash = RecordCodec.taggedHash(proposal.record());
        for (RecordFactory f : List.of(service, chaozhou)) {
            Regions.submit(ledger, f, Role.ADMIN, "agr-narrow/v1/sign/" + f.org(),
                    ledger.subjectHead(proposal.record().subject()).orElseThrow(),
                    new AgreementBody(AgreementAction.SIGN, "agr-narrow", 1, null, contentHash), clock);
        }
        assertThat(new String(RecordCodec.toCanonicalJson(ledger.agreement("agr-narrow")), StandardCharsets.UTF_8))
                .contains("\"activeVersion\":1");
    }
}
