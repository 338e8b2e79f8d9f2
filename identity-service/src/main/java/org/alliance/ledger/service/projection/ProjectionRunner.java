package org.alliance.ledger.service.projection;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.alliance.ledger.core.ledger.Checkpointer;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.alliance.ledger.core.ledger.EventPosition;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
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
class ProjectionRunner implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final EvidenceLedger ledger;
    private final ProjectionStore store;
    private final BatchProjector projector;
    private final ProjectionStatus status;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile Thread thread;
    private volatile boolean running;

    ProjectionRunner(@Qualifier("evidenceLedger") EvidenceLedger ledger, ProjectionStore store, BatchProjector projector,
            ProjectionStatus status, PlatformTransactionManager transactions, Clock clock) {
        this.ledger = ledger;
        this.store = store;
        this.projector = projector;
        this.status = status;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("projection").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (CommittedEvents events = open()) {
                while (running) {
                    Optional<CommittedBatch> next = events.poll(POLL);
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
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("projection stopped on {}; resuming from its checkpoint in {}", e.toString(), RETRY_PAUSE, e);
                status.failed(e.toString());
                try {
                    Thread.sleep(RETRY_PAUSE);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** The stream from the saved checkpoint, after rebuilding if the checkpoint cannot be used. */
    private CommittedEvents open() {
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
