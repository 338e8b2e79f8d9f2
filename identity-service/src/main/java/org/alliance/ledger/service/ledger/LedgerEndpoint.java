package org.alliance.ledger.service.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/ledger/{operation}}: this instance's embedded ledger for other service
 * instances on the same machine ({@link RemoteLedger}), so that two regions can run as two
 * processes on one embedded ledger (whose directory one process locks). Development only: it
 * exists only when {@code alliance.ledger.internal-secret} is set, answers only loopback callers
 * that present the secret, and passes every submission through the same rules as a local one
 * (the caller's org is whatever the remote instance says, so it must be trusted like a peer).
 *
 * <p>Each operation takes a JSON object of arguments and answers {@code {"value": …}} (null for
 * an absent optional), or 422 {@code {"code", "message"}} for a rule refusal.
 */
@RestController
@ConditionalOnProperty("alliance.ledger.internal-secret")
public class LedgerEndpoint {
    /** The header that carries the shared secret. */
    public static final String SECRET_HEADER = "X-Alliance-Ledger-Secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EvidenceLedger ledger;
    private final byte[] secret;

    /**
     * Creates the endpoint.
     *
     * @param ledger this instance's own ledger (not a test wrapper)
     * @param properties the ledger settings with the secret
     */
    public LedgerEndpoint(@Qualifier("evidenceLedger") EvidenceLedger ledger, LedgerProperties properties) {
        this.ledger = ledger;
        this.secret = properties.internalSecret().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs one ledger operation.
     *
     * @param operation the {@link org.alliance.ledger.core.ledger.EvidenceLedger} method name
     * @param body its arguments, a JSON object
     * @param presented the shared secret
     * @param request the request, for the caller's address
     * @return the value, or the rule refusal
     */
    @PostMapping(path = "/internal/ledger/{operation}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> call(@PathVariable String operation, @RequestBody byte[] body,
            @RequestHeader(name = SECRET_HEADER, required = false) String presented, HttpServletRequest request) {
        if (presented == null || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))
                || !loopback(request.getRemoteAddr())) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "not an instance of this alliance service");
        }
        try {
            JsonNode args = parse(body);
            return ResponseEntity.ok(value(run(operation, args)));
        } catch (RuleException e) {
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).contentType(MediaType.APPLICATION_JSON)
                    .body(write(Map.of("code", e.code().name(), "message", String.valueOf(e.getMessage()))));
        }
    }

    private Object run(String op, JsonNode a) {
        return switch (op) {
            case "submit" -> RecordCodec.toTree(ledger.submit(caller(a), records(a)));
            case "simulate" -> {
                JsonNode pendingJson = a.get("pending");
                if (pendingJson == null || !pendingJson.isArray()) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "pending must be an array");
                }
                List<PendingBatch> pending = new ArrayList<>();
                pendingJson.forEach(p -> pending.add(batch(p)));
                ledger.simulate(pending, caller(a), records(a));
                yield null;
            }
            case "record" -> ledger.record(text(a, "id")).map(RecordCodec::toTree).orElse(null);
            case "batch" -> ledger.batch(text(a, "id")).map(RecordCodec::toTree).orElse(null);
            case "subjectHead" -> ledger.subjectHead(text(a, "subject")).orElse(null);
            case "agreement" -> RecordCodec.toTree(ledger.agreement(text(a, "id")));
            case "caseTimeline" -> RecordCodec.toTree(ledger.caseTimeline(text(a, "id"), Instant.parse(text(a, "asOf"))));
            case "certificate" -> RecordCodec.toTree(ledger.certificate(text(a, "id")));
            case "recordsByOrg" -> RecordCodec.toTree(ledger.recordsByOrg(text(a, "key"), instant(a, "from"),
                    instant(a, "to"), a.path("pageSize").asInt(), text(a, "bookmark")));
            case "recordsByItem" -> RecordCodec.toTree(ledger.recordsByItem(text(a, "key"), instant(a, "from"),
                    instant(a, "to"), a.path("pageSize").asInt(), text(a, "bookmark")));
            case "recordsByTime" -> RecordCodec.toTree(ledger.recordsByTime(instant(a, "from"), instant(a, "to"),
                    a.path("pageSize").asInt(), text(a, "bookmark")));
            case "recognitions" -> RecordCodec.toTree(ledger.recognitions(text(a, "id"), a.path("pageSize").asInt(),
                    text(a, "bookmark")));
            case "inclusionProof" -> ledger.inclusionProof(text(a, "id")).toJsonTree();
            case "bundle" -> ledger.bundle(text(a, "id")).toJson();
            default -> throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "no ledger operation " + op);
        };
    }

    /** A pending transaction's {@code {caller, records}}, as {@link RemoteLedger} sends it. */
    private static PendingBatch batch(JsonNode a) {
        try {
            return new PendingBatch(caller(a), records(a));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MALFORMED_INPUT", e.getMessage());
        }
    }

    private static Caller caller(JsonNode a) {
        return RecordCodec.fromJson(bytes(a.get("caller")), Caller.class);
    }

    private static List<SignedRecord> records(JsonNode a) {
        return RecordCodec.parseBatch(bytes(a.get("records")));
    }

    /** Parsed with the ledger's Jackson (the records' codec), not the web layer's. */
    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MALFORMED_INPUT", "arguments are not JSON");
        }
    }

    private static String value(Object v) {
        ObjectNode out = JSON.createObjectNode();
        out.set("value", v == null ? null : v instanceof JsonNode n ? n : JSON.valueToTree(v));
        return write(out);
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(JsonNode n) {
        if (n == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "argument missing");
        }
        return write(n).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode a, String field) {
        JsonNode n = a.get(field);
        return n == null || n.isNull() ? (field.equals("bookmark") ? "" : null) : n.asText();
    }

    private static Instant instant(JsonNode a, String field) {
        String s = text(a, field);
        return s == null ? null : Instant.parse(s);
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
