package org.alliance.ledger.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.CheckpointBody;
import org.alliance.ledger.core.record.LogCheckpointBody;
import org.alliance.ledger.core.record.WitnessRefusalBody;
import org.alliance.ledger.core.record.EvidenceRecord;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.PersonalDataScanner;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.state.CompositeKey;
import org.alliance.ledger.core.state.KeyValue;
import org.alliance.ledger.core.state.Page;
import org.alliance.ledger.core.state.WorldState;

/**
 * The evidence rules: the only place that decides what may be written to the ledger, and the
 * queries over what was written. The Fabric chaincode and the embedded ledger both call this
 * class with their own {@link WorldState}.
 *
 * <p>{@link #submit} judges every record of a batch before it writes anything: input limits,
 * personal data, the record's org against the caller's, the signature, the signing key against
 * the org's registered keys, the clock, the {@code prev} chain of the record's subject, and the
 * rules of the record's type (agreements, identity attestations, cases and their state machine,
 * certificates, recognitions, checkpoints). Later records of a batch see the effects of earlier
 * ones, so a case can be received and forwarded in one transaction. Only when all records pass
 * are they written, as one batch: each record under its id with its batch id and leaf index, the
 * batch with its Merkle root, the indexes, and one {@code EvidenceCommitted} event.
 */
public final class EvidenceRules {
    /** The name of the event every committed batch emits. */
    public static final String EVENT_NAME = "EvidenceCommitted";
    /** The largest page a query returns. */
    public static final int MAX_PAGE_SIZE = 1000;

    private final WorldState state;
    private final RulesConfig config;

