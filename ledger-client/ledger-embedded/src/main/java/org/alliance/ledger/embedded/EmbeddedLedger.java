package org.alliance.ledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.bundle.BlockHeader;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.Signatures;
import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommitStatus;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EventPosition;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.ledger.OrderingException;
import org.alliance.ledger.core.ledger.Submission;
import org.alliance.ledger.core.ledger.UnknownOutcomeException;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.AgreementView;
import org.alliance.ledger.core.rules.BatchInfo;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.rules.CertificateView;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.rules.EvidenceRules;
import org.alliance.ledger.core.rules.RecognitionView;
import org.alliance.ledger.core.rules.RecordRef;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.rules.StoredRecord;
import org.alliance.ledger.core.state.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process ledger that runs the evidence rules of {@code ledger-core} over a durable,
 * hash-chained block file: the alliance's shared ledger in one process, for development and
 * single-machine use. It accepts calls from any {@link Caller}; authenticating callers is the
 * job of the service in front of it.
 *
 * <p><b>Durability.</b> Each accepted transaction becomes one block, appended to
 * {@code blocks.log} and forced to disk before {@link #submit} returns; only then does the new
 * state become visible. A refused transaction ({@link RuleException}) writes nothing. A
 * transaction that writes nothing (resubmitting records already on the ledger) adds no block.
 *
 * <p><b>Verification on open.</b> Every block is checked (canonical form, numbering, hash chain,
 * node signature, records hash) and replayed through the rules with its stored transaction id,
 * time and caller; the replay must reproduce the header's write-set hash and batch. Any
 * difference is a {@link LedgerTamperedException}. Removing whole blocks from the end of the file
 * cannot be detected from the file alone; evidence bundles and checkpoints held elsewhere detect
 * it, because they name blocks the shortened file no longer has.
 *
 * <p><b>Concurrency.</b> Submissions are serialized; queries run concurrently with each other and
 * with a submission, and always see a state between two commits, never part of one. One process
 * at a time may open a data directory.
 */
public final class EmbeddedLedger implements EvidenceLedger, AutoCloseable {
    /** The block file's name in the data directory. */
    public static final String BLOCKS_FILE = "blocks.log";
    /** The lock file's name in the data directory. */
    public static final String LOCK_FILE = "ledger.lock";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLedger.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What the ledger keeps in memory about each block, to build bundles.
     *
     * @param header the block header
     * @param signature the node's base64 signature over it
     */
    private record Anchored(BlockHeader header, String signature) {
    }

    private final EmbeddedLedgerConfig config;
    private final HashAlgorithm chainAlg;
    private final NodeKey nodeKey;
    private final StateStore state = new StateStore();
    /** Block anchors by batch id; filled before the block's state is applied, so queries always find them. */
    private final Map<String, Anchored> anchorsByBatch = new ConcurrentHashMap<>();
    private volatile Anchored last;
    private volatile int height;
    /** Each block's batch as the event stream reports it, by block number. */
    private final List<CommittedBatch> committed = new ArrayList<>();
    /** Block numbers by transaction id, for {@link #status}. */
    private final Map<String, Integer> blockByTx = new ConcurrentHashMap<>();
    /** Guards {@link #committed}; signalled when a block is added, for waiting event streams. */
    private final ReentrantLock eventsLock = new ReentrantLock();
    private final Condition newBlock = eventsLock.newCondition();
    private final ReentrantLock submitLock = new ReentrantLock();
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final BlockLog log;
    private volatile boolean closed;

    private EmbeddedLedger(EmbeddedLedgerConfig config, FileChannel lockChannel, FileLock fileLock) {
        this.config = config;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.nodeKey = NodeKey.loadOrCreate(config.dataDir(), config.nodeKeyPem(), config.nodeKeyAlg());
        List<BlockLog.Line> lines = new ArrayList<>();
        this.log = BlockLog.open(config.dataDir().resolve(BLOCKS_FILE), lines);
        try {
            this.chainAlg = lines.isEmpty() ? config.hashAlg() : replay(lines);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        if (chainAlg != config.hashAlg()) {
            LOG.warn("ledger in {} uses {} block hashes; the configured {} applies only to new ledgers",
                    config.dataDir(), chainAlg, config.hashAlg());
        }
        LOG.info("embedded ledger open in {}: {} block(s) verified, signer {} ({})", config.dataDir(), height,
                config.signerOrg(), nodeKey.algorithm());
    }

    /**
     * Opens a ledger, creating it if the data directory holds none, and verifies every block.
     *
     * @param config how to open it
     * @return the open ledger
     * @throws LedgerTamperedException if any block fails verification
     * @throws IllegalStateException if another ledger instance holds the data directory
     * @throws UncheckedIOException if the files cannot be read or written
     */
    public static EmbeddedLedger open(EmbeddedLedgerConfig config) {
        Objects.requireNonNull(config, "config");
        FileChannel channel = null;
        try {
            Files.createDirectories(config.dataDir());
            channel = FileChannel.open(config.dataDir().resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("the ledger in " + config.dataDir() + " is already open");
            }
            try {
                return new EmbeddedLedger(config, channel, lock);
            } catch (RuntimeException e) {
                lock.release();
                throw e;
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open the ledger in " + config.dataDir(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the original exception says why.
            }
        }
    }

    /** Verifies and replays every block; returns the chain's hash algorithm. */
    private HashAlgorithm replay(List<BlockLog.Line> lines) {
        Path file = log.file();
        HashAlgorithm alg = null;
        String prevHash = null;
        for (int i = 0; i < lines.size(); i++) {
            BlockLog.Line line = lines.get(i);
            Block block;
            try {
                block = Block.parse(line.bytes());
            } catch (RuntimeException e) {
                throw tampered(file, LedgerTamperedException.Failure.PARSE, i, line, "not a well-formed block: " + e.getMessage(), e);
            }
            BlockHeader h = block.header();
            if (alg == null) {
                alg = HashAlgorithm.fromId(h.hashAlg());
                prevHash = BlockHeader.genesisPrevHash(alg);
            }
            if (h.number() != i) {
                throw tampered(file, LedgerTamperedException.Failure.NUMBER, i, line, "block carries number " + h.number(), null);
            }
            if (!h.hashAlg().equals(alg.id()) || !h.prevHash().equals(prevHash)) {
                throw tampered(file, LedgerTamperedException.Failure.HASH_CHAIN, i, line,
                        "prevHash is not the hash of block " + (i - 1) + "'s header", null);
            }
            verifySignature(file, i, line, block);
            if (h.recordCount() != block.records().size() || !Block.recordsHash(alg, block.records()).equals(h.recordsHash())) {
                throw tampered(file, LedgerTamperedException.Failure.RECORDS_HASH, i, line,
                        "the records do not match the header's recordsHash", null);
            }
            Executed executed = reexecute(file, i, line, block);
            commit(new Anchored(h, block.signature()), executed.receipt(), executed.writes());
            prevHash = Hex.encode(h.blockHash());
        }
        return alg;
    }

    private void verifySignature(Path file, int i, BlockLog.Line line, Block block) {
        BlockHeader h = block.header();
        boolean ok;
        try {
            ok = h.signerPublicKey().equals(nodeKey.publicKeyBase64())
                    && Signatures.verify(nodeKey.algorithm(), nodeKey.publicKey(), h.canonicalBytes(),
                            Fields.base64("signature", block.signature(), ErrorCode.BAD_SIGNATURE));
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw tampered(file, LedgerTamperedException.Failure.SIGNATURE, i, line,
                    "the block is not signed by this node's key", null);
        }
    }

    /** What a block's transaction did: its state changes and its receipt. */
    private record Executed(WriteSet writes, BatchReceipt receipt) {
    }

    /** Replays one block's transaction and checks it reproduces what the header records. */
    private Executed reexecute(Path file, int i, BlockLog.Line line, Block block) {
        BlockHeader h = block.header();
        TransactionBuffer tx = TransactionBuffer.begin(state, h.txId(), h.time());
        BatchReceipt receipt;
        try {
            List<SignedRecord> records = block.records().stream().map(RecordCodec::signedFromTree).toList();
            receipt = new EvidenceRules(tx, config.rules()).submit(h.caller(), records);
        } catch (RuntimeException e) {
            throw tampered(file, LedgerTamperedException.Failure.REPLAY, i, line,
                    "the rules refuse the block's transaction on replay: " + e.getMessage(), e);
        }
        WriteSet writes = tx.writeSet();
        if (!writeSetHash(HashAlgorithm.fromId(h.hashAlg()), writes).equals(h.writeSetHash())) {
            throw tampered(file, LedgerTamperedException.Failure.WRITE_SET, i, line,
                    "replaying the block wrote different state than the header records", null);
        }
        if (!receipt.batchId().equals(h.batchId()) || !receipt.root().equals(h.batchRoot())) {
            throw tampered(file, LedgerTamperedException.Failure.BATCH, i, line,
                    "replaying the block produced a different batch than the header records", null);
        }
        return new Executed(writes, receipt);
    }

    private static LedgerTamperedException tampered(Path file, LedgerTamperedException.Failure failure, int block,
            BlockLog.Line line, String detail, Throwable cause) {
        return new LedgerTamperedException(file, failure, block, line.offset(), detail, cause);
    }

    /**
     * The hash of a write set: the canonical JSON array of {@code {key, value (base64), owner}}
     * in key order, where {@code owner} is omitted for unowned keys.
     */
    static String writeSetHash(HashAlgorithm alg, WriteSet writes) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (WriteSet.Write w : writes.writes()) {
            ObjectNode n = array.addObject();
            n.put("key", w.key());
            n.put("value", Base64.getEncoder().encodeToString(w.value()));
            if (!w.owner().isEmpty()) {
                n.put("owner", w.owner());
            }
        }
        return Hex.encode(alg.digest(CanonicalJson.canonicalize(array)));
    }

    /**
     * Submits records as one transaction. The rules decide; if they refuse, nothing changes.
     * Ordering and commit happen within the call: it returns only after the block is on disk and
     * its state visible, so {@link #status} is final at once.
     *
     * @param caller who submits
     * @param records the signed records, 1 to the batch limit
     * @return the transaction id and the batch receipt; not ordered when every record was already
     *     on the ledger, in which case no block was written
     * @throws RuleException if the rules refuse the transaction; nothing was written
     * @throws OrderingException if the block could not be made durable; nothing was committed
     * @throws IllegalStateException if the ledger is closed
     */
    @Override
    public Submission submitAsync(Caller caller, List<SignedRecord> records) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(records, "records");
        submitLock.lock();
        try {
            ensureOpen();
            String txId = Hex.encode(randomBytes());
            // Millisecond precision keeps txTime short and identical in header and replay.
            Instant txTime = config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
            TransactionBuffer tx = TransactionBuffer.begin(state, txId, txTime);
            BatchReceipt receipt = new EvidenceRules(tx, config.rules()).submit(caller, records);
            WriteSet writes = tx.writeSet();
            if (writes.isEmpty()) {
                return new Submission(txId, receipt, false);
            }
            List<JsonNode> recordJson = records.stream().map(RecordCodec::toTree).toList();
            int number = height;
            String prevHash = number == 0 ? BlockHeader.genesisPrevHash(chainAlg) : Hex.encode(last.header().blockHash());
            BlockHeader header = new BlockHeader(number, prevHash, chainAlg.id(), txId, txTime.toString(), caller,
                    receipt.batchId(), receipt.root(), recordJson.size(), Block.recordsHash(chainAlg, recordJson),
                    writeSetHash(chainAlg, writes), config.signerOrg(), nodeKey.algorithm().id(),
                    nodeKey.publicKeyBase64());
            Block block = new Block(header, recordJson, nodeKey.sign(header.canonicalBytes()));
            try {
                log.append(block.toLine());
            } catch (UncheckedIOException e) {
                throw new OrderingException("the block could not be made durable; nothing was committed: "
                        + e.getMessage(), txId, e);
            }
            commit(new Anchored(header, block.signature()), receipt, writes);
            return new Submission(txId, receipt, true);
        } finally {
            submitLock.unlock();
        }
    }

    /**
     * The commit status of a transaction, which is final once {@link #submitAsync} has returned.
     *
     * @param transactionId the transaction id
     * @return its block, {@code VALID}: the embedded ledger commits only valid transactions
     * @throws UnknownOutcomeException if no block holds that transaction
     */
    @Override
    public CommitStatus status(String transactionId) {
        Objects.requireNonNull(transactionId, "transactionId");
        Integer block = blockByTx.get(transactionId);
        if (block == null) {
            throw new UnknownOutcomeException("no block of this ledger holds the transaction", transactionId, null);
        }
        return new CommitStatus(transactionId, block, CommitStatus.VALID);
    }

    /**
     * Committed batches from the checkpointer's position on, one per block, read from memory;
     * {@link CommittedEvents#poll} waits for the next block when the stream has caught up.
     *
     * @throws IllegalStateException if the position names a block this ledger does not have, or
     *     another transaction than the block holds
     */
    @Override
    public CommittedEvents committedEvents(Checkpointer checkpointer) {
        Objects.requireNonNull(checkpointer, "checkpointer");
        ensureOpen();
        int next = checkpointer.position().map(this::blockAfter).orElse(0);
        return new Events(checkpointer, next);
    }

    private int blockAfter(EventPosition p) {
        eventsLock.lock();
        try {
            if (p.blockNumber() >= committed.size()
                    || !committed.get((int) p.blockNumber()).transactionId().equals(p.transactionId())) {
                throw new IllegalStateException("the checkpoint names transaction " + p.transactionId() + " in block "
                        + p.blockNumber() + ", which this ledger (height " + committed.size() + ") does not hold");
            }
            return (int) p.blockNumber() + 1;
        } finally {
            eventsLock.unlock();
        }
    }

    /** A cursor over {@link #committed}; cheap, so a consumer may open and close streams freely. */
    private final class Events implements CommittedEvents {
        private final Checkpointer checkpointer;
        private int next;
        private volatile boolean streamClosed;

        Events(Checkpointer checkpointer, int next) {
            this.checkpointer = checkpointer;
            this.next = next;
        }

        @Override
        public synchronized Optional<CommittedBatch> poll(Duration timeout) throws InterruptedException {
            if (streamClosed) {
                throw new IllegalStateException("the event stream is closed");
            }
            long remaining = timeout.toNanos();
            eventsLock.lockInterruptibly();
            try {
                while (next >= committed.size()) {
                    if (remaining <= 0 || streamClosed || closed) {
                        return Optional.empty();
                    }
                    remaining = newBlock.awaitNanos(remaining);
                }
                return Optional.of(committed.get(next++));
            } finally {
                eventsLock.unlock();
            }
        }

        @Override
        public void checkpoint(CommittedBatch batch) {
            checkpointer.save(batch.position());
        }

        @Override
        public void close() {
            streamClosed = true;
        }
    }

    /**
     * A dry run of {@link #submit}: the pending batches and then the candidate go through the
     * rules on buffers over one snapshot of the committed state, which are dropped afterwards.
     * Nothing reaches {@code blocks.log} or the state, and the submit lock is not taken, so a dry
     * run never waits for a block write (only for a commit's brief state swap).
     *
     * @param pending transactions to apply first, oldest first
     * @param caller who would submit the candidate
     * @param records the candidate records
     * @throws RuleException if the rules refuse a pending batch or the candidate
     * @throws IllegalStateException if the ledger is closed
     */
    @Override
    public void simulate(List<PendingBatch> pending, Caller caller, List<SignedRecord> records) {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(records, "records");
        ensureOpen();
        Instant txTime = config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        // The whole run reads one committed state: a block committed half-way through would let
        // a pending record be applied against state that already holds it in part (its case key
        // absent, its chain head present), and the run would refuse a valid candidate.
        state.read(() -> PendingBatch.dryRun(TransactionBuffer.begin(state, Hex.encode(randomBytes()), txTime),
                tx -> tx.continueAs(Hex.encode(randomBytes())), config.rules(), pending, caller, records));
    }

    /**
     * Makes a durable block's state visible; its anchor first, so a query that sees the state
     * finds it, and its event last, so a consumer of the event finds the state.
     */
    private void commit(Anchored anchored, BatchReceipt receipt, WriteSet writes) {
        BlockHeader h = anchored.header();
        anchorsByBatch.put(h.batchId(), anchored);
        last = anchored;
        height = (int) h.number() + 1;
        state.apply(writes);
        blockByTx.put(h.txId(), (int) h.number());
        eventsLock.lock();
        try {
            committed.add(new CommittedBatch(h.number(), h.txId(), receipt));
            newBlock.signalAll();
        } finally {
            eventsLock.unlock();
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public Optional<StoredRecord> record(String recordId) {
        return query(r -> r.record(recordId));
    }

    @Override
    public Optional<BatchInfo> batch(String batchId) {
        return query(r -> r.batch(batchId));
    }

    @Override
    public Optional<String> subjectHead(String subject) {
        return query(r -> r.subjectHead(subject));
    }

    @Override
    public AgreementView agreement(String agreementId) {
        return query(r -> r.agreement(agreementId));
    }

    @Override
    public CaseTimeline caseTimeline(String caseId, Instant asOf) {
        return query(r -> r.caseTimeline(caseId, asOf));
    }

    @Override
    public CertificateView certificate(String certificateId) {
        return query(r -> r.certificate(certificateId));
    }

    @Override
    public Page<RecordRef> recordsByOrg(String mspId, Instant from, Instant to, int pageSize, String bookmark) {
        return query(r -> r.recordsByOrg(mspId, from, to, pageSize, bookmark));
    }

    @Override
    public Page<RecordRef> recordsByItem(String itemCode, Instant from, Instant to, int pageSize, String bookmark) {
        return query(r -> r.recordsByItem(itemCode, from, to, pageSize, bookmark));
    }

    @Override
    public Page<RecordRef> recordsByTime(Instant from, Instant to, int pageSize, String bookmark) {
        return query(r -> r.recordsByTime(from, to, pageSize, bookmark));
    }

    @Override
    public Page<RecognitionView> recognitions(String targetId, int pageSize, String bookmark) {
        return query(r -> r.recognitions(targetId, pageSize, bookmark));
    }

    @Override
    public InclusionProof inclusionProof(String recordId) {
        return query(r -> r.inclusionProof(recordId));
    }

    @Override
    public EvidenceBundle bundle(String recordId) {
        return query(r -> {
            StoredRecord stored = r.record(recordId)
                    .orElseThrow(() -> new RuleException(ErrorCode.UNKNOWN_RECORD, "record " + recordId + " does not exist"));
            InclusionProof proof = r.inclusionProof(recordId);
            BatchInfo batch = r.batch(stored.batchId()).orElseThrow(() -> new IllegalStateException(
                    "batch " + stored.batchId() + " of record " + recordId + " is missing"));
            Anchored anchored = anchorsByBatch.get(stored.batchId());
            if (anchored == null) {
                throw new IllegalStateException("no block holds batch " + stored.batchId());
            }
            return new EvidenceBundle(EvidenceBundle.VERSION, RecordCodec.toTree(stored.signedRecord()), stored.hash(),
                    new EvidenceBundle.Batch(batch.batchId(), batch.alg(), batch.root(), proof.treeSize(),
                            proof.leafIndex(), proof.hashes().stream().map(Hex::encode).toList()),
                    new EvidenceBundle.EmbeddedAnchor(anchored.header().toJson(),
                            Hex.encode(anchored.header().blockHash()), anchored.signature()));
        });
    }

    /**
     * Runs a query against one consistent committed state.
     *
     * @param query the query, given rules over a read-only view
     * @param <T> the result type
     * @return the result
     */
    private <T> T query(Function<EvidenceRules, T> query) {
        ensureOpen();
        return state.read(() -> query.apply(new EvidenceRules(TransactionBuffer.readOnly(state, config.clock().instant()),
                config.rules())));
    }

    /**
     * The number of blocks.
     *
     * @return the height
     */
    public int height() {
        return height;
    }

    /**
     * The node's public key, which signs every block header; put it in verifiers' trust stores
     * under {@link #signerOrg()}.
     *
     * @return the public key
     */
    public PublicKey nodePublicKey() {
        return nodeKey.publicKey();
    }

    /**
     * The node's public key as PEM, ready for a trust directory.
     *
     * @return SubjectPublicKeyInfo PEM
     */
    public String nodePublicKeyPem() {
        return Keys.toPem(nodeKey.publicKey());
    }

    /**
     * The org that runs this node and signs its blocks.
     *
     * @return the MSP id
     */
    public String signerOrg() {
        return config.signerOrg();
    }

    /**
     * The hash algorithm of the block chain.
     *
     * @return the algorithm
     */
    public HashAlgorithm chainAlgorithm() {
        return chainAlg;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the ledger is closed");
        }
    }

    /** Closes the block file and releases the data directory. Acknowledged blocks are already on disk. */
    @Override
    public void close() {
        submitLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            eventsLock.lock();
            try {
                newBlock.signalAll();
            } finally {
                eventsLock.unlock();
            }
            log.close();
            fileLock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + config.dataDir(), e);
        } finally {
            submitLock.unlock();
        }
    }
}
