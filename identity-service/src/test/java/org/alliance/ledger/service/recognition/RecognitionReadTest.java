package org.alliance.ledger.service.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/recognitions/{id}}: the writer follows a recognition from PENDING to COMMITTED (a
 * replayed write keeps answering the first answer, the read does not), a recognition the rules
 * refuse on submission reads FAILED with the rule's code, another member's recognition is read from
 * the ledger, and unknown ids, records that are not recognitions, anonymous callers and other roles
 * are refused with their reasons; the read is published in the OpenAPI document.
 */
class RecognitionReadTest extends ServiceTestBase {
    @Test
    void theWriterFollowsItsRecognitionToCommittedWhileAReplayStillAnswersTheFirstAnswer() throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        String request = """
                {"targetType":"APPROVAL","targetId":"%s","decision":"REFUSED","reason":"MATERIAL_INCOMPLETE"}"""
                .formatted(caseId);
        String key = "refuse-" + caseId;
        JsonNode written = Api.json(api.post("approver", "/api/recognitions", request, key)
                .andExpect(status().isCreated()).andExpect(jsonPath("$.ledger.status").value("PENDING")));
        String id = written.path("recognitionId").asText();

        JsonNode pending = Api.json(api.get("approver", "/api/recognitions/" + id).andExpect(status().isOk()));
        assertThat(pending).isEqualTo(written);

        worker.drain();
        JsonNode committed = Api.json(api.get("clerk", "/api/recognitions/" + id).andExpect(status().isOk())
                .andExpect(jsonPath("$.ledger.status").value("COMMITTED"))
                .andExpect(jsonPath("$.ledger.txId").isNotEmpty())
                .andExpect(jsonPath("$.ledger.batchId").isNotEmpty())
                .andExpect(jsonPath("$.ledger.reason").doesNotExist()));
        assertThat(withoutLedger(committed)).isEqualTo(withoutLedger(written));
        assertThat(committed.path("reason").asText()).isEqualTo("MATERIAL_INCOMPLETE");
        assertThat(committed.path("recognisingOrg").asText()).isEqualTo(service.org());
        assertThat(committed.path("ledger").path("txId").asText())
                .isEqualTo(ledger.record(id).orElseThrow().txId());

        // The replay answers the stored first answer, still PENDING: why the read exists.
        api.post("approver", "/api/recognitions", request, key).andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.recognitionId").value(id))
                .andExpect(jsonPath("$.ledger.status").value("PENDING"));
    }

    @Test
    void aRecognitionTheLedgerRefusesReadsFailedWithTheRuleCode() throws Exception {
        // Acknowledged into the outbox as a worker race would leave it: the case no longer judges it.
        SignedRecord doomed = service.create("rec-doomed-" + UUID.randomUUID(), clock.instant().truncatedTo(ChronoUnit.SECONDS),
                null, new RecognitionBody(TargetType.APPROVAL, "case-nowhere", Api.AGREEMENT, DemoAlliance.PENSION_TRANSFER,
                        RecognitionDecision.RECOGNISED, null));
        outbox.add(doomed, Role.APPROVER);
        String path = "/api/recognitions/" + doomed.record().id();
        api.get("approver", path).andExpect(status().isOk()).andExpect(jsonPath("$.ledger.status").value("PENDING"))
                .andExpect(jsonPath("$.targetId").value("case-nowhere"));

        worker.drain();
        api.get("approver", path).andExpect(status().isOk())
                .andExpect(jsonPath("$.ledger.status").value("FAILED"))
                .andExpect(jsonPath("$.ledger.reason").value(org.hamcrest.Matchers.startsWith("UNKNOWN_CASE")))
                .andExpect(jsonPath("$.ledger.txId").doesNotExist());
    }

    @Test
    void anotherMembersRecognitionIsReadFromTheLedger() throws Exception {
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        worker.drain();
        RecordFactory shantou = Regions.member(ledgerProperties, service, DemoAlliance.SHANTOU);
        SignedRecord theirs = Regions.submit(ledger, shantou, Role.APPROVER, "rec-shantou-" + UUID.randomUUID(), null,
                new RecognitionBody(TargetType.APPROVAL, caseId, Api.AGREEMENT, DemoAlliance.PENSION_TRANSFER,
                        RecognitionDecision.REFUSED, "NOT_ELIGIBLE"), clock);
        String id = theirs.record().id();
        assertThat(outbox.find(id)).isEmpty();

        api.get("approver", "/api/recognitions/" + id).andExpect(status().isOk())
                .andExpect(jsonPath("$.recognitionId").value(id))
                .andExpect(jsonPath("$.recognisingOrg").value(DemoAlliance.SHANTOU))
                .andExpect(jsonPath("$.targetType").value("APPROVAL"))
                .andExpect(jsonPath("$.targetId").value(caseId))
                .andExpect(jsonPath("$.decision").value("REFUSED"))
                .andExpect(jsonPath("$.reason").value("NOT_ELIGIBLE"))
                .andExpect(jsonPath("$.ledger.status").value("COMMITTED"))
                .andExpect(jsonPath("$.ledger.txId").value(ledger.record(id).orElseThrow().txId()));
    }

    @Test
    void unknownIdsAndRecordsThatAreNotRecognitionsAre404AndNothingIsWritten() throws Exception {
        // A case step waiting in this service's outbox under an id with no slash: a record, not a recognition.
        SignedRecord step = service.create("case-nowhere-step-" + UUID.randomUUID(), clock.instant().truncatedTo(ChronoUnit.SECONDS),
                null, new CaseStepBody("case-nowhere", CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED,
                        Role.CLERK, List.of()));
        outbox.add(step, Role.CLERK);
        int before = outbox.all().size();
        for (String id : new String[] {"rec-nope", step.record().id(), "x".repeat(300), "rec-互认-\u00e9"}) {
            api.get("approver", "/api/recognitions/" + id).andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.reason").value("UNKNOWN_RECORD"));
        }
        assertThat(outbox.all()).hasSize(before);
        worker.drain();
        // Once the worker has settled it (FAILED: the case is unknown), it is still not a recognition.
        api.get("clerk", "/api/recognitions/" + step.record().id()).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_RECORD"));
    }

    @Test
    void onlyClerksAndApproversReadRecognitions() throws Exception {
        String path = "/api/recognitions/rec-nope";
        api.get(null, path).andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
        for (String user : new String[] {"applicant", "issuer", "auditor", "admin"}) {
            api.get(user, path).andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        }
    }

    @Test
    void theReadIsInTheOpenApiDocumentNextToTheWrite() throws Exception {
        api.get(null, "/v3/api-docs").andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/recognitions'].post").exists())
                .andExpect(jsonPath("$.paths['/api/recognitions/{id}'].get.summary").value(
                        org.hamcrest.Matchers.containsString("UNKNOWN_RECORD")));
    }

    private static JsonNode withoutLedger(JsonNode recognition) {
        ObjectNode copy = recognition.deepCopy();
        copy.remove("ledger");
        return copy;
    }
}