    /**
     * Creates the rules over a world state.
     *
     * @param state the world state of the current transaction
     * @param config the rules' settings; must be the same on every peer
     */
    public EvidenceRules(WorldState state, RulesConfig config) {
        this.state = Objects.requireNonNull(state, "state");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Validates all records, then writes them atomically as one batch whose id is the
     * transaction id, and emits one {@value #EVENT_NAME} event with the receipt.
     *
     * @param caller who submits
     * @param records 1 to {@value RecordCodec#MAX_BATCH_RECORDS} records, all with the same
     *     {@code hashAlg}
     * @return where each record is
     * @throws RuleException if any record is refused; nothing is written then
     */
    public BatchReceipt submit(Caller caller, List<SignedRecord> records) {
        return submit(caller, records, null);
    }

    /**
     * Like {@link #submit(Caller, List)}, but every record must be of one type, for per-type
     * chaincode transactions.
     *
     * @param caller who submits
     * @param records the records
     * @param requiredType the only type allowed, or {@code null} for any
     * @return where each record is
     * @throws RuleException if any record is refused; nothing is written then
     */
    public BatchReceipt submit(Caller caller, List<SignedRecord> records, RecordType requiredType) {
        Objects.requireNonNull(caller, "caller");
        if (caller.role() == Role.AUDITOR) {
            throw new RuleException(ErrorCode.READ_ONLY, "auditors never write");
        }
        if (records == null || records.isEmpty()) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "a batch needs at least one record");
        }
        if (records.size() > RecordCodec.MAX_BATCH_RECORDS) {
            throw new RuleException(ErrorCode.VALUE_TOO_LARGE,
                    "a batch holds at most " + RecordCodec.MAX_BATCH_RECORDS + " records");
        }
        HashAlgorithm alg = records.get(0).record().hashAlgorithm();
        PendingState tx = new PendingState(state);
        Registry registry = new Registry(tx);
        List<BatchReceipt.Entry> entries = new ArrayList<>();
        List<byte[]> leafHashes = new ArrayList<>();
        String batchId = state.txId();
        String txTime = state.txTime().toString();
        long totalBytes = 0;
        for (SignedRecord signed : records) {
            EvidenceRecord r = Objects.requireNonNull(signed, "record").record();
            if (requiredType != null && r.type() != requiredType) {
                throw new RuleException(ErrorCode.MALFORMED_INPUT, "this transaction takes only " + requiredType
                        + " records, not " + r.type());
            }
            if (r.hashAlgorithm() != alg) {
                throw new RuleException(ErrorCode.MALFORMED_INPUT, "all records of a batch must use one hashAlg");
            }
            JsonNode tree = RecordCodec.toTree(signed);
            RecordCodec.checkLimits(tree);
            totalBytes += RecordCodec.toCanonicalJson(tree).length;
            if (totalBytes > RecordCodec.MAX_INPUT_BYTES) {
                throw new RuleException(ErrorCode.VALUE_TOO_LARGE,
                        "batch is larger than " + RecordCodec.MAX_INPUT_BYTES + " bytes");
            }
            PersonalDataScanner.requireNone(tree);
            if (!r.org().equals(caller.mspId())) {
                throw new RuleException(ErrorCode.WRONG_ORG,
                        "record " + r.id() + " is produced by " + r.org() + " but submitted by " + caller.mspId());
            }
            signed.verifySignature();
            byte[] hash = RecordCodec.hash(r);
            String hashHex = Hex.encode(hash);
            Optional<StoredRecord> existing = tx.read(StateKeys.record(r.id()), StoredRecord.class);
            if (existing.isPresent()) {
                StoredRecord s = existing.get();
                if (!s.hash().equals(hashHex)) {
                    // A record's id is fixed by what it does (CERT/issue), so issuing a revoked
                    // certificate again collides here first; the certificate rule's answer is the
                    // one the design gives, whoever submits it.
                    throw CertificateRule.reissueOfRevoked(tx, r.body()).orElseGet(() -> new RuleException(
                            ErrorCode.DUPLICATE_RECORD, "record " + r.id() + " already exists with different content"));
                }
                entries.add(new BatchReceipt.Entry(r.id(), r.type(), hashHex, s.batchId(), s.leafIndex(), true));
                continue;
            }
            checkTime(r);
            RecordContext ctx = new RecordContext(caller, signed, tx, registry, config);
            boolean agreementSign = r.body() instanceof AgreementBody ab && ab.action() == AgreementAction.SIGN;
            if (!agreementSign && registry.isAuditorOrg(r.org())) {
                throw new RuleException(ErrorCode.READ_ONLY, r.org() + " is an auditor and never writes evidence");
            }
            if (r.type() != RecordType.AGREEMENT) {
                SigningKeys.require(ctx, List.of());
            }
            String itemCode = applyType(ctx);
            checkPrev(tx, r);
            int leafIndex = leafHashes.size();
            leafHashes.add(MerkleTree.leafHash(alg, hash));
            tx.write(StateKeys.head(r.subject()), new Registry.SubjectHead(r.subject(),
                    RecordCodec.taggedHash(r), r.id()));
            tx.write(StateKeys.record(r.id()), new StoredRecord(signed, hashHex, batchId, leafIndex, state.txId(), txTime));
            index(tx, r, itemCode, new RecordRef(r.id(), r.type(), r.org(), r.time(), hashHex, batchId));
            entries.add(new BatchReceipt.Entry(r.id(), r.type(), hashHex, batchId, leafIndex, false));
        }
        if (leafHashes.isEmpty()) {
            return new BatchReceipt(null, null, null, entries);
        }
        String root = Hex.encode(MerkleTree.ofLeafHashes(alg, leafHashes).root());
        tx.write(StateKeys.batch(batchId), new BatchInfo(batchId, alg.id(), root,
                leafHashes.stream().map(Hex::encode).toList(), caller.mspId(), state.txId(), txTime));
        BatchReceipt receipt = new BatchReceipt(batchId, alg.id(), root, entries);
        tx.flush();
        state.setEvent(EVENT_NAME, RecordCodec.toCanonicalJson(receipt));
        return receipt;
    }

    private static String applyType(RecordContext ctx) {
        // The body type is sealed, so this switch names every kind of record and each rule gets
        // its own body type without a cast.
        return switch (ctx.record().body()) {
            case AgreementBody b -> AgreementRule.apply(ctx, b);
            case IdentityAttestationBody b -> {
                ctx.requireRole(Role.SERVICE, Role.CLERK);
                yield null;
            }
            case CaseBody b -> CaseRule.receive(ctx, b);
            case CaseStepBody b -> CaseRule.step(ctx, b);
            case RecognitionBody b -> RecognitionRule.apply(ctx, b);
            case CertificateBody b -> CertificateRule.apply(ctx, b);
            case CheckpointBody b -> CheckpointRule.apply(ctx, b);
            case LogCheckpointBody b -> LogCheckpointRule.apply(ctx, b);
            case WitnessRefusalBody b -> WitnessRefusalRule.apply(ctx, b);
        };
    }

    // Ahead of the transaction time only by clock skew; behind it by up to the outbox's allowance,
    // so evidence signed during a ledger outage is still accepted, while backdating is bounded.
    private void checkTime(EvidenceRecord r) {
        Duration ahead = Duration.between(state.txTime(), r.instant());
        if (ahead.compareTo(config.maxClockSkew()) > 0) {
            throw new RuleException(ErrorCode.BAD_TIME, "record " + r.id() + " time " + r.time()
                    + " is more than " + config.maxClockSkew() + " ahead of the transaction time " + state.txTime());
        }
        if (ahead.negated().compareTo(config.maxSubmitDelay()) > 0) {
            throw new RuleException(ErrorCode.BAD_TIME, "record " + r.id() + " time " + r.time()
                    + " is more than " + config.maxSubmitDelay() + " behind the transaction time " + state.txTime());
        }
    }

    private static void checkPrev(PendingState tx, EvidenceRecord r) {
        String expected = tx.read(StateKeys.head(r.subject()), Registry.SubjectHead.class)
                .map(Registry.SubjectHead::hash).orElse(null);
        if (!Objects.equals(expected, r.prev())) {
            throw new RuleException(ErrorCode.PREV_MISMATCH, expected == null
                    ? "record " + r.id() + " is the first of " + r.subject() + " and must have no prev"
                    : "record " + r.id() + " must follow " + expected + " (the latest record of " + r.subject() + ")");
        }
    }

    private static void index(PendingState tx, EvidenceRecord r, String itemCode, RecordRef ref) {
        String time = StateKeys.sortableTime(r.instant());
        tx.write(CompositeKey.of(StateKeys.BY_ORG, r.org(), time, r.id()), ref);
        tx.write(CompositeKey.of(StateKeys.BY_TIME, time, r.id()), ref);
        if (itemCode != null) {
            tx.write(CompositeKey.of(StateKeys.BY_ITEM, itemCode, time, r.id()), ref);
        }
    }

    /**
     * A stored record.
     *
     * @param recordId the record id
     * @return the record with its location, if it exists
     */
    public Optional<StoredRecord> record(String recordId) {
        return read(StateKeys.record(recordId), StoredRecord.class);
    }

    /**
     * A committed batch.
     *
     * @param batchId the batch id
     * @return the batch, if it exists
     */
    public Optional<BatchInfo> batch(String batchId) {
        return read(StateKeys.batch(batchId), BatchInfo.class);
    }

    /**
     * The hash ({@code ALG:HEX}) of a subject's latest record, which the next record of that
     * subject must name as its {@code prev}.
     *
     * @param subject the subject as {@link EvidenceRecord#subject()} names it, for example
     *     {@code case/case-2026-0001}
     * @return the latest hash, or empty if the subject has no records
     */
    public Optional<String> subjectHead(String subject) {
        return read(StateKeys.head(subject), Registry.SubjectHead.class).map(Registry.SubjectHead::hash);
    }

    /**
     * An agreement with every version and its signatures.
     *
     * @param agreementId the agreement
     * @return the agreement
     * @throws RuleException UNKNOWN_AGREEMENT
     */
    public AgreementView agreement(String agreementId) {
        Registry.AgreementHead head = read(StateKeys.agreement(agreementId), Registry.AgreementHead.class)
                .orElseThrow(() -> new RuleException(ErrorCode.UNKNOWN_AGREEMENT, "agreement " + agreementId + " does not exist"));
        return new AgreementView(agreementId, head.activeVersion(), head.latestVersion(),
                all(StateKeys.AGREEMENT_VERSION, agreementId, AgreementVersionView.class));
    }

    /**
     * A case with all its steps, their durations, the deadline and whether the case is overdue.
     *
     * @param caseId the case
     * @param asOf the time to judge an open case against
     * @return the timeline
     * @throws RuleException UNKNOWN_CASE
     */
    public CaseTimeline caseTimeline(String caseId, Instant asOf) {
        CaseStatus status = read(StateKeys.caseKey(caseId), CaseStatus.class)
                .orElseThrow(() -> new RuleException(ErrorCode.UNKNOWN_CASE, "case " + caseId + " does not exist"));
        Instant deadline = Instant.parse(status.deadline());
        Instant judged = status.completedAt() != null ? Instant.parse(status.completedAt()) : asOf;
        return new CaseTimeline(status, all(StateKeys.STEP, caseId, CaseStepView.class), asOf.toString(),
                judged.isAfter(deadline));
    }

    /**
     * A certificate's current status and full history.
     *
     * @param certificateId the certificate
     * @return the certificate
     * @throws RuleException UNKNOWN_CERTIFICATE
     */
    public CertificateView certificate(String certificateId) {
        CertificateState current = read(StateKeys.certificate(certificateId), CertificateState.class)
                .orElseThrow(() -> new RuleException(ErrorCode.UNKNOWN_CERTIFICATE,
                        "certificate " + certificateId + " does not exist"));
        return new CertificateView(current, all(StateKeys.CERTIFICATE_HISTORY, certificateId, CertificateHistoryEntry.class));
    }

    /**
     * Records produced by an org within a time range, in time order.
     *
     * <p>Like every range query here, a page holds at most {@code pageSize} entries and may hold
     * fewer even when more follow, because entries outside the range are skipped; continue
     * while the returned bookmark is non-empty.
     *
     * @param mspId the org
     * @param from the earliest record time, inclusive, or {@code null}
     * @param to the latest record time, exclusive, or {@code null}
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     * @param bookmark the previous page's bookmark, or empty
     * @return one page
     * @throws RuleException MALFORMED_INPUT for a bad page size or bookmark
     */
    public Page<RecordRef> recordsByOrg(String mspId, Instant from, Instant to, int pageSize, String bookmark) {
        return rangePage(StateKeys.BY_ORG, List.of(mspId), from, to, pageSize, bookmark);
    }

    /**
     * Records about an item within a time range, in time order; see
     * {@link #recordsByOrg} for the paging contract.
     *
     * @param itemCode the item
     * @param from the earliest record time, inclusive, or {@code null}
     * @param to the latest record time, exclusive, or {@code null}
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     * @param bookmark the previous page's bookmark, or empty
     * @return one page
     * @throws RuleException MALFORMED_INPUT for a bad page size or bookmark
     */
    public Page<RecordRef> recordsByItem(String itemCode, Instant from, Instant to, int pageSize, String bookmark) {
        return rangePage(StateKeys.BY_ITEM, List.of(itemCode), from, to, pageSize, bookmark);
    }

    /**
     * All records within a time range, in time order; see {@link #recordsByOrg} for the paging
     * contract.
     *
     * @param from the earliest record time, inclusive, or {@code null}
     * @param to the latest record time, exclusive, or {@code null}
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     * @param bookmark the previous page's bookmark, or empty
     * @return one page
     * @throws RuleException MALFORMED_INPUT for a bad page size or bookmark
     */
    public Page<RecordRef> recordsByTime(Instant from, Instant to, int pageSize, String bookmark) {
        return rangePage(StateKeys.BY_TIME, List.of(), from, to, pageSize, bookmark);
    }

    /**
     * Recognitions of an approval (by case id) or a certificate, in recognition id order.
     *
     * @param targetId the case or certificate id
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     * @param bookmark the previous page's bookmark, or empty
     * @return one page
     * @throws RuleException MALFORMED_INPUT for a bad page size or bookmark
     */
    public Page<RecognitionView> recognitions(String targetId, int pageSize, String bookmark) {
        return page(StateKeys.RECOGNITION, List.of(targetId), List.of(), pageSize, bookmark)
                .map(kv -> RecordCodec.fromJson(kv.value(), RecognitionView.class));
    }

    /**
     * The Merkle inclusion proof of a record in its batch, from the batch's stored leaf hashes.
     *
     * @param recordId the record
     * @return the proof
     * @throws RuleException UNKNOWN_RECORD
     */
    public InclusionProof inclusionProof(String recordId) {
        StoredRecord stored = record(recordId).orElseThrow(() ->
                new RuleException(ErrorCode.UNKNOWN_RECORD, "record " + recordId + " does not exist"));
        BatchInfo batch = batch(stored.batchId()).orElseThrow(() ->
                new RuleException(ErrorCode.UNKNOWN_RECORD, "batch " + stored.batchId() + " does not exist"));
        List<byte[]> leaves = batch.leafHashes().stream().map(Hex::decode).toList();
        return MerkleTree.ofLeafHashes(HashAlgorithm.fromId(batch.alg()), leaves).inclusionProof(stored.leafIndex());
    }

    private <T> Optional<T> read(String key, Class<T> type) {
        return state.get(key).map(bytes -> RecordCodec.fromJson(bytes, type));
    }

    /** Every entry under a partial key, for the bounded lists of one subject (versions, steps, history). */
    private <T> List<T> all(String objectType, String id, Class<T> type) {
        List<T> out = new ArrayList<>();
        String bookmark = "";
        do {
            Page<KeyValue> p = state.byPartialKey(objectType, List.of(id), MAX_PAGE_SIZE, bookmark);
            p.items().forEach(kv -> out.add(RecordCodec.fromJson(kv.value(), type)));
            bookmark = p.bookmark();
        } while (!bookmark.isEmpty());
        return out;
    }

    private Page<KeyValue> page(String objectType, List<String> prefix, List<String> start, int pageSize,
            String bookmark) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "pageSize must be between 1 and " + MAX_PAGE_SIZE);
        }
        try {
            return state.seek(objectType, prefix, start, pageSize, bookmark == null ? "" : bookmark);
        } catch (IllegalArgumentException e) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "bad bookmark or key: " + e.getMessage(), e);
        }
    }

    private Page<RecordRef> rangePage(String objectType, List<String> prefix, Instant from, Instant to,
            int pageSize, String bookmark) {
        if (from != null && to != null && to.isBefore(from)) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "time range ends before it starts");
        }
        // The index is in time order, so the first page starts at the window's start.
        Page<KeyValue> raw = page(objectType, prefix, from == null ? List.of() : List.of(StateKeys.sortableTime(from)),
                pageSize, bookmark);
        List<RecordRef> out = new ArrayList<>();
        // The time is the second-to-last key attribute; entries are in time order, so the first
        // entry past the range ends the query.
        Function<KeyValue, Instant> timeOf = kv -> {
            List<String> parts = CompositeKey.split(kv.key());
            return StateKeys.parseSortableTime(parts.get(parts.size() - 2));
        };
        for (KeyValue kv : raw.items()) {
            Instant t = timeOf.apply(kv);
            if (to != null && !t.isBefore(to)) {
                return new Page<>(out, "");
            }
            if (from == null || !t.isBefore(from)) {
                out.add(RecordCodec.fromJson(kv.value(), RecordRef.class));
            }
        }
        return new Page<>(out, raw.bookmark());
    }
}
