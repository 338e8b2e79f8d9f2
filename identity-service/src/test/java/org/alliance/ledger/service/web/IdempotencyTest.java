package org.alliance.ledger.service.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.SelfHomedCase;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockPart;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The {@code Idempotency-Key} filter: a refused write keeps nothing, so its key serves the corrected
 * request; a multipart write is known by its parameters and its file, whatever the boundary; a
 * malformed key is refused with its field; writes with one key racing each other write once and all
 * answer the winner's response; a key on an operation that is not a write is ignored.
 */
class IdempotencyTest extends ServiceTestBase {
    @Test
    void aRefusedWriteKeepsNothingSoItsKeyServesTheCorrectedRequest() throws Exception {
        String key = "receive-corrected";
        int before = outbox.all().size();
        api.post("clerk", "/api/cases", "{\"agreementId\":\"agr-demo-alliance\",\"itemCode\":\"ENT-SETUP\"}", key)
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.reason").value("MISSING_FIELD"))
                .andExpect(jsonPath("$.field").value("homeOrg"));
        assertThat(stored(key)).isZero();

        JsonNode first = Api.json(api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE, key)
                .andExpect(status().isCreated()).andExpect(header().doesNotExist(Idempotency.REPLAYED)));
        JsonNode again = Api.json(api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE, key)
                .andExpect(status().isCreated()).andExpect(header().string(Idempotency.REPLAYED, "true")));
        assertThat(again).isEqualTo(first);
        assertThat(stored(key)).isOne();
        assertThat(outbox.all()).hasSize(before + 1);
        // Member order and spacing do not make another request.
        String reordered = "{ \"homeOrg\": \"ZhangzhouMSP\", " + SelfHomedCase.RECEIVE.substring(1)
                .replace(",\"homeOrg\":\"ZhangzhouMSP\"", "");
        api.post("clerk", "/api/cases", reordered, key).andExpect(status().isCreated())
                .andExpect(header().string(Idempotency.REPLAYED, "true"));
    }

    @Test
    void aMultipartWriteIsKnownByItsParametersAndItsFile() throws Exception {
        String caseId = approvedCase();
        int before = outbox.all().size();
        JsonNode first = Api.json(issue(caseId, "the certificate", "issue-" + caseId).andExpect(status().isCreated()));
        JsonNode again = Api.json(issue(caseId, "the certificate", "issue-" + caseId).andExpect(status().isCreated())
                .andExpect(header().string(Idempotency.REPLAYED, "true")));
        assertThat(again).isEqualTo(first);
        issue(caseId, "another file", "issue-" + caseId).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("IDEMPOTENCY_KEY_REUSED"));
        assertThat(outbox.all()).hasSize(before + 1);
    }

    @Test
    void aMalformedKeyIsRefusedWithItsField() throws Exception {
        int before = outbox.all().size();
        api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE, "has space").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("BAD_FIELD"))
                .andExpect(jsonPath("$.field").value(Idempotency.HEADER));
        api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE, "k".repeat(129)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("BAD_FIELD"));
        assertThat(outbox.all()).hasSize(before);
    }

    @Test
    void stepsRacingWithOneKeyWriteOnceAndAllAnswerTheWinnersResponse() throws Exception {
        String caseId = Api.json(api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE)
                .andExpect(status().isCreated())).path("caseId").asText();
        int before = outbox.all().size();
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<MockHttpServletResponse>> answers = new ArrayList<>();
        try {
            Callable<MockHttpServletResponse> forward = () -> api.post("clerk", "/api/cases/" + caseId + "/forward",
                    "{}", "race-" + caseId).andReturn().getResponse();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(forward));
            }
            List<JsonNode> bodies = new ArrayList<>();
            int replayed = 0;
            for (Future<MockHttpServletResponse> answer : answers) {
                MockHttpServletResponse response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
                bodies.add(Api.json(response.getContentAsString()));
                replayed += "true".equals(response.getHeader(Idempotency.REPLAYED)) ? 1 : 0;
            }
            assertThat(bodies).allMatch(b -> b.equals(bodies.get(0)));
            assertThat(bodies.get(0).path("state").asText()).isEqualTo("FORWARDED");
            assertThat(replayed).isEqualTo(racers - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(outbox.all()).hasSize(before + 1);
    }

    @Test
    void aKeyOnAnOperationThatWritesNothingIsIgnored() throws Exception {
        mvc.perform(MockMvcRequestBuilders.multipart("/api/certificates/verify").part(pdf("unknown file"))
                        .header(Idempotency.HEADER, "verify-1"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UNKNOWN"))
                .andExpect(header().doesNotExist(Idempotency.REPLAYED));
        assertThat(stored("verify-1")).isZero();
    }

    /** A case of this region taken to APPROVED, ready for its certificate. */
    private String approvedCase() throws Exception {
        String caseId = Api.json(api.post("clerk", "/api/cases", SelfHomedCase.RECEIVE)
                .andExpect(status().isCreated())).path("caseId").asText();
        for (int i = 0; i < 2; i++) {
            api.post(SelfHomedCase.USERS[i], "/api/cases/" + caseId + "/" + SelfHomedCase.STEPS[i], "{}")
                    .andExpect(status().isOk());
        }
        return caseId;
    }

    /** Issues with the file as a part of its own, as a browser sends it (MockMvc's file() is no part). */
    private ResultActions issue(String caseId, String content, String key) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.multipart("/api/certificates").part(pdf(content))
                .param("caseId", caseId).param("typeCode", "SIT01").headers(Regions.as("issuer"))
                .header(Idempotency.HEADER, key));
    }

    private static MockPart pdf(String content) throws Exception {
        MockPart part = new MockPart("file", "c.pdf", Api.pdf(content).getBytes());
        part.getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_PDF);
        return part;
    }

    private long stored(String key) {
        return jdbc.sql("select count(*) from idempotency where idem_key = ?").param(key).query(Long.class).single();
    }
}
