package org.alliance.ledger.devrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommitStatus;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EventPosition;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.ledger.LedgerException;
import org.alliance.ledger.core.ledger.Submission;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.AgreementView;
import org.alliance.ledger.core.rules.BatchInfo;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.rules.CertificateView;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.rules.RecognitionView;
import org.alliance.ledger.core.rules.RecordRef;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.rules.StoredRecord;
import org.alliance.ledger.core.state.Page;

/**
 * The embedded ledger of another process on this machine, through its {@link LedgerRpc}: the
 * second region of a development run with two service instances. Refusals by the rules come back
 * as the same {@link RuleException}s, and the other failure stages as the same {@link
 * LedgerException} subclasses; an unreachable owner is an {@link UncheckedIOException}, which the
 * outbox treats as transient and retries.
 */
public final class RemoteLedger implements EvidenceLedger {
    /** The header that carries the shared secret. */
    public static final String SECRET_HEADER = "X-Alliance-Ledger-Secret";
    /** The path the owning process serves the operations under, followed by the operation name. */
    public static final String PATH = "/internal/ledger/";
    private static final ObjectMapper JSON = LedgerRpc.JSON;

    private final URI base;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Creates the client.
     *
     * @param base the owning instance's base URL, for example {@code http://127.0.0.1:8081}
     * @param secret the shared secret
     */
    public RemoteLedger(URI base, String secret) {
        this.base = base;
        this.secret = secret;
    }

    @Override
    public Submission submitAsync(Caller caller, List<SignedRecord> records) {
        return RecordCodec.fromJson(bytes(call("submitAsync", batch(caller, records))), Submission.class);
    }

    @Override
    public CommitStatus status(String transactionId) {
        return RecordCodec.fromJson(bytes(call("status", args("transactionId", transactionId))), CommitStatus.class);
    }

