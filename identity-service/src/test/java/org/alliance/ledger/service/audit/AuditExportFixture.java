package org.alliance.ledger.service.audit;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.alliance.ledger.service.cases.CaseLedger;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * What the export tests share: a real cross-region flow on the service (Zhangzhou receives and
 * forwards, Chaozhou approves, Zhangzhou issues and revokes the certificate, Shantou recognises it),
 * the keys an auditor trusts for it, and the auditor's download of an export.
 */
abstract class AuditExportFixture extends ServiceTestBase {
    @Autowired
    @Qualifier("evidenceLedger")
    private EvidenceLedger embedded;

    /** The flow's ids, and the keys that signed it. */
    record Flow(String caseId, String certId, List<RecordFactory> members) {
    }

    /** Runs the flow on this test's service and returns its ids and signers. */
    Flow flow() throws Exception {
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
        api.post("issuer", "/api/certificates/" + certId + "/revoke", "{\"reason\":\"ISSUED_IN_ERROR\"}")
                .andExpect(status().isOk());
        worker.drain();
        return new Flow(caseId, certId, List.of(service, chaozhou, shantou));
    }

    /** The auditor's trust: each member's record key, and the node key under the node's org. */
    Map<String, List<PublicKey>> trustedKeys(Flow flow) {
        Map<String, List<PublicKey>> keys = new HashMap<>();
        for (RecordFactory f : flow.members()) {
            keys.computeIfAbsent(f.org(), k -> new ArrayList<>())
                    .add(Keys.publicKeyFromDer(Base64.getDecoder().decode(f.publicKeyBase64())));
        }
        keys.get(DemoAlliance.ZHANGZHOU).add(((EmbeddedLedger) embedded).nodePublicKey());
        return keys;
    }

    /** The auditor's download of an export endpoint, checked to be served as an attachment. */
    byte[] export(String path) throws Exception {
        return api.get("auditor", path).andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition",
                        org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.startsWith("attachment; filename=\""),
                                org.hamcrest.Matchers.endsWith(".package.json\""))))
                .andReturn().getResponse().getContentAsByteArray();
    }
}
