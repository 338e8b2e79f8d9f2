package org.alliance.ledger.service.identity.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.service.testkit.Checks;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The identity-check API end to end on the fake engine: an accepted check reaches the ledger,
 * biometric rejections are recorded and answered 422, and every row of the bad-input matrix that
 * the service itself decides gets its status and reason with nothing stored.
 */
class IdentityCheckApiTest extends ServiceTestBase {
    @Test
    void acceptedCheckIsSignedStoredAndCommittedThroughTheOutbox() throws Exception {
        String nonce = Checks.nonce(mvc);
        String body = mvc.perform(Checks.forNonce(nonce).request())
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/identity/checks/att-")))
                .andExpect(jsonPath("$.decision").value("ACCEPTED"))
                .andExpect(jsonPath("$.reasons").isEmpty())
                .andExpect(jsonPath("$.scores.similarity").value(1.0))
                .andExpect(jsonPath("$.model.id").value("fake-embed"))
                .andExpect(jsonPath("$.model.set").value("fake-set"))
                .andExpect(jsonPath("$.model.licence").value("test fixture, no licence"))
                .andExpect(jsonPath("$.record.record.body.model.set").value("fake-set"))
                .andExpect(jsonPath("$.record.record.body.model.licence").value("test fixture, no licence"))
                .andExpect(jsonPath("$.threshold").value(0.5))
                .andExpect(jsonPath("$.falseMatchRate").value(1e-4))
                .andExpect(jsonPath("$.ledger.status").value("PENDING"))
                .andExpect(jsonPath("$.record.record.type").value("IDENTITY_ATTESTATION"))
                .andExpect(jsonPath("$.record.record.body.liveness.actions[0]").value("BLINK"))
                .andReturn().getResponse().getContentAsString();
        String id = body.substring(body.indexOf("\"id\":\"") + 6, body.indexOf('"', body.indexOf("\"id\":\"") + 6));

        String recordJson = jdbc.sql("select record_json from outbox where record_id = ?").param(id).query(String.class).single();
        SignedRecord record = RecordCodec.parse(recordJson.getBytes(StandardCharsets.UTF_8));
        record.verifySignature();
        assertThat(recordJson).doesNotContain(Checks.ID_NUMBER).doesNotContain("张三").doesNotContain("alice");
        assertThat(jdbc.sql("select count(*) from pii_blob where check_id = ?").param(id).query(Long.class).single())
                .isEqualTo(7);
        assertThat(jdbc.sql("select consent_version from identity_check where id = ?").param(id).query(String.class).single())
                .isEqualTo("imi-consent-v1");

        worker.drain();
        mvc.perform(get("/api/identity/checks/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ledger.status").value("COMMITTED"))
                .andExpect(jsonPath("$.ledger.txId").isNotEmpty())
                .andExpect(jsonPath("$.ledger.batchId").isNotEmpty());
    }

    @Test
    void differentPersonIsRecordedAsRejectedAndAnswered422() throws Exception {
        List<Long> before = Checks.counts(jdbc);
        String nonce = Checks.nonce(mvc);
        String problem = expectProblem(Checks.forNonce(nonce).reference("FACE person=bob n=ref"), 422, "DIFFERENT_PERSON")
                .andExpect(jsonPath("$.decision").value("REJECTED"))
                .andExpect(jsonPath("$.reasons", hasItem("DIFFERENT_PERSON")))
                .andReturn().getResponse().getContentAsString();
        String id = problem.substring(problem.indexOf("att-"), problem.indexOf('"', problem.indexOf("att-")));
        List<Long> after = Checks.counts(jdbc);
        assertThat(after.get(0)).isEqualTo(before.get(0) + 1);
        assertThat(after.get(2)).isEqualTo(before.get(2) + 1);
        worker.drain();
        mvc.perform(get("/api/identity/checks/" + id))
                .andExpect(jsonPath("$.decision").value("REJECTED"))
                .andExpect(jsonPath("$.ledger.status").value("COMMITTED"));
        // The nonce is spent by the recorded attempt.
        expectProblem(Checks.forNonce(nonce), 409, "NONCE_REUSED");
    }

