package org.alliance.ledger.chaincode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import com.fasterxml.jackson.databind.JsonNode;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.rules.EvidenceRules;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.rules.RulesConfig;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * The Fabric contract {@code evidence}: every transaction turns its string arguments into the
 * rules' types, calls {@link EvidenceRules} over a {@link StubWorldState}, and returns canonical
 * JSON. It decides nothing itself, so the chaincode and the embedded ledger accept exactly the
 * same records.
 *
 * <p>Write transactions take one signed record as a JSON object, or several as an array, and
 * return the batch receipt. Each typed write accepts only records of its type, so an endorsement
 * policy or a client can rely on the function name; {@code SubmitBatch} accepts mixed types.
 */
@Contract(
        name = "evidence",
        info = @Info(
                title = "Alliance evidence ledger",
                description = "Signed evidence records of cross-region government services, batched under Merkle roots",
                version = "1"))
@Default
public final class EvidenceContract implements ContractInterface {
    private final RulesConfig config;

    /** Creates the contract with the default rules settings, as the shim's router does. */
    public EvidenceContract() {
        this(RulesConfig.defaults());
    }

    /**
     * Creates the contract with explicit rules settings. Every peer must use the same settings.
     *
     * @param config the rules settings
     */
    public EvidenceContract(RulesConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Records agreement proposals or signatures.
     *
     * @param ctx the transaction context
     * @param records signed AGREEMENT record(s) as JSON
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "RecordAgreement", intent = Transaction.TYPE.SUBMIT)
    public String recordAgreement(Context ctx, String records) {
        return submit(ctx, "RecordAgreement", records, RecordType.AGREEMENT);
    }

    /**
     * Records identity attestations.
     *
     * @param ctx the transaction context
     * @param records signed IDENTITY_ATTESTATION record(s) as JSON
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "RecordAttestation", intent = Transaction.TYPE.SUBMIT)
    public String recordAttestation(Context ctx, String records) {
        return submit(ctx, "RecordAttestation", records, RecordType.IDENTITY_ATTESTATION);
    }

    /**
     * Receives cases in the accepting region.
     *
     * @param ctx the transaction context
     * @param records signed CASE record(s) as JSON
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "ReceiveCase", intent = Transaction.TYPE.SUBMIT)
    public String receiveCase(Context ctx, String records) {
        return submit(ctx, "ReceiveCase", records, RecordType.CASE);
    }

    /**
     * Records case state transitions.
     *
     * @param ctx the transaction context
     * @param records signed CASE_STEP record(s) as JSON
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "RecordCaseStep", intent = Transaction.TYPE.SUBMIT)
    public String recordCaseStep(Context ctx, String records) {
        return submit(ctx, "RecordCaseStep", records, RecordType.CASE_STEP);
    }

    /**
     * Records recognitions of another member's results or certificates.
     *
     * @param ctx the transaction context
     * @param records signed RECOGNITION record(s) as JSON
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "RecordRecognition", intent = Transaction.TYPE.SUBMIT)
    public String recordRecognition(Context ctx, String records) {
        return submit(ctx, "RecordRecognition", records, RecordType.RECOGNITION);
    }

    /**
     * Records certificate issue, suspension, reinstatement or revocation.
     *
     * @param ctx the transaction context
     * @param records signed CERTIFICATE record(s) as JSON
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "RecordCertificate", intent = Transaction.TYPE.SUBMIT)
    public String recordCertificate(Context ctx, String records) {
        return submit(ctx, "RecordCertificate", records, RecordType.CERTIFICATE);
    }

    /**
     * Records batch checkpoints.
     *
     * @param ctx the transaction context
     * @param records signed CHECKPOINT record(s) as JSON
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "RecordCheckpoint", intent = Transaction.TYPE.SUBMIT)
    public String recordCheckpoint(Context ctx, String records) {
        return submit(ctx, "RecordCheckpoint", records, RecordType.CHECKPOINT);
    }

    /**
     * Records signed, co-signed checkpoints of the alliance log.
     *
     * @param ctx the transaction context
     * @param records signed LOG_CHECKPOINT record(s) as JSON
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "RecordLogCheckpoint", intent = Transaction.TYPE.SUBMIT)
    public String recordLogCheckpoint(Context ctx, String records) {
        return submit(ctx, "RecordLogCheckpoint", records, RecordType.LOG_CHECKPOINT);
    }

    /**
     * Records witness refusals: a member's proof that another member's checkpoint of the alliance
     * log conflicts with one it co-signed.
     *
     * @param ctx the transaction context
     * @param records signed WITNESS_REFUSAL record(s) as JSON
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "RecordWitnessRefusal", intent = Transaction.TYPE.SUBMIT)
    public String recordWitnessRefusal(Context ctx, String records) {
        return submit(ctx, "RecordWitnessRefusal", records, RecordType.WITNESS_REFUSAL);
    }

    /**
     * Records a batch of records of any types in one transaction, as the outbox worker does.
     *
     * @param ctx the transaction context
     * @param records signed records as a JSON array (or one object)
     * @return the batch receipt as canonical JSON
     */
    @Transaction(name = "SubmitBatch", intent = Transaction.TYPE.SUBMIT)
    public String submitBatch(Context ctx, String records) {
        return submit(ctx, "SubmitBatch", records, null);
    }

