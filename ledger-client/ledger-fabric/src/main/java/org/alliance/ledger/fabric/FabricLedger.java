package org.alliance.ledger.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommitStatus;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EndorsementException;
import org.alliance.ledger.core.ledger.EvaluationException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.ledger.FileCheckpointer;
import org.alliance.ledger.core.ledger.OrderingException;
import org.alliance.ledger.core.ledger.Submission;
import org.alliance.ledger.core.ledger.UnknownOutcomeException;
import org.alliance.ledger.core.ledger.ValidationException;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.AgreementView;
import org.alliance.ledger.core.rules.BatchInfo;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.rules.CertificateView;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.rules.RecognitionView;
import org.alliance.ledger.core.rules.RecordRef;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.rules.StoredRecord;
import org.alliance.ledger.core.state.Page;
import org.hyperledger.fabric.client.CallOption;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evidence ledger on a Fabric network, through the Fabric Gateway: every write is a
 * transaction of the {@code evidence} chaincode, endorsed by the peers the endorsement policy
 * needs and ordered by the network, and every query is an evaluated transaction of the same
 * chaincode. The chaincode runs the same rules as the embedded ledger, so both accept the same
 * records and answer queries alike.
 *
 * <p><b>Identities.</b> Each org user has its own client identity ({@link FabricUser}); a call
 * for a {@link Caller} is signed by the user configured for the caller's org and role, because
 * the chaincode takes the caller from the signing certificate, not from the call. Queries,
 * commit status and events use the first user configured.
 *
 * <p><b>Writes.</b> {@link #submitAsync} endorses and hands the transaction to the ordering
 * service and returns its id at once; {@link #status} waits for its commit status by id; {@link
 * #submit} is the two together. An ambiguous answer from the ordering service (a timeout, or
 * {@code request already processed}) is resolved by asking for the commit status by transaction
 * id before the same signed transaction is sent again, so a retry never records anything twice.
 *
 * <p><b>Failures</b> are typed by stage and carry the transaction id: a refusal by the rules is
 * a {@link RuleException} with its {@link ErrorCode} (whose cause is the gateway's error, which
 * names the transaction); the others are {@link EndorsementException}, {@link
 * OrderingException}, {@link ValidationException}, {@link UnknownOutcomeException} and, for
 * queries, {@link EvaluationException}.
 *
 * <p><b>Gateway peers.</b> Each org lists its gateway peers, its own first. When a peer cannot
 * be reached, calls move on to the next endpoint and stay there.
 *
 * <p>A ledger is thread-safe. {@link #withTimeouts} gives views with other timeouts that share
 * the connections; closing the ledger built by the builder closes them all.
 */
public final class FabricLedger implements EvidenceLedger, AutoCloseable {
    /** How long a checkpoint's transaction may take to be found; it is committed, or the checkpoint is wrong. */
    private static final Duration CHECKPOINT_CHECK = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(FabricLedger.class);
    private static final Map<RecordType, String> TRANSACTIONS = Map.of(
            RecordType.AGREEMENT, "RecordAgreement",
            RecordType.IDENTITY_ATTESTATION, "RecordAttestation",
            RecordType.CASE, "ReceiveCase",
            RecordType.CASE_STEP, "RecordCaseStep",
            RecordType.RECOGNITION, "RecordRecognition",
            RecordType.CERTIFICATE, "RecordCertificate",
            RecordType.CHECKPOINT, "RecordCheckpoint",
            RecordType.LOG_CHECKPOINT, "RecordLogCheckpoint",
            RecordType.WITNESS_REFUSAL, "RecordWitnessRefusal");
    private static final String MIXED_BATCH = "SubmitBatch";
    /** The gateway's words for endorsing peers whose results differ. */
    private static final String PEERS_DISAGREE = "ProposalResponsePayloads do not match";
    private static final Duration ENDORSE_RETRY_PAUSE = Duration.ofMillis(300);
    /** A subject no record has; asking for its head runs the contract and writes nothing. */
    private static final String IDENTITY_PROBE = "identity-probe";
    /** The peer's words when it refuses the creator of a proposal. */
    private static final String ACCESS_DENIED = "access denied";

    /** What every view of one ledger shares. */
    private record Shared(String channel, String chaincode, Map<String, Connection> connections, Connection reader,
            int submitAttempts) {
    }

    private final Shared shared;
    private final Timeouts timeouts;
    private final boolean owner;

    private FabricLedger(Shared shared, Timeouts timeouts, boolean owner) {
        this.shared = shared;
        this.timeouts = timeouts;
        this.owner = owner;
    }

    /**
     * A builder of a ledger.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The same ledger with other timeouts; the view shares this ledger's connections, and
     * closing it does nothing.
     *
     * @param other the timeouts for calls through the view
     * @return the view
     */
    public FabricLedger withTimeouts(Timeouts other) {
        return new FabricLedger(shared, Objects.requireNonNull(other, "other"), false);
    }

    /**
     * The timeouts of this ledger's calls.
     *
     * @return the timeouts
     */
    public Timeouts timeouts() {
        return timeouts;
    }

    // ---- writes ---------------------------------------------------------------------------

    /**
     * Endorses the records as one transaction and hands it to the ordering service, without
     * waiting for it to commit. Records that are all on the ledger already with identical
     * content are acknowledged without ordering anything.
     *
     * @param caller who submits; the user configured for its org and role signs
     * @param records the signed records, 1 to the batch limit; one type uses that type's
     *     transaction, several types {@code SubmitBatch}
     * @return the transaction id and the receipt it will commit with
     * @throws RuleException if the rules refuse the records; nothing was sent for ordering
     * @throws EndorsementException if the transaction could not be endorsed otherwise
     * @throws OrderingException if the ordering service refused the transaction
     * @throws UnknownOutcomeException if the ordering service's answer stayed ambiguous
     * @throws IllegalArgumentException if no user is configured for the caller
     */
    @Override
    public Submission submitAsync(Caller caller, List<SignedRecord> records) {
        Objects.requireNonNull(records, "records");
        Connection c = connection(caller);
        Transaction endorsed = endorse(c, transactionName(records), json(records));
        BatchReceipt receipt = RecordCodec.fromJson(endorsed.getResult(), BatchReceipt.class);
        if (receipt.wroteNothing()) {
            return new Submission(endorsed.getTransactionId(), receipt, false);
        }
        order(c, endorsed);
        return new Submission(endorsed.getTransactionId(), receipt, true);
    }

    /**
     * Endorses a write. Peers that disagree about the result ({@code ProposalResponsePayloads do
     * not match}) are at different heights, typically because some have committed an earlier
     * copy of the same records and others not yet; the endorsement is tried again after a short
     * pause, when they have caught up. Nothing was ordered, so a new proposal is safe.
     */
    private Transaction endorse(Connection c, String function, String json) {
        for (int attempt = 1;; attempt++) {
            String[] txId = {""};
            try {
                return c.call(gw -> {
                    Proposal p = contract(gw).newProposal(function).addArguments(json).build();
                    txId[0] = p.getTransactionId();
                    return p.endorse(deadline(timeouts.endorse()));
                });
            } catch (GatewayException e) {
                Optional<RuleException> refusal = Refusals.refusal(e, txId[0]);
                if (refusal.isPresent()) {
                    throw refusal.get();
                }
                if (attempt >= shared.submitAttempts() || !describe(e).contains(PEERS_DISAGREE)) {
                    throw new EndorsementException(function + " could not be endorsed: " + describe(e), txId[0], e);
                }
                LOG.warn("the peers' results for {} differ (attempt {} of {}); endorsing again when they caught up",
                        txId[0], attempt, shared.submitAttempts());
                pause(ENDORSE_RETRY_PAUSE.multipliedBy(attempt), txId[0], e);
            }
        }
    }

    private static void pause(Duration d, String txId, GatewayException cause) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new EndorsementException("interrupted while waiting to endorse again", txId, cause);
        }
    }

    /** Sends the endorsed transaction for ordering until it is known to be there. */
    private void order(Connection c, Transaction endorsed) {
        String txId = endorsed.getTransactionId();
        byte[] bytes = endorsed.getBytes();
        // Signed once: every attempt sends the identical envelope.
        byte[] signature = c.sign(endorsed.getDigest());
        GatewayException last = null;
        for (int attempt = 1; attempt <= shared.submitAttempts(); attempt++) {
            try {
                c.call(gw -> gw.newSignedTransaction(bytes, signature).submitAsync(deadline(timeouts.submit())));
                return;
            } catch (SubmitException e) {
                if (!ambiguous(e)) {
                    throw new OrderingException("the ordering service refused the transaction: " + describe(e), txId, e);
                }
                last = e;
            } catch (GatewayException e) {
                throw new OrderingException("the transaction could not be submitted: " + describe(e), txId, e);
            }
            LOG.warn("submitting {} was ambiguous (attempt {} of {}): {}; asking for its status first", txId, attempt,
                    shared.submitAttempts(), describe(last));
            try {
                status(c, txId);
                return;
            } catch (UnknownOutcomeException notYetKnown) {
                LOG.warn("{} has no commit status yet; sending the same transaction again", txId);
            }
        }
        throw new UnknownOutcomeException("no answer from the ordering service after " + shared.submitAttempts()
                + " attempts: " + describe(last), txId, last);
    }

    /**
     * A timeout, an unreachable service, or BFT's {@code request already processed}: the
     * transaction may have reached the ordering service.
     */
    private static boolean ambiguous(GatewayException e) {
        io.grpc.Status.Code code = e.getStatus().getCode();
        return code == io.grpc.Status.Code.DEADLINE_EXCEEDED || code == io.grpc.Status.Code.UNAVAILABLE
                || code == io.grpc.Status.Code.CANCELLED || describe(e).contains("already processed");
    }

    /**
     * Waits for a transaction's commit status.
     *
     * @param transactionId the transaction id
     * @return the status; {@link CommitStatus#valid()} says whether its writes took effect
     * @throws UnknownOutcomeException if no status came within the commit-status timeout
     */
    @Override
    public CommitStatus status(String transactionId) {
        return status(shared.reader(), Objects.requireNonNull(transactionId, "transactionId"));
    }

    private CommitStatus status(Connection c, String txId) {
        SerializedIdentity creator = SerializedIdentity.newBuilder().setMspid(c.identity().getMspId())
                .setIdBytes(ByteString.copyFrom(c.identity().getCredentials())).build();
        byte[] request = SignedCommitStatusRequest.newBuilder().setRequest(CommitStatusRequest.newBuilder()
                .setChannelId(shared.channel()).setTransactionId(txId).setIdentity(creator.toByteString())
                .build().toByteString()).build().toByteArray();
        try {
            Status s = c.call(gw -> gw.newCommit(request).getStatus(deadline(timeouts.commitStatus())));
            return new CommitStatus(txId, s.getBlockNumber(), s.getCode().name());
        } catch (GatewayException e) {
            throw new UnknownOutcomeException("no commit status within " + timeouts.commitStatus() + ": "
                    + describe(e), txId, e);
        }
    }

    /**
     * Submits records as one transaction and waits until it commits.
     *
     * @param caller who submits; the user configured for its org and role signs
     * @param records 1 to the batch limit of signed records
     * @return where each record is
     * @throws RuleException if the rules refuse the transaction
     * @throws EndorsementException if it could not be endorsed otherwise
     * @throws OrderingException if the ordering service refused it
     * @throws ValidationException if it committed invalid, for example {@code MVCC_READ_CONFLICT}
     * @throws UnknownOutcomeException if its outcome is not known in time
     */
    @Override
    public BatchReceipt submit(Caller caller, List<SignedRecord> records) {
        Submission s = submitAsync(caller, records);
        if (!s.ordered()) {
            return s.receipt();
        }
        CommitStatus status = status(connection(caller), s.transactionId());
        if (!status.valid()) {
            throw new ValidationException(s.transactionId(), status.validationCode(), status.blockNumber());
        }
        return s.receipt();
    }

    /**
     * A dry run through the chaincode's {@code Simulate} transaction, evaluated on a peer and
     * never ordered. The pending batches must be the caller's org's own.
     */
    @Override
    public void simulate(List<PendingBatch> pending, Caller caller, List<SignedRecord> records) {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(records, "records");
        evaluate(connection(caller), "Simulate", new String(RecordCodec.toCanonicalJson(pending), StandardCharsets.UTF_8),
                json(records));
    }

    // ---- queries --------------------------------------------------------------------------

    @Override
    public Optional<StoredRecord> record(String recordId) {
        return RuleException.absentIf(ErrorCode.UNKNOWN_RECORD, () -> query(StoredRecord.class, "GetRecord", recordId));
    }

    @Override
    public Optional<BatchInfo> batch(String batchId) {
        return RuleException.absentIf(ErrorCode.UNKNOWN_RECORD, () -> query(BatchInfo.class, "GetBatch", batchId));
    }

    @Override
    public Optional<String> subjectHead(String subject) {
        String head = new String(evaluate(shared.reader(), "GetSubjectHead", subject), StandardCharsets.UTF_8);
        return head.isEmpty() ? Optional.empty() : Optional.of(head);
    }

    @Override
    public AgreementView agreement(String agreementId) {
        return query(AgreementView.class, "GetAgreement", agreementId);
    }

    @Override
    public CaseTimeline caseTimeline(String caseId, Instant asOf) {
        return query(CaseTimeline.class, "GetCaseTimeline", caseId, asOf == null ? "" : asOf.toString());
    }

    @Override
    public CertificateView certificate(String certificateId) {
        return query(CertificateView.class, "GetCertificate", certificateId);
    }

    @Override
    public Page<RecordRef> recordsByOrg(String mspId, Instant from, Instant to, int pageSize, String bookmark) {
        return page(RecordRef.class, "RecordsByOrg", mspId, bound(from), bound(to), Integer.toString(pageSize),
                bookmark == null ? "" : bookmark);
    }

    @Override
    public Page<RecordRef> recordsByItem(String itemCode, Instant from, Instant to, int pageSize, String bookmark) {
        return page(RecordRef.class, "RecordsByItem", itemCode, bound(from), bound(to), Integer.toString(pageSize),
                bookmark == null ? "" : bookmark);
    }

    @Override
    public Page<RecordRef> recordsByTime(Instant from, Instant to, int pageSize, String bookmark) {
        return page(RecordRef.class, "RecordsByTime", bound(from), bound(to), Integer.toString(pageSize),
                bookmark == null ? "" : bookmark);
    }

    @Override
    public Page<RecognitionView> recognitions(String targetId, int pageSize, String bookmark) {
        return page(RecognitionView.class, "Recognitions", targetId, Integer.toString(pageSize),
                bookmark == null ? "" : bookmark);
    }

    @Override
    public InclusionProof inclusionProof(String recordId) {
        StoredRecord stored = record(recordId).orElseThrow(() -> unknownRecord(recordId));
        return proof(stored, recordId);
    }

    private InclusionProof proof(StoredRecord stored, String recordId) {
        HashAlgorithm alg = stored.signedRecord().record().hashAlgorithm();
        return InclusionProof.fromJson(new String(evaluate(shared.reader(), "GetInclusionProof", recordId),
                StandardCharsets.UTF_8), alg);
    }

    /**
     * An evidence bundle whose anchor is the block holding the Fabric transaction that wrote the
     * record's batch (see {@link EvidenceBundle.FabricAnchor}): the whole block, read from the
     * channel's query system chaincode, and the consenter mapping of the channel configuration
     * that block names, so that the endorsements, the block's data hash, its validation code and
     * the orderers' signatures can all be checked offline.
     *
     * @throws IllegalStateException if the block does not hold the batch's transaction, or the
     *     channel configuration has no consenter mapping
     */
    @Override
    public EvidenceBundle bundle(String recordId) {
        StoredRecord stored = record(recordId).orElseThrow(() -> unknownRecord(recordId));
        InclusionProof proof = proof(stored, recordId);
        BatchInfo batch = batch(stored.batchId()).orElseThrow(() -> new IllegalStateException(
                "batch " + stored.batchId() + " of record " + recordId + " is missing"));
        Block block = block("GetBlockByTxID", stored.batchId());
        int txIndex = BlockContents.indexOf(block, stored.batchId());
        Block config = block("GetBlockByNumber", Long.toString(BlockContents.lastConfigIndex(block)));
        EvidenceBundle.FabricAnchor anchor = EvidenceBundle.FabricAnchor.of(shared.channel(), shared.chaincode(),
                stored.batchId(), block.getHeader().getNumber(), txIndex, block.toByteArray(),
                BlockContents.consenters(config));
        return new EvidenceBundle(EvidenceBundle.VERSION, RecordCodec.toTree(stored.signedRecord()), stored.hash(),
                new EvidenceBundle.Batch(batch.batchId(), batch.alg(), batch.root(), proof.treeSize(), proof.leafIndex(),
                        proof.hashes().stream().map(Hex::encode).toList()),
                anchor);
    }

    /**
     * The root CA certificates of each application org of the channel, as the channel's latest
     * configuration states them: the orgs whose majority endorses, and whose CAs certify the
     * endorsing peers and the orderers, so an offline verifier of this channel's bundles needs them.
     *
     * @return PEM certificates per MSP id
     * @throws IllegalStateException if a block the peer returns is malformed
     */
    public Map<String, List<String>> channelCaCertificates() {
        byte[] info = evaluateOn(shared.reader(), "qscc", "GetChainInfo", shared.channel());
        long height;
        try {
            height = BlockchainInfo.parseFrom(info).getHeight();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("qscc GetChainInfo returned no chain info: " + e.getMessage(), e);
        }
        Block latest = block("GetBlockByNumber", Long.toString(height - 1));
        return BlockContents.rootCertificates(block("GetBlockByNumber", Long.toString(BlockContents.lastConfigIndex(latest))));
    }

    private Block block(String function, String arg) {
        byte[] bytes = evaluateOn(shared.reader(), "qscc", function, shared.channel(), arg);
        try {
            return Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("qscc " + function + " " + arg + " returned no block: " + e.getMessage(), e);
        }
    }

    // ---- events ---------------------------------------------------------------------------

    /**
     * Committed batches, read from the chaincode's events through the reading org's gateway peers;
     * see {@link GatewayEvents}.
     */
    @Override
    public CommittedEvents committedEvents(Checkpointer checkpointer) {
        Objects.requireNonNull(checkpointer, "checkpointer");
        // The Gateway would skip a block for a transaction it never finds there and carry on
        // silently; a checkpoint of another ledger must fail instead.
        checkpointer.position().ifPresent(p -> {
            CommitStatus status;
            try {
                status = withTimeouts(timeouts.withCommitStatus(CHECKPOINT_CHECK)).status(p.transactionId());
            } catch (UnknownOutcomeException e) {
                throw new IllegalStateException("the checkpoint names transaction " + p.transactionId()
                        + ", which this channel does not hold", e);
            }
            if (status.blockNumber() != p.blockNumber()) {
                throw new IllegalStateException("the checkpoint puts transaction " + p.transactionId() + " in block "
                        + p.blockNumber() + ", but the channel has it in block " + status.blockNumber());
            }
        });
        return GatewayEvents.open(shared.reader(), shared.channel(), shared.chaincode(), checkpointer);
    }

    /**
     * Committed batches from the position saved in a checkpoint file.
     *
     * @param checkpointFile the checkpoint file, created on the first checkpoint
     * @return the open stream; close it when done
     * @throws IllegalStateException if the file is not a checkpoint
     */
    public CommittedEvents committedEvents(Path checkpointFile) {
        return committedEvents(FileCheckpointer.open(checkpointFile));
    }

    // ---- plumbing -------------------------------------------------------------------------

    private Connection connection(Caller caller) {
        Objects.requireNonNull(caller, "caller");
        Connection c = shared.connections().get(key(caller.mspId(), caller.role()));
        if (c == null) {
            throw new IllegalArgumentException("no Fabric identity is configured for " + caller.role().externalName()
                    + " of " + caller.mspId());
        }
        return c;
    }

    // ---- identities and gateways -------------------------------------------------------------

    /**
     * Asks the gateway peers, once for each configured user, whether the channel accepts that
     * user as a member of its org: an identity issued by another org's CA, or for another MSP id,
     * is refused by the peer before any chaincode runs, and a service configured with it must not
     * start.
     *
     * @throws IdentityRefusedException if a peer refused a user's identity
     * @throws EvaluationException if no gateway peer of a user could be reached or asked
     */
    public void checkIdentities() {
        for (Connection c : shared.connections().values()) {
            try {
                evaluate(c, "GetSubjectHead", IDENTITY_PROBE);
            } catch (RuleException refusedByTheRules) {
                // The contract ran, so the peer accepted the identity.
                LOG.debug("identity probe of {}: {}", c.user().mspId(), refusedByTheRules.getMessage());
            } catch (EvaluationException e) {
                if (e.getMessage() != null && e.getMessage().contains(ACCESS_DENIED)) {
                    throw new IdentityRefusedException(c.user().mspId(), c.user().role().externalName(),
                            c.user().certificate(), e.getMessage());
                }
                throw e;
            }
        }
    }

    /**
     * Where each configured user's calls go now.
     *
     * @return one status per user, in the order they were configured
     */
    public List<GatewayStatus> gateways() {
        return shared.connections().values().stream().map(Connection::status).toList();
    }

    private static String key(String mspId, Role role) {
        return mspId + "/" + role.name();
    }

    private Contract contract(Gateway gw) {
        return gw.getNetwork(shared.channel()).getContract(shared.chaincode());
    }

    private <T> T query(Class<T> type, String function, String... args) {
        return RecordCodec.fromJson(evaluate(shared.reader(), function, args), type);
    }

    private <T> Page<T> page(Class<T> type, String function, String... args) {
        return RecordCodec.pageFromJson(evaluate(shared.reader(), function, args), type);
    }

    private byte[] evaluate(Connection c, String function, String... args) {
        return evaluateOn(c, shared.chaincode(), function, args);
    }

    private byte[] evaluateOn(Connection c, String chaincode, String function, String... args) {
        String[] txId = {""};
        try {
            return c.call(gw -> {
                Proposal p = gw.getNetwork(shared.channel()).getContract(chaincode).newProposal(function)
                        .addArguments(args).build();
                txId[0] = p.getTransactionId();
                return p.evaluate(deadline(timeouts.evaluate()));
            });
        } catch (GatewayException e) {
            throw Refusals.refusal(e, txId[0]).<RuntimeException>map(r -> r).orElseGet(() -> new EvaluationException(
                    function + " could not be evaluated: " + describe(e), txId[0], e));
        }
    }

    private static RuleException unknownRecord(String recordId) {
        return new RuleException(ErrorCode.UNKNOWN_RECORD, "record " + recordId + " does not exist");
    }

    private static String bound(Instant t) {
        return t == null ? "" : t.toString();
    }

    static String transactionName(List<SignedRecord> records) {
        if (records.isEmpty()) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "a batch needs at least one record");
        }
        RecordType type = records.get(0).record().type();
        boolean oneType = records.stream().allMatch(r -> r.record().type() == type);
        return oneType ? TRANSACTIONS.get(type) : MIXED_BATCH;
    }

    /** The chaincode's input: one object for one record, an array for several. */
    private static String json(List<SignedRecord> records) {
        Object value = records.size() == 1 ? records.get(0) : records;
        return new String(RecordCodec.toCanonicalJson(value), StandardCharsets.UTF_8);
    }

    static CallOption deadline(Duration d) {
        return CallOption.deadlineAfter(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The gRPC status and every peer's detail, for messages and logs. */
    static String describe(GatewayException e) {
        if (e == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(e.getStatus().getCode().name());
        if (e.getStatus().getDescription() != null) {
            b.append(' ').append(e.getStatus().getDescription());
        }
        e.getDetails().forEach(d -> b.append("; ").append(d.getMspId()).append('@').append(d.getAddress())
                .append(": ").append(d.getMessage()));
        return b.toString();
    }

    /** Closes every connection, if this is the ledger the builder built; a view closes nothing. */
    @Override
    public void close() {
        if (owner) {
            shared.connections().values().forEach(Connection::close);
        }
    }

    /** Builds a {@link FabricLedger}. */
    public static final class Builder {
        private String channel = "evidence";
        private String chaincode = "evidence";
        private final List<FabricUser> users = new ArrayList<>();
        private final Map<String, List<PeerEndpoint>> endpoints = new LinkedHashMap<>();
        private Timeouts timeouts = Timeouts.DEFAULTS;
        private int submitAttempts = 3;

        private Builder() {
        }

        /**
         * The channel, {@code evidence} by default.
         *
         * @param name the channel name
         * @return this builder
         */
        public Builder channel(String name) {
            this.channel = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The chaincode, {@code evidence} by default.
         *
         * @param name the chaincode name
         * @return this builder
         */
        public Builder chaincode(String name) {
            this.chaincode = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Adds an org user; the first one added also reads, asks for commit status and listens.
         *
         * @param user the user
         * @return this builder
         */
        public Builder user(FabricUser user) {
            users.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        /**
         * Sets an org's gateway peers, preferred first; its users try the next when one is down.
         *
         * @param mspId the org
         * @param peers the gateway peers, at least one
         * @return this builder
         */
        public Builder gatewayPeers(String mspId, List<PeerEndpoint> peers) {
            if (peers.isEmpty()) {
                throw new IllegalArgumentException("an org needs at least one gateway peer");
            }
            endpoints.put(Objects.requireNonNull(mspId, "mspId"), List.copyOf(peers));
            return this;
        }

        /**
         * The default timeouts, {@link Timeouts#DEFAULTS} unless set.
         *
         * @param defaults the timeouts
         * @return this builder
         */
        public Builder timeouts(Timeouts defaults) {
            this.timeouts = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        /**
         * How many times one signed transaction is sent to the ordering service while its fate is
         * unknown, 3 by default.
         *
         * @param attempts at least 1
         * @return this builder
         */
        public Builder submitAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("submit attempts must be at least 1");
            }
            this.submitAttempts = attempts;
            return this;
        }

        /**
         * Builds the ledger. Connections open on first use.
         *
         * @return the ledger
         * @throws IllegalStateException if no user is configured, or a user's org has no gateway peer
         */
        public FabricLedger build() {
            if (users.isEmpty()) {
                throw new IllegalStateException("a Fabric ledger needs at least one user");
            }
            Map<String, Connection> connections = new LinkedHashMap<>();
            for (FabricUser user : users) {
                List<PeerEndpoint> peers = endpoints.get(user.mspId());
                if (peers == null) {
                    throw new IllegalStateException("no gateway peer is configured for " + user.mspId());
                }
                if (connections.putIfAbsent(key(user.mspId(), user.role()), new Connection(user, peers)) != null) {
                    throw new IllegalStateException("two users for " + user.role().externalName() + " of " + user.mspId());
                }
            }
            Connection reader = connections.values().iterator().next();
            return new FabricLedger(new Shared(channel, chaincode, java.util.Collections.unmodifiableMap(connections), reader, submitAttempts),
                    timeouts, true);
        }
    }
}