    @Test
    void wrongChallengeOrderFailsLiveness() throws Exception {
        expectProblem(Checks.forNonce(Checks.nonce(mvc)).frames(
                "FACE person=alice yaw=30 eyes=1 n=1", "FACE person=alice yaw=0 eyes=0.1 n=2"), 422, "LIVENESS_FAILED")
                .andExpect(jsonPath("$.reasons", hasItem("WRONG_ORDER")));
    }

    @Test
    void repeatedFrameFailsLiveness() throws Exception {
        String same = "FACE person=alice yaw=0 eyes=0.1 n=1";
        expectProblem(Checks.forNonce(Checks.nonce(mvc)).frames(same, same, "FACE person=alice yaw=30 n=3"), 422,
                "LIVENESS_FAILED").andExpect(jsonPath("$.reasons", hasItem("REPEATED_FRAME")));
    }

    @Test
    void photoOfAPhotoIsSpoofSuspected() throws Exception {
        expectProblem(Checks.forNonce(Checks.nonce(mvc)).frames("FACE person=alice eyes=0.1 live=0.1 n=1",
                "FACE person=alice yaw=30 live=0.1 n=2"), 422, "SPOOF_SUSPECTED");
    }

    @Test
    void badCheckDigitIsRefusedAndNothingStored() throws Exception {
        String id = Checks.ID_NUMBER;
        char wrong = id.charAt(17) == '0' ? '1' : '0';
        assertNothingStored(Checks.forNonce(Checks.nonce(mvc)).field("idNumber", id.substring(0, 17) + wrong),
                400, "BAD_CHECK_DIGIT");
    }

    @Test
    void unknownProvinceAndFutureBirthAreRefused() throws Exception {
        assertNothingStored(Checks.forNonce(Checks.nonce(mvc)).field("idNumber", Checks.withCheck("99062219900101123")),
                400, "UNKNOWN_REGION");
        assertNothingStored(Checks.forNonce(Checks.nonce(mvc)).field("idNumber", Checks.withCheck("35062220990101123")),
                400, "BAD_BIRTH_DATE");
    }

    @Test
    void expiredCardIsRefusedAndNothingStored() throws Exception {
        assertNothingStored(Checks.forNonce(Checks.nonce(mvc)).field("cardValidFrom", "2010-01-01")
                .field("cardValidTo", "2020-01-01"), 422, "CARD_EXPIRED");
    }

    @Test
    void longTermCardIsAccepted() throws Exception {
        mvc.perform(Checks.forNonce(Checks.nonce(mvc)).field("cardValidTo", "长期").request())
                .andExpect(status().isCreated());
    }

    @ParameterizedTest
    @ValueSource(strings = {"idNumber", "name", "cardValidFrom", "cardValidTo", "nonce", "consent"})
    void missingFieldIsRefusedAndNothingStored(String field) throws Exception {
        assertNothingStored(Checks.forNonce(Checks.nonce(mvc)).field(field, null), 400, "MISSING_FIELD")
                .andExpect(jsonPath("$.field").value(field));
    }

    @Test
    void missingImagesAreRefused() throws Exception {
        assertNothingStored(Checks.forNonce(Checks.nonce(mvc)).reference(null), 400, "MISSING_FIELD")
                .andExpect(jsonPath("$.field").value("referencePhoto"));
        assertNothingStored(Checks.forNonce(Checks.nonce(mvc)).frames(), 400, "MISSING_FIELD")
                .andExpect(jsonPath("$.field").value("frames"));
    }

    @Test
    void consentMustBeGiven() throws Exception {
        assertNothingStored(Checks.forNonce(Checks.nonce(mvc)).field("consent", "false"), 400, "CONSENT_REQUIRED");
    }

