package org.alliance.ledger.service.ledger;

import java.time.Duration;
import java.util.Optional;
import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A component that follows the ledger's committed-event stream on a thread of its own while the
 * application runs: it opens a stream, handles each poll's result, and after a failure pauses and
 * opens a new stream, which starts where the subclass says (its saved checkpoint, or the first
 * block). Stopping interrupts the thread and waits for it.
 */
public abstract class LedgerFollower implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerFollower.class);
    /** How long one poll waits for a batch. */
    protected static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final String threadName;
    private volatile Thread thread;
    private volatile boolean running;

    /**
     * Creates the follower.
     *
     * @param threadName its thread's name
     */
    protected LedgerFollower(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Opens the stream to follow next: at start, and again after each failure.
     *
     * @return the stream
     */
    protected abstract CommittedEvents open();

    /**
     * Handles one poll's result.
     *
     * @param next the batch, or empty when none came within {@link #POLL}
     * @param events the stream, to checkpoint the batch once handled
     */
    protected abstract void handle(Optional<CommittedBatch> next, CommittedEvents events);

    /**
     * Records that following failed; a new stream is opened after a pause.
     *
     * @param failure what went wrong
     */
    protected abstract void failed(RuntimeException failure);

    @Override
    public final void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name(threadName).start(this::run);
    }

    @Override
    public final void stop() {
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
    public final boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (CommittedEvents events = open()) {
                while (running) {
                    handle(events.poll(POLL), events);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("{} stopped following the ledger on {}; resuming in {}", threadName, e.toString(), RETRY_PAUSE, e);
                failed(e);
                try {
                    Thread.sleep(RETRY_PAUSE);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
