package org.alliance.ledger.service.alliancelog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EventPosition;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.springframework.beans.factory.annotation.Qualifier;
import org.alliance.ledger.service.ledger.LedgerFollower;
import org.springframework.stereotype.Component;

/**
 * This instance's alliance log, fed from its own ledger's committed-event stream in ledger order.
 *
 * <p>It is rebuilt from the ledger's first block at every start rather than saved: the tree is
 * what this member's copy of the ledger says, and re-deriving it is the check a witness exists
 * to make. A batch that wrote nothing has no root and is no leaf.
 */
@Component
public class LedgerLog extends LedgerFollower {

    private final EvidenceLedger ledger;
    private final AllianceLogProperties properties;
    private final RecordFactory records;
    private volatile AllianceLog log;
    /** Each batch's leaf in {@link #log}, by batch id; replaced with it. */
    private volatile Map<String, Long> leaves = new ConcurrentHashMap<>();
    private volatile BatchReceipt.Entry latestCheckpoint;
    private volatile long evidenceSize;
    private volatile boolean caughtUp;
    private volatile String failure;
    /** The tree the current stream appends to; only the follower's thread touches it. */
    private AllianceLog fresh;
    private Map<String, Long> freshLeaves;

    /**
     * Creates the log.
     *
     * @param ledger the ledger whose committed batches it follows
     * @param properties the log's id
     * @param records this service's record factory, whose hash is the batches' hash
     */
    public LedgerLog(@Qualifier("evidenceLedger") EvidenceLedger ledger, AllianceLogProperties properties,
            RecordFactory records) {
        super("alliance-log");
        this.ledger = ledger;
        this.properties = properties;
        this.records = records;
        this.log = newLog();
    }

    private AllianceLog newLog() {
        return new AllianceLog(properties.id(), records.signatureAlgorithm().hash());
    }

    /**
     * The log as far as this instance has read the ledger.
     *
     * @return the log
     */
    public AllianceLog log() {
        return log;
    }

    /**
     * Where a batch is in the log.
     *
     * @param batchId the batch's id
     * @return its leaf index, or empty when the log has not read it (or it wrote nothing)
     */
    public OptionalLong leafOf(String batchId) {
        Long leaf = leaves.get(batchId);
        return leaf == null ? OptionalLong.empty() : OptionalLong.of(leaf);
    }

    /**
     * The latest {@code LOG_CHECKPOINT} record of this log (its record id starts with the log's id
     * and {@code /}) in the batches read so far.
     *
     * @return its receipt entry (record id and hash), or empty
     */
    public Optional<BatchReceipt.Entry> latestCheckpoint() {
        return Optional.ofNullable(latestCheckpoint);
    }

    /**
     * The log's size up to the last batch that holds more than this log's own checkpoint records:
     * a tree that grew only by recording its checkpoints needs no new one, or every checkpoint
     * would call for the next.
     *
     * @return the size
     */
    public long evidenceSize() {
        return evidenceSize;
    }

    /**
     * Whether the last poll of the ledger found nothing new.
     *
     * @return true when the log holds every batch the ledger has delivered so far
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Why following the ledger last failed, if it did and has not recovered.
     *
     * @return the failure, or empty
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    protected CommittedEvents open() {
        // Every stream starts from the first block into a fresh tree: resuming mid-way would need
        // the position of the last leaf, which after a failure is exactly what is in doubt.
        fresh = newLog();
        freshLeaves = new ConcurrentHashMap<>();
        log = fresh;
        leaves = freshLeaves;
        latestCheckpoint = null;
        evidenceSize = 0;
        caughtUp = false;
        return ledger.committedEvents(fromStart());
    }

    @Override
    protected void handle(Optional<CommittedBatch> next, CommittedEvents events) {
        caughtUp = next.isEmpty();
        if (next.isPresent() && !next.get().receipt().wroteNothing()) {
            long leaf = fresh.append(next.get());
            freshLeaves.put(next.get().receipt().batchId(), leaf);
            List<BatchReceipt.Entry> entries = next.get().receipt().records();
            entries.stream().filter(this::ofThisLog).reduce((x, y) -> y).ifPresent(e -> latestCheckpoint = e);
            if (!entries.stream().allMatch(this::ofThisLog)) {
                evidenceSize = leaf + 1;
            }
        }
        failure = null;
    }

    @Override
    protected void failed(RuntimeException e) {
        failure = e.toString();
    }

    private boolean ofThisLog(BatchReceipt.Entry e) {
        return e.type() == RecordType.LOG_CHECKPOINT && e.id().startsWith(properties.id() + "/");
    }

    private static Checkpointer fromStart() {
        return new Checkpointer() {
            @Override
            public Optional<EventPosition> position() {
                return Optional.empty();
            }

            @Override
            public void save(EventPosition position) {
                // The tree is rebuilt at every start; there is no position to keep.
            }
        };
    }
}
