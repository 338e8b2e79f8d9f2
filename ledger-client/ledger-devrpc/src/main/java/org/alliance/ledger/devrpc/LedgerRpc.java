package org.alliance.ledger.devrpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EventPosition;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.ledger.LedgerException;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.ledger.ValidationException;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.Caller;

/**
 * The server side of the development RPC: runs one {@link EvidenceLedger} operation, named as
 * the interface method, on the JSON object of its arguments. It knows nothing of HTTP or of
 * authentication; whoever mounts it must admit only trusted callers, because a caller's org is
 * whatever the caller says.
 *
 * <p>Answers: 200 {@code {"value": …}} (null for an absent optional); 422 {@code {"code",
 * "message"}} for a refusal by the rules; 409 {@code {"stage", "transactionId", "message"}} (and
 * {@code validationCode}, {@code blockNumber} for a validation failure) for another failure
 * stage; 400 {@code {"code", "message"}} for malformed arguments, with the code {@code
 * UNKNOWN_POSITION} for an event position this ledger does not hold; 404 for an unknown
 * operation.
 */
public final class LedgerRpc {
    /** The most batches one {@code committedEvents} call returns. */
    public static final int MAX_EVENTS = 500;
    /** The longest one {@code committedEvents} call waits for the first batch. */
    public static final Duration MAX_EVENT_WAIT = Duration.ofSeconds(20);
    /** The error code of a {@code committedEvents} call whose position this ledger does not hold. */
    static final String UNKNOWN_POSITION = "UNKNOWN_POSITION";
    static final ObjectMapper JSON = new ObjectMapper();

    private final EvidenceLedger ledger;

    /**
     * An answer to one call.
     *
     * @param status the HTTP status
     * @param json the body
     */
    public record Reply(int status, String json) {
    }

    /** An event position the ledger does not hold: the caller's checkpoint is not of this ledger. */
    private static final class UnknownPosition extends RuntimeException {
        UnknownPosition(String message) {
            super(message);
        }
    }

    /** A malformed call: the arguments do not fit the operation. */
    private static final class BadArguments extends RuntimeException {
        BadArguments(String message) {
            super(message);
        }
    }