    /** Committed batches fetched in pages from the owner, each call waiting for the next batch. */
    @Override
    public CommittedEvents committedEvents(Checkpointer checkpointer) {
        Objects.requireNonNull(checkpointer, "checkpointer");
        return new CommittedEvents() {
            private final Deque<CommittedBatch> buffer = new ArrayDeque<>();
            private Optional<EventPosition> fetched = checkpointer.position();
            private volatile boolean closed;

            @Override
            public synchronized Optional<CommittedBatch> poll(Duration timeout) throws InterruptedException {
                if (closed) {
                    throw new IllegalStateException("the event stream is closed");
                }
                if (buffer.isEmpty()) {
                    fetch(timeout);
                }
                return Optional.ofNullable(buffer.poll());
            }

            private void fetch(Duration timeout) {
                ObjectNode a = JSON.createObjectNode();
                fetched.ifPresent(p -> a.set("after", RecordCodec.toTree(p)));
                a.put("waitMillis", Math.min(timeout.toMillis(), LedgerRpc.MAX_EVENT_WAIT.toMillis()));
                JsonNode page = call("committedEvents", a);
                for (JsonNode n : page) {
                    CommittedBatch b = RecordCodec.fromJson(bytes(n), CommittedBatch.class);
                    buffer.add(b);
                    fetched = Optional.of(b.position());
                }
            }

            @Override
            public void checkpoint(CommittedBatch batch) {
                checkpointer.save(batch.position());
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @Override
    public void simulate(List<PendingBatch> pending, Caller caller, List<SignedRecord> records) {
        ObjectNode a = batch(caller, records);
        a.set("pending", JSON.valueToTree(pending.stream().map(p -> batch(p.caller(), p.records())).toList()));
        call("simulate", a);
    }

    /** A transaction as the endpoint reads it: {@code {caller, records}}. */
    private static ObjectNode batch(Caller caller, List<SignedRecord> records) {
        ObjectNode a = JSON.createObjectNode();
        a.set("caller", RecordCodec.toTree(caller));
        a.set("records", JSON.valueToTree(records.stream().map(RecordCodec::toTree).toList()));
        return a;
    }

    @Override
    public Optional<StoredRecord> record(String recordId) {
        return optional(call("record", args("id", recordId)), StoredRecord.class);
    }

    @Override
    public Optional<BatchInfo> batch(String batchId) {
        return optional(call("batch", args("id", batchId)), BatchInfo.class);
    }

    @Override
    public Optional<String> subjectHead(String subject) {
        JsonNode v = call("subjectHead", args("subject", subject));
        return v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    @Override
    public AgreementView agreement(String agreementId) {
        return RecordCodec.fromJson(bytes(call("agreement", args("id", agreementId))), AgreementView.class);
    }

    @Override
    public CaseTimeline caseTimeline(String caseId, Instant asOf) {
        ObjectNode a = args("id", caseId);
        a.put("asOf", asOf.toString());
        return RecordCodec.fromJson(bytes(call("caseTimeline", a)), CaseTimeline.class);
    }

    @Override
    public CertificateView certificate(String certificateId) {
        return RecordCodec.fromJson(bytes(call("certificate", args("id", certificateId))), CertificateView.class);
    }

    @Override
    public Page<RecordRef> recordsByOrg(String mspId, Instant from, Instant to, int pageSize, String bookmark) {
        return RecordCodec.pageFromJson(bytes(call("recordsByOrg", range(mspId, from, to, pageSize, bookmark))),
                RecordRef.class);
    }

    @Override
    public Page<RecordRef> recordsByItem(String itemCode, Instant from, Instant to, int pageSize, String bookmark) {
        return RecordCodec.pageFromJson(bytes(call("recordsByItem", range(itemCode, from, to, pageSize, bookmark))),
                RecordRef.class);
    }

    @Override
    public Page<RecordRef> recordsByTime(Instant from, Instant to, int pageSize, String bookmark) {
        return RecordCodec.pageFromJson(bytes(call("recordsByTime", range(null, from, to, pageSize, bookmark))),
                RecordRef.class);
    }

    @Override
    public Page<RecognitionView> recognitions(String targetId, int pageSize, String bookmark) {
        ObjectNode a = args("id", targetId);
        a.put("pageSize", pageSize);
        a.put("bookmark", bookmark);
        return RecordCodec.pageFromJson(bytes(call("recognitions", a)), RecognitionView.class);
    }

    @Override
    public InclusionProof inclusionProof(String recordId) {
        StoredRecord stored = record(recordId).orElseThrow(() ->
                new RuleException(ErrorCode.UNKNOWN_RECORD, "record " + recordId + " does not exist"));
        return InclusionProof.fromJson(new String(bytes(call("inclusionProof", args("id", recordId))),
                StandardCharsets.UTF_8), stored.signedRecord().record().hashAlgorithm());
    }

    @Override
    public EvidenceBundle bundle(String recordId) {
        return EvidenceBundle.parse(bytes(call("bundle", args("id", recordId))));
    }

    private static ObjectNode args(String field, String value) {
        ObjectNode a = JSON.createObjectNode();
        a.put(field, value);
        return a;
    }

    private static ObjectNode range(String key, Instant from, Instant to, int pageSize, String bookmark) {
        ObjectNode a = args("key", key);
        a.put("from", from == null ? null : from.toString());
        a.put("to", to == null ? null : to.toString());
        a.put("pageSize", pageSize);
        a.put("bookmark", bookmark);
        return a;
    }

    private <T> Optional<T> optional(JsonNode v, Class<T> type) {
        return v.isNull() ? Optional.empty() : Optional.of(RecordCodec.fromJson(bytes(v), type));
    }

    private JsonNode call(String operation, ObjectNode args) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(PATH + operation))
                    .timeout(Duration.ofSeconds(30).plus(LedgerRpc.MAX_EVENT_WAIT))
                    .header("Content-Type", "application/json").header(SECRET_HEADER, secret)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(args))).build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() == 422 && body.has("code")) {
                throw new RuleException(ErrorCode.valueOf(body.get("code").asText()), body.path("message").asText());
            }
            if (response.statusCode() == 409 && body.has("stage")) {
                String txId = body.path("transactionId").asText();
                String message = body.path("message").asText().replace(" (transaction " + txId + ")", "");
                throw Stage.valueOf(body.get("stage").asText()).exception(message, txId,
                        body.path("validationCode").asText(), body.path("blockNumber").asLong());
            }
            if (response.statusCode() == 400 && LedgerRpc.UNKNOWN_POSITION.equals(body.path("code").asText())) {
                throw new IllegalStateException(body.path("message").asText());
            }
            if (response.statusCode() == 400 && body.has("code")) {
                throw new IllegalArgumentException(operation + " refused by the ledger at " + base + ": "
                        + body.path("message").asText());
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ledger at " + base + " answered " + response.statusCode() + " to "
                        + operation + ": " + body.path("message").asText(body.toString()));
            }
            return body.get("value");
        } catch (IOException e) {
            throw new UncheckedIOException("ledger at " + base + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the ledger at " + base, e);
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
