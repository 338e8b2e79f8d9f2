package org.alliance.ledger.fabric;

import org.alliance.ledger.core.ledger.CommittedBatch;
import org.alliance.ledger.core.ledger.CommittedEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A consumer of committed batches as a service would run one: a thread that takes each batch from
 * {@link FabricLedger#committedEvents} and checkpoints it once handled, and that can be stopped and
 * started again on the same checkpoint file at any point.
 */
final class BatchListener implements AutoCloseable {
    private final FabricLedger ledger;
    private final Path checkpoint;
    private final List<CommittedBatch> handled = new ArrayList<>();
    private CommittedEvents events;
    private Thread thread;
    private volatile boolean running;
    private volatile RuntimeException failure;

    BatchListener(FabricLedger ledger, Path checkpoint) {
        this.ledger = ledger;
        this.checkpoint = checkpoint;
    }

    synchronized BatchListener start() {
        events = ledger.committedEvents(checkpoint);
        running = true;
        CommittedEvents stream = events;
        thread = Thread.ofPlatform().name("batch-listener").daemon().start(() -> {
            try {
                while (running) {
                    Optional<CommittedBatch> batch = stream.poll(Duration.ofMillis(200));
                    if (batch.isPresent()) {
                        synchronized (handled) {
                            handled.add(batch.get());
                        }
                        stream.checkpoint(batch.get());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        });
        return this;
    }

    /** Stops the consumer between two batches and closes its stream, as a service stopping would. */
    synchronized void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
        events.close();
        if (failure != null) {
            throw new AssertionError("the listener failed", failure);
        }
    }

    /** Every batch handled so far, in order, across restarts. */
    List<CommittedBatch> handled() {
        synchronized (handled) {
            return List.copyOf(handled);
        }
    }

    /** Waits until every one of these transactions has been handled; false if the time ran out. */
    boolean awaitHandled(Collection<String> transactionIds, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!handled().stream().map(CommittedBatch::transactionId).toList().containsAll(transactionIds)) {
            if (System.nanoTime() > deadline || failure != null) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }
}
