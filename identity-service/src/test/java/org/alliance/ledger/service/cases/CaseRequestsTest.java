package org.alliance.ledger.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;

/**
 * Case requests that must not write twice or at all: idempotency-key replays, unknown items and
 * cases, missing fields, the wrong role. Each refusal leaves the outbox as it was.
 */
class CaseRequestsTest extends ServiceTestBase {
    private static final String RECEIVE = """
            {"agreementId":"agr-demo-alliance","itemCode":"%s","homeOrg":"ChaozhouMSP","subjectRef":"%s","assisted":false}""";

    @Test
    void sameIdempotencyKeyGivesTheSameCaseAndOneRecord() throws Exception {
        String body = RECEIVE.formatted("ENT-SETUP", Api.SUBJECT);
        int before = outbox.all().size();
        JsonNode first = Api.json(api.post("clerk", "/api/cases", body, "receive-42").andExpect(status().isCreated()));
        JsonNode again = Api.json(api.post("clerk", "/api/cases", body, "receive-42").andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true")));
        assertThat(again.path("caseId").asText()).isEqualTo(first.path("caseId").asText());
        assertThat(outbox.all()).hasSize(before + 1);

        // The key belongs to that request: reused for another one it is refused, nothing written.
        api.post("clerk", "/api/cases", RECEIVE.formatted("LABOUR-DISPATCH", Api.SUBJECT), "receive-42")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.reason").value("IDEMPOTENCY_KEY_REUSED"));
        assertThat(outbox.all()).hasSize(before + 1);

        // A repeated step answers as the first time instead of 409, and writes no second step.
        String caseId = first.path("caseId").asText();
        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}", "fwd-1").andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("FORWARDED"));
        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}", "fwd-1").andExpect(status().isOk())
                .andExpect(header().string("Idempotent-Replayed", "true"));
        assertThat(outbox.all()).hasSize(before + 2);
        // Without the key, the same step again is out of order.
        api.post("clerk", "/api/cases/" + caseId + "/forward", "{}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.reason").value("WRONG_STATE"));
    }

    @Test
    void unknownItemCaseOrAgreementIs404AndNothingIsWritten() throws Exception {
        int before = outbox.all().size();
        api.post("clerk", "/api/cases", RECEIVE.formatted("NO-SUCH-ITEM", Api.SUBJECT)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_ITEM"));
        api.post("clerk", "/api/cases", RECEIVE.formatted("ENT-SETUP", Api.SUBJECT).replace("agr-demo-alliance", "agr-x"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.reason").value("UNKNOWN_AGREEMENT"));
        api.post("clerk", "/api/cases/case-nope/forward", "{}").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_CASE"));
        api.get("clerk", "/api/cases/case-nope").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_CASE"));
        assertThat(outbox.all()).hasSize(before);
    }

    @Test
    void badFieldsAndRolesAreRefusedBeforeAnythingIsWritten() throws Exception {
        int before = outbox.all().size();
        api.post("clerk", "/api/cases", RECEIVE.formatted("ENT-SETUP", "not-hex")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("BAD_HASH"));
        api.post("clerk", "/api/cases", "{\"agreementId\":\"agr-demo-alliance\",\"itemCode\":\"ENT-SETUP\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("MISSING_FIELD"))
                .andExpect(jsonPath("$.field").value("homeOrg"));
        api.post("clerk", "/api/cases", RECEIVE.formatted("ENT-SETUP", Api.SUBJECT).replace("ChaozhouMSP", "AuditMSP"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.reason").value("WRONG_ORG"));
        // Only a clerk receives; an applicant or auditor gets 403, a wrong password 401.
        api.post("applicant", "/api/cases", RECEIVE.formatted("ENT-SETUP", Api.SUBJECT)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.reason").value("FORBIDDEN"));
        api.post("auditor", "/api/cases", RECEIVE.formatted("ENT-SETUP", Api.SUBJECT)).andExpect(status().isForbidden());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/cases")
                        .contentType("application/json").content(RECEIVE.formatted("ENT-SETUP", Api.SUBJECT))
                        .header("Authorization", "Basic Y2xlcms6d3Jvbmc="))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.reason").value("UNAUTHENTICATED"));
        // Issuing needs the issuer, approving the approver: a clerk may do neither.
        String caseId = api.receive(DemoAlliance.PENSION_TRANSFER);
        api.post("clerk", "/api/cases/" + caseId + "/issue", "{}").andExpect(status().isForbidden());
        api.post("clerk", "/api/cases/" + caseId + "/approve", "{}").andExpect(status().isForbidden());
        // A window is chosen only when issuing.
        api.post("clerk", "/api/cases/" + caseId + "/forward", "{\"window\":\"ZZ-1\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("MALFORMED_INPUT"));
        assertThat(outbox.all()).hasSize(before + 1);
        // The public kiosk stays public.
        api.get(null, "/kiosk.html").andExpect(status().isOk());
    }
}