    /**
     * A dry run of a write, evaluated and never ordered: the pending batches and then the
     * candidate go through the rules, in order, over the committed state plus what the earlier
     * batches of the same dry run wrote; nothing reaches the peer's write set. It refuses exactly
     * as a submission of the candidate would after the pending batches had committed, so a
     * client can check a write against its own backlog before it queues it.
     *
     * <p>The candidate's caller is the transaction's client identity. Each pending batch names
     * its own caller, which must be of the client's org: a client vouches only for its own
     * org's backlog. Records already on the ledger are identical resubmissions and pass as
     * no-ops, so a client may send its whole backlog.
     *
     * @param ctx the transaction context
     * @param pending the pending batches, oldest first, as a JSON array of {@code {"caller":
     *     {"mspId","role","clientId"},"records":[signed record, ...]}}; {@code []} for none
     * @param records the candidate's signed record(s) as JSON
     * @return the receipt the candidate would get, as canonical JSON
     */
    @Transaction(name = "Simulate", intent = Transaction.TYPE.EVALUATE)
    public String simulate(Context ctx, String pending, String records) {
        return ChaincodeErrors.translate("Simulate", () -> {
            Caller caller = CallerResolver.resolve(ctx.getClientIdentity());
            List<PendingBatch> batches = ChaincodeErrors.parse("pending batches", () -> pendingBatches(pending));
            List<SignedRecord> candidate = ChaincodeErrors.parse(
                    "signed records", () -> RecordCodec.parseBatch(records.getBytes(StandardCharsets.UTF_8)));
            for (PendingBatch batch : batches) {
                if (!batch.caller().mspId().equals(caller.mspId())) {
                    throw new RuleException(ErrorCode.WRONG_ORG, "a pending batch of " + batch.caller().mspId()
                            + " cannot be simulated by " + caller.mspId());
                }
            }
            // Batch ids are transaction ids; each simulated batch needs its own so they do not collide.
            String txId = ctx.getStub().getTxId();
            AtomicInteger batch = new AtomicInteger();
            return canonical(PendingBatch.dryRun(StubWorldState.forSimulation(ctx.getStub(), txId + "-sim-0"),
                    state -> state.continueAs(txId + "-sim-" + batch.incrementAndGet()), config, batches, caller,
                    candidate));
        });
    }

    /**
     * Reads a stored record with its batch position.
     *
     * @param ctx the transaction context
     * @param recordId the record id
     * @return the stored record as canonical JSON
     */
    @Transaction(name = "GetRecord", intent = Transaction.TYPE.EVALUATE)
    public String getRecord(Context ctx, String recordId) {
        return query(ctx, "GetRecord", rules -> found(rules.record(recordId), ErrorCode.UNKNOWN_RECORD,
                "no record '" + recordId + "'"));
    }

    /**
     * Reads the hash of a subject's latest record, which the subject's next record must name as
     * its {@code prev}.
     *
     * @param ctx the transaction context
     * @param subject the subject, such as {@code case/case-2026-0001}
     * @return the hash as {@code ALG:HEX}, or the empty string if the subject has no records
     */
    @Transaction(name = "GetSubjectHead", intent = Transaction.TYPE.EVALUATE)
    public String getSubjectHead(Context ctx, String subject) {
        return ChaincodeErrors.translate("GetSubjectHead", () -> rules(ctx).subjectHead(subject).orElse(""));
    }