    /**
     * Serves a ledger.
     *
     * @param ledger the ledger this process owns
     */
    public LedgerRpc(EvidenceLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * Runs one operation.
     *
     * @param operation the {@link EvidenceLedger} method name
     * @param body its arguments, a JSON object
     * @return the answer
     */
    public Reply handle(String operation, byte[] body) {
        try {
            JsonNode args;
            try {
                args = JSON.readTree(body);
            } catch (IOException e) {
                throw new BadArguments("arguments are not JSON");
            }
            if (args == null || !args.isObject()) {
                throw new BadArguments("arguments must be a JSON object");
            }
            Optional<Object> value = run(operation, args);
            if (value == null) {
                return error(404, "NOT_FOUND", "no ledger operation " + operation);
            }
            ObjectNode out = JSON.createObjectNode();
            out.set("value", value.map(v -> v instanceof JsonNode n ? n : JSON.valueToTree(v)).orElse(null));
            return new Reply(200, write(out));
        } catch (RuleException e) {
            return error(422, e.code().name(), String.valueOf(e.getMessage()));
        } catch (LedgerException e) {
            ObjectNode out = JSON.createObjectNode();
            out.put("stage", Stage.of(e).name());
            out.put("transactionId", e.transactionId());
            out.put("message", String.valueOf(e.getMessage()));
            if (e instanceof ValidationException v) {
                out.put("validationCode", v.validationCode());
                out.put("blockNumber", v.blockNumber());
            }
            return new Reply(409, write(out));
        } catch (UnknownPosition e) {
            return error(400, UNKNOWN_POSITION, e.getMessage());
        } catch (BadArguments | IllegalArgumentException | DateTimeParseException e) {
            return error(400, "MALFORMED_INPUT", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "INTERRUPTED", "interrupted while waiting for committed events");
        }
    }

    /** The operation's value, empty for void or an absent optional; null for an unknown operation. */
    private Optional<Object> run(String op, JsonNode a) throws InterruptedException {
        return switch (op) {
            case "submitAsync" -> Optional.of(RecordCodec.toTree(ledger.submitAsync(caller(a), records(a))));
            case "status" -> Optional.of(RecordCodec.toTree(ledger.status(text(a, "transactionId"))));
            case "committedEvents" -> Optional.of(events(a));
            case "simulate" -> {
                JsonNode pendingJson = a.get("pending");
                if (pendingJson == null || !pendingJson.isArray()) {
                    throw new BadArguments("pending must be an array");
                }
                List<PendingBatch> pending = new ArrayList<>();
                pendingJson.forEach(p -> pending.add(new PendingBatch(caller(p), records(p))));
                ledger.simulate(pending, caller(a), records(a));
                yield Optional.empty();
            }
            case "record" -> ledger.record(text(a, "id")).map(RecordCodec::toTree);
            case "batch" -> ledger.batch(text(a, "id")).map(RecordCodec::toTree);
            case "subjectHead" -> ledger.subjectHead(text(a, "subject")).map(Object.class::cast);
            case "agreement" -> Optional.of(RecordCodec.toTree(ledger.agreement(text(a, "id"))));
            case "caseTimeline" -> Optional.of(RecordCodec.toTree(ledger.caseTimeline(text(a, "id"),
                    Instant.parse(text(a, "asOf")))));
            case "certificate" -> Optional.of(RecordCodec.toTree(ledger.certificate(text(a, "id"))));
            case "recordsByOrg" -> Optional.of(RecordCodec.toTree(ledger.recordsByOrg(text(a, "key"),
                    instant(a, "from"), instant(a, "to"), a.path("pageSize").asInt(), bookmark(a))));
            case "recordsByItem" -> Optional.of(RecordCodec.toTree(ledger.recordsByItem(text(a, "key"),
                    instant(a, "from"), instant(a, "to"), a.path("pageSize").asInt(), bookmark(a))));
            case "recordsByTime" -> Optional.of(RecordCodec.toTree(ledger.recordsByTime(instant(a, "from"),
                    instant(a, "to"), a.path("pageSize").asInt(), bookmark(a))));
            case "recognitions" -> Optional.of(RecordCodec.toTree(ledger.recognitions(text(a, "id"),
                    a.path("pageSize").asInt(), bookmark(a))));
            case "inclusionProof" -> Optional.of(ledger.inclusionProof(text(a, "id")).toJsonTree());
            case "bundle" -> Optional.of(ledger.bundle(text(a, "id")).toJson());
            default -> null;
        };
    }

    /**
     * Up to {@code max} committed batches after {@code after} (null for the first block),
     * waiting up to {@code waitMillis} for the first. The caller keeps its own checkpoint.
     */
    private JsonNode events(JsonNode a) throws InterruptedException {
        JsonNode after = a.get("after");
        Optional<EventPosition> from = after == null || after.isNull() ? Optional.empty()
                : Optional.of(new EventPosition(after.path("blockNumber").asLong(-1), after.path("transactionId").asText("")));
        int max = Math.clamp(a.path("max").asInt(MAX_EVENTS), 1, MAX_EVENTS);
        Duration wait = Duration.ofMillis(Math.clamp(a.path("waitMillis").asLong(0), 0, MAX_EVENT_WAIT.toMillis()));
        ArrayNode out = JSON.createArrayNode();
        try (CommittedEvents events = ledger.committedEvents(new Checkpointer() {
            @Override
            public Optional<EventPosition> position() {
                return from;
            }

            @Override
            public void save(EventPosition position) {
                // The remote caller saves its own position.
            }
        })) {
            Optional<CommittedBatch> next = events.poll(wait);
            while (next.isPresent()) {
                out.add(RecordCodec.toTree(next.get()));
                next = out.size() < max ? events.poll(Duration.ZERO) : Optional.empty();
            }
        } catch (IllegalStateException e) {
            throw new UnknownPosition(e.getMessage());
        }
        return out;
    }

    private static Caller caller(JsonNode a) {
        return RecordCodec.fromJson(bytes(required(a, "caller")), Caller.class);
    }

    private static List<SignedRecord> records(JsonNode a) {
        return RecordCodec.parseBatch(bytes(required(a, "records")));
    }

    private static JsonNode required(JsonNode a, String field) {
        JsonNode n = a.get(field);
        if (n == null || n.isNull()) {
            throw new BadArguments(field + " is missing");
        }
        return n;
    }

    private static String text(JsonNode a, String field) {
        JsonNode n = a.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String bookmark(JsonNode a) {
        String b = text(a, "bookmark");
        return b == null ? "" : b;
    }

    private static Instant instant(JsonNode a, String field) {
        String s = text(a, field);
        return s == null ? null : Instant.parse(s);
    }

    private static Reply error(int status, String code, String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("code", code);
        out.put("message", message);
        return new Reply(status, write(out));
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