    @Test
    void expiredNonceIsRefused() throws Exception {
        String nonce = Checks.nonce(mvc);
        clock.advance(Duration.ofSeconds(121));
        try {
            assertNothingStored(Checks.forNonce(nonce), 410, "NONCE_EXPIRED");
        } finally {
            clock.advance(Duration.ofSeconds(-121));
        }
    }

    @Test
    void reusedNonceIsRefused() throws Exception {
        String nonce = Checks.nonce(mvc);
        mvc.perform(Checks.forNonce(nonce).request()).andExpect(status().isCreated());
        assertNothingStored(Checks.forNonce(nonce), 409, "NONCE_REUSED");
    }

    @Test
    void twoConcurrentChecksWithOneNonceStoreExactlyOne() throws Exception {
        String nonce = Checks.nonce(mvc);
        List<Long> before = Checks.counts(jdbc);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Callable<Integer> attempt = () -> {
                start.await();
                return mvc.perform(Checks.forNonce(nonce).request()).andReturn().getResponse().getStatus();
            };
            Future<Integer> a = pool.submit(attempt);
            Future<Integer> b = pool.submit(attempt);
            start.countDown();
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdown();
        }
        List<Long> after = Checks.counts(jdbc);
        assertThat(after.get(0)).isEqualTo(before.get(0) + 1);
        assertThat(after.get(2)).isEqualTo(before.get(2) + 1);
    }

    @Test
    void unknownNonceIsRefused() throws Exception {
        assertNothingStored(Checks.forNonce("0".repeat(32)), 400, "NONCE_UNKNOWN");
    }

    @Test
    void notAnImageIsRefusedWithTheNonceStillUsable() throws Exception {
        String nonce = Checks.nonce(mvc);
        assertNothingStored(Checks.forNonce(nonce).reference("plain text, not a JPEG"), 415, "NOT_AN_IMAGE")
                .andExpect(jsonPath("$.field").value("referencePhoto"));
        mvc.perform(Checks.forNonce(nonce).request()).andExpect(status().isCreated());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRUNCATED:400", "TOO_MANY_PIXELS:413", "DECOMPRESSION_BOMB:413", "NO_FACE:422",
            "MULTIPLE_FACES:422", "LOW_QUALITY:422"})
    void imageRejectionsMapToTheirStatus(String row) throws Exception {
        String[] p = row.split(":");
        assertNothingStored(Checks.forNonce(Checks.nonce(mvc)).frames("FACE person=alice eyes=0.1 n=1",
                "REJECT " + p[0]), Integer.parseInt(p[1]), p[0])
                .andExpect(jsonPath("$.field").value("frames[1]"));
    }

    @Test
    void unknownCheckIs404() throws Exception {
        mvc.perform(get("/api/identity/checks/att-nope"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.reason").value("UNKNOWN_CHECK"));
    }

    @Test
    void openApiIsPublished() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/identity/checks'].post").exists())
                .andExpect(jsonPath("$.paths['/api/identity/challenges'].post").exists());
    }

    @Test
    void outcomesAndOutboxAreMeasured() throws Exception {
        mvc.perform(Checks.forNonce("f".repeat(32)).request()).andExpect(status().isBadRequest());
        mvc.perform(get("/actuator/metrics/alliance.identity.checks").param("tag", "reason:NONCE_UNKNOWN"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.measurements[0].value").value(org.hamcrest.Matchers.greaterThanOrEqualTo(1.0)));
        mvc.perform(get("/actuator/metrics/alliance.outbox.entries").param("tag", "status:FAILED"))
                .andExpect(status().isOk());
    }

    @Test
    void healthIsUp() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.ledger.status").value("UP"));
    }

    private ResultActions expectProblem(Checks check, int status, String reason) throws Exception {
        return mvc.perform(check.request())
                .andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value(reason));
    }

    private ResultActions assertNothingStored(Checks check, int status, String reason) throws Exception {
        List<Long> before = Checks.counts(jdbc);
        ResultActions result = expectProblem(check, status, reason);
        assertThat(Checks.counts(jdbc)).as("check rows, blobs, outbox rows, used nonces").isEqualTo(before);
        return result;
    }
}