    /**
     * Reads a batch: its root and leaf hashes.
     *
     * @param ctx the transaction context
     * @param batchId the batch id (the transaction id that wrote it)
     * @return the batch as canonical JSON
     */
    @Transaction(name = "GetBatch", intent = Transaction.TYPE.EVALUATE)
    public String getBatch(Context ctx, String batchId) {
        return query(ctx, "GetBatch", rules -> found(rules.batch(batchId), ErrorCode.UNKNOWN_RECORD,
                "no batch '" + batchId + "'"));
    }

    /**
     * Reads an agreement: its active version and pending proposals.
     *
     * @param ctx the transaction context
     * @param agreementId the agreement id
     * @return the agreement view as canonical JSON
     */
    @Transaction(name = "GetAgreement", intent = Transaction.TYPE.EVALUATE)
    public String getAgreement(Context ctx, String agreementId) {
        return query(ctx, "GetAgreement", rules -> rules.agreement(agreementId));
    }

    /**
     * Reads a case with every step, its durations and its deadline status.
     *
     * @param ctx the transaction context
     * @param caseId the case id
     * @param asOf the time at which to judge the deadline, RFC 3339; empty for the transaction time
     * @return the case timeline as canonical JSON
     */
    @Transaction(name = "GetCaseTimeline", intent = Transaction.TYPE.EVALUATE)
    public String getCaseTimeline(Context ctx, String caseId, String asOf) {
        return query(ctx, "GetCaseTimeline", rules -> rules.caseTimeline(caseId,
                asOf == null || asOf.isEmpty() ? ctx.getStub().getTxTimestamp() : instant("asOf", asOf)));
    }

    /**
     * Reads a certificate's current status and history.
     *
     * @param ctx the transaction context
     * @param certificateId the certificate id
     * @return the certificate view as canonical JSON
     */
    @Transaction(name = "GetCertificate", intent = Transaction.TYPE.EVALUATE)
    public String getCertificate(Context ctx, String certificateId) {
        return query(ctx, "GetCertificate", rules -> rules.certificate(certificateId));
    }

    /**
     * Lists the records an org wrote in a time range.
     *
     * @param ctx the transaction context
     * @param mspId the org
     * @param from the earliest record time, inclusive, RFC 3339; empty for no lower bound
     * @param to the latest record time, exclusive, RFC 3339; empty for no upper bound
     * @param pageSize the largest page wanted
     * @param bookmark the previous page's bookmark, or empty
     * @return a page of record references as canonical JSON
     */
    @Transaction(name = "RecordsByOrg", intent = Transaction.TYPE.EVALUATE)
    public String recordsByOrg(Context ctx, String mspId, String from, String to, String pageSize, String bookmark) {
        return query(ctx, "RecordsByOrg", rules -> rules.recordsByOrg(
                mspId, bound("from", from), bound("to", to), pageSize(pageSize), bookmark));
    }

    /**
     * Lists the records about one service item in a time range.
     *
     * @param ctx the transaction context
     * @param itemCode the item code
     * @param from the earliest record time, inclusive, RFC 3339; empty for no lower bound
     * @param to the latest record time, exclusive, RFC 3339; empty for no upper bound
     * @param pageSize the largest page wanted
     * @param bookmark the previous page's bookmark, or empty
     * @return a page of record references as canonical JSON
     */
    @Transaction(name = "RecordsByItem", intent = Transaction.TYPE.EVALUATE)
    public String recordsByItem(Context ctx, String itemCode, String from, String to, String pageSize,
            String bookmark) {
        return query(ctx, "RecordsByItem", rules -> rules.recordsByItem(
                itemCode, bound("from", from), bound("to", to), pageSize(pageSize), bookmark));
    }

    /**
     * Lists all records in a time range.
     *
     * @param ctx the transaction context
     * @param from the earliest record time, inclusive, RFC 3339; empty for no lower bound
     * @param to the latest record time, exclusive, RFC 3339; empty for no upper bound
     * @param pageSize the largest page wanted
     * @param bookmark the previous page's bookmark, or empty
     * @return a page of record references as canonical JSON
     */
    @Transaction(name = "RecordsByTime", intent = Transaction.TYPE.EVALUATE)
    public String recordsByTime(Context ctx, String from, String to, String pageSize, String bookmark) {
        return query(ctx, "RecordsByTime", rules -> rules.recordsByTime(
                bound("from", from), bound("to", to), pageSize(pageSize), bookmark));
    }

