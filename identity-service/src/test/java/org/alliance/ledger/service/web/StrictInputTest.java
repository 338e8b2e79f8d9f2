package org.alliance.ledger.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.RawHttp;
import org.alliance.ledger.service.testkit.Regions;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

/**
 * Bad input at every layer of the real server, sent byte for byte over a socket: a query string
 * the parameter parser cannot read, a path Tomcat or the security firewall refuses, a request head
 * too large for Tomcat, a JSON body with a duplicated member or not in UTF-8. Each answer is a 4xx
 * problem+json with a {@code reason}, nothing is written (no outbox entry, so no case; no
 * idempotency key), and the log shows no stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class StrictInputTest extends ServiceTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLERK = Regions.as("clerk").getFirst(HttpHeaders.AUTHORIZATION);
    private static final String RECEIVE = """
            {"agreementId":"agr-demo-alliance","itemCode":"ENT-SETUP","homeOrg":"ChaozhouMSP","subjectRef":"%s",%s"assisted":false}""";
    private static final List<String> TABLES = List.of("outbox", "idempotency", "identity_check", "pii_blob",
            "certificate_file", "certificate_serial", "challenge");

    @LocalServerPort
    private int port;
    private RawHttp http;
    

    @BeforeEach
    void client() {
        http = new RawHttp(port);
    }

    static Stream<Arguments> badRequests() {
        String longPath = "/api/cases/" + "a".repeat(70_000);
        return Stream.of(
                // Query strings the parameter parser refuses; anonymous callers reach the parser too.
                bad("GET", "/api/cases?=x", Map.of(), null, 400, "BAD_QUERY"),
                bad("GET", "/api/cases?=x", clerk(), null, 400, "BAD_QUERY"),
                bad("POST", "/api/certificates/verify?=x", Map.of(), null, 400, "BAD_QUERY"),
                bad("GET", "/api/cases?x=%zz", clerk(), null, 400, "BAD_QUERY"),
                bad("GET", "/api/cases?bookmark=%00%ff", clerk(), null, 400, "BAD_QUERY"),
                bad("GET", "/api/cases?bookmark=%ff", clerk(), null, 400, "BAD_QUERY"),
                bad("GET", "/api/cases?state=%", clerk(), null, 400, "BAD_QUERY"),
                bad("POST", "/api/cases?=x", clerk(), receive(""), 400, "BAD_QUERY"),
                // Form bodies the parameter parser refuses (the sign-in form reads its fields in a filter).
                bad("POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        "=x".getBytes(StandardCharsets.US_ASCII), 400, "BAD_FORM"),
                bad("POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        "username=%zz".getBytes(StandardCharsets.US_ASCII), 400, "BAD_FORM"),
                // Paths Tomcat refuses before any servlet runs.
                bad("GET", "/api/cases/%2f", clerk(), null, 400, "BAD_PATH"),
                bad("GET", "/api/cases/%00", clerk(), null, 400, "BAD_PATH"),
                bad("GET", "/api/cases/%5c", clerk(), null, 400, "BAD_PATH"),
                bad("GET", "/api/cases/%ff", clerk(), null, 400, "BAD_PATH"),
                bad("POST", "/api/cases/%2f/forward", clerk(), receive(""), 400, "BAD_PATH"),
                // A request line Tomcat cannot parse, a method it answers itself, the error page asked for directly.
                bad("GET", "/api/cases/a{b", clerk(), null, 400, "BAD_REQUEST"),
                bad("TRACE", "/api/cases", clerk(), null, 405, "METHOD_NOT_ALLOWED"),
                bad("GET", "/error", Map.of(), null, 404, "NOT_FOUND"),
                // A request head larger than Tomcat reads.
                bad("GET", longPath, clerk(), null, 400, "HEADER_TOO_LARGE"),
                bad("GET", "/api/cases", Map.of("Authorization", CLERK, "X-Filler", "x".repeat(20 * 1024)), null, 400,
                        "HEADER_TOO_LARGE"),
                // Paths the security firewall refuses.
                bad("GET", "/api/cases/../cases", clerk(), null, 400, "BAD_PATH"),
                bad("GET", "/api/cases//x", clerk(), null, 400, "BAD_PATH"),
                bad("GET", "/api/cases;x=1", clerk(), null, 400, "BAD_PATH"),
                bad("POST", "/api/cases;x=1", clerk(), receive(""), 400, "BAD_PATH"),
                // JSON bodies: one reading per document, UTF-8 only.
                bad("POST", "/api/cases", clerk(), receive("\"homeOrg\":\"AuditMSP\","), 400, "DUPLICATE_KEY"),
                bad("POST", "/api/cases", clerk(), Arrays.copyOf(receive(""), receive("").length - 1), 400, "MALFORMED_JSON"),
                bad("POST", "/api/cases", clerk(), receive("\"materials\":\"x\","), 400, "BAD_FIELD"),
                bad("POST", "/api/cases", clerk(), "[1]".getBytes(StandardCharsets.UTF_8), 400, "MALFORMED_JSON"),
                bad("POST", "/api/cases", clerk(), "{\"a\":".repeat(17).getBytes(StandardCharsets.UTF_8), 400,
                        "JSON_TOO_DEEP"),
                bad("POST", "/api/cases", clerk(), new byte[StrictJsonBodies.MAX_BODY_BYTES + 1], 413, "JSON_TOO_LARGE"),
                bad("POST", "/api/cases", clerk(), utf16(receive(""), false), 400, "NOT_UTF8"),
                bad("POST", "/api/cases", clerk(), utf16(receive(""), true), 400, "NOT_UTF8"),
                bad("POST", "/api/cases", clerk(), new String(receive(""), StandardCharsets.UTF_8)
                        .getBytes(java.nio.charset.Charset.forName("UTF-32LE")), 400, "NOT_UTF8"),
                bad("POST", "/api/cases", clerk(), ("\uFEFF" + new String(receive(""), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8), 400, "NOT_UTF8"),
                bad("POST", "/api/cases", withType("application/json; charset=UTF-16"), utf16(receive(""), false), 415,
                        "UNSUPPORTED_CHARSET"),
                bad("POST", "/api/cases", withType("application/json;charset=ISO-8859-1"), receive(""), 415,
                        "UNSUPPORTED_CHARSET"),
                bad("POST", "/api/cases", withType("application/json;charset=no-such-charset"), receive(""), 415,
                        "UNSUPPORTED_CHARSET"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badRequests")
    void refusedAsProblemWithAReasonAndNothingWritten(String method, String target, Map<String, String> headers,
            byte[] body, int status, String reason, CapturedOutput log) throws Exception {
        Map<String, Long> before = counts();
        int logBefore = log.getAll().length();

        RawHttp.Response response = http.send(method, target, withKey(method, headers), body);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("reason").asText()).isEqualTo(reason);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(counts()).isEqualTo(before);
        String logged = log.getAll().substring(logBefore);
        assertThat(logged).doesNotContain("\tat ").doesNotContain("ERROR");
    }

    @Test
    void theSameReceiveWithoutTheFlawIsAccepted() throws Exception {
        // The refusals above are about the flaw alone: the request they spoil is valid.
        Map<String, Long> before = counts();
        RawHttp.Response response = http.send("POST", "/api/cases", withKey("POST", clerk()), receive(""));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(counts().get("outbox")).isEqualTo(before.get("outbox") + 1);
        assertThat(counts().get("idempotency")).isEqualTo(before.get("idempotency") + 1);
    }

    private Map<String, String> withKey(String method, Map<String, String> headers) {
        if (!"POST".equals(method)) {
            return headers;
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Idempotency-Key", "strict-input-" + java.util.UUID.randomUUID());
        return all;
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return counts;
    }

    private static Arguments bad(String method, String target, Map<String, String> headers, byte[] body, int status,
            String reason) {
        return Arguments.of(method, target, headers, body, status, reason);
    }

    private static Map<String, String> clerk() {
        return Map.of("Authorization", CLERK, "Content-Type", "application/json");
    }

    private static Map<String, String> withType(String contentType) {
        return Map.of("Authorization", CLERK, "Content-Type", contentType);
    }

    private static byte[] receive(String extra) {
        return RECEIVE.formatted(Api.SUBJECT, extra).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf16(byte[] utf8, boolean bom) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        return text.getBytes(bom ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
    }
}
