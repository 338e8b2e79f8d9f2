package org.alliance.ledger.service.projection;

import java.time.Clock;
import java.util.Optional;

import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EventPosition;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.alliance.ledger.service.ledger.LedgerFollower;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds the projections from the ledger's committed-event stream, one batch per database
 * transaction that also saves the stream's checkpoint: after a crash the stream resumes with the
 * first batch whose transaction did not commit, so no batch is lost or applied twice.
 *
 * <p>When the checkpoint is missing while projections exist, is not a position, or names a
 * transaction the ledger does not hold (the ledger was replaced), the projections are emptied and
 * rebuilt from the ledger's first block; the log says so at WARN, and health shows when and why.
 */
@Component
class ProjectionRunner extends LedgerFollower {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    private final EvidenceLedger ledger;
    private final ProjectionStore store;
    private final BatchProjector projector;
    private final ProjectionStatus status;
    private final TransactionTemplate tx;
    private final Clock clock;

    ProjectionRunner(@Qualifier("evidenceLedger") EvidenceLedger ledger, ProjectionStore store, BatchProjector projector,
            ProjectionStatus status, PlatformTransactionManager transactions, Clock clock) {
        super("projection");
        this.ledger = ledger;
        this.store = store;
        this.projector = projector;
        this.status = status;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Override
    protected void handle(Optional<CommittedBatch> next, CommittedEvents events) {
        status.caughtUp(next.isEmpty());
        if (next.isPresent()) {
            CommittedBatch batch = next.get();
            tx.executeWithoutResult(s -> {
                projector.apply(batch);
                events.checkpoint(batch);
            });
            status.projected(batch.position());
        }
    }

    @Override
    protected void failed(RuntimeException failure) {
        status.failed(failure.toString());
    }

    /** The stream from the saved checkpoint, after rebuilding if the checkpoint cannot be used. */
    @Override
    protected CommittedEvents open() {
        Optional<EventPosition> at;
        try {
            at = tx.execute(s -> store.checkpoint());
            if (at.isEmpty() && Boolean.TRUE.equals(tx.execute(s -> store.hasRows()))) {
                at = rebuild("the projection checkpoint is missing while projections exist");
            }
        } catch (ProjectionStore.CorruptCheckpoint e) {
            at = rebuild(e.getMessage());
        }
        try {
            return events(at);
        } catch (IllegalStateException e) {
            return events(rebuild("the ledger does not hold the projection checkpoint: " + e.getMessage()));
        }
    }

    private CommittedEvents events(Optional<EventPosition> at) {
        CommittedEvents events = ledger.committedEvents(new Checkpointer() {
            @Override
            public Optional<EventPosition> position() {
                return at;
            }

            @Override
            public void save(EventPosition position) {
                store.saveCheckpoint(position);
            }
        });
        status.resumedAt(at);
        return events;
    }

    private Optional<EventPosition> rebuild(String reason) {
        LOG.warn("rebuilding the projections from the ledger's first block: {}", reason);
        tx.executeWithoutResult(s -> store.clear());
        status.rebuilt(clock.instant(), reason);
        return Optional.empty();
    }
}