    /**
     * Lists the recognitions of a result or certificate.
     *
     * @param ctx the transaction context
     * @param targetId the id of the recognised result or certificate
     * @param pageSize the largest page wanted
     * @param bookmark the previous page's bookmark, or empty
     * @return a page of recognitions as canonical JSON
     */
    @Transaction(name = "Recognitions", intent = Transaction.TYPE.EVALUATE)
    public String recognitions(Context ctx, String targetId, String pageSize, String bookmark) {
        return query(ctx, "Recognitions", rules -> rules.recognitions(targetId, pageSize(pageSize), bookmark));
    }

    /**
     * Reads the Merkle inclusion proof of a record in its batch.
     *
     * @param ctx the transaction context
     * @param recordId the record id
     * @return the proof as canonical JSON: {@code {"hashes":["hex",...],"leafIndex":I,"treeSize":N}}
     */
    @Transaction(name = "GetInclusionProof", intent = Transaction.TYPE.EVALUATE)
    public String getInclusionProof(Context ctx, String recordId) {
        // The proof serializes to its own JSON form, hashes as hex, as in evidence bundles.
        return query(ctx, "GetInclusionProof", rules -> rules.inclusionProof(recordId));
    }

    private String submit(Context ctx, String transaction, String json, RecordType requiredType) {
        return ChaincodeErrors.translate(transaction, () -> {
            // The caller is checked before the input is parsed: an identity that may not write
            // learns nothing about how its input would have been judged.
            Caller caller = CallerResolver.resolve(ctx.getClientIdentity());
            List<SignedRecord> records = ChaincodeErrors.parse(
                    "signed records", () -> RecordCodec.parseBatch(json.getBytes(StandardCharsets.UTF_8)));
            EvidenceRules rules = new EvidenceRules(StubWorldState.forSubmit(ctx.getStub()), config);
            BatchReceipt receipt = requiredType == null
                    ? rules.submit(caller, records)
                    : rules.submit(caller, records, requiredType);
            return canonical(receipt);
        });
    }

    private String query(Context ctx, String transaction, Function<EvidenceRules, Object> read) {
        return ChaincodeErrors.translate(transaction, () -> canonical(read.apply(rules(ctx))));
    }

    private EvidenceRules rules(Context ctx) {
        return new EvidenceRules(StubWorldState.forEvaluate(ctx.getStub()), config);
    }

    /** A backlog may hold many batches; each is bounded by the rules' own input limits. */
    private static final int MAX_PENDING_BYTES = 16 * RecordCodec.MAX_INPUT_BYTES;

    private static List<PendingBatch> pendingBatches(String json) {
        JsonNode tree = StrictJson.parseTree(json.getBytes(StandardCharsets.UTF_8), MAX_PENDING_BYTES);
        if (!tree.isArray()) {
            throw new IllegalArgumentException("pending batches must be a JSON array");
        }
        List<PendingBatch> out = new java.util.ArrayList<>();
        for (JsonNode batch : tree) {
            JsonNode c = batch.path("caller");
            Caller caller = new Caller(c.path("mspId").asText(), Role.parse(c.path("role").asText()),
                    c.path("clientId").asText());
            JsonNode recordsNode = batch.path("records");
            if (!recordsNode.isArray()) {
                throw new IllegalArgumentException("a pending batch needs a records array");
            }
            List<SignedRecord> batchRecords = new java.util.ArrayList<>();
            for (JsonNode r : recordsNode) {
                batchRecords.add(RecordCodec.signedFromTree(r));
            }
            out.add(new PendingBatch(caller, batchRecords));
        }
        return out;
    }

    private static <T> T found(Optional<T> value, ErrorCode code, String message) {
        return value.orElseThrow(() -> new RuleException(code, message));
    }

    private static Instant instant(String name, String text) {
        return ChaincodeErrors.parse(name + " (RFC 3339 time)", () -> Instant.parse(text));
    }

    /** A range bound; empty leaves that side of the range open. */
    private static Instant bound(String name, String text) {
        return text == null || text.isEmpty() ? null : instant(name, text);
    }

    private static int pageSize(String text) {
        return ChaincodeErrors.parse("page size", () -> Integer.parseInt(text));
    }

    private static String canonical(Object value) {
        return new String(RecordCodec.toCanonicalJson(value), StandardCharsets.UTF_8);
    }
}
