package org.alliance.ledger.service.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.alliance.ledger.core.ledger.EventPosition;
import org.springframework.stereotype.Component;

/** What the projection runner has done, for health and for views that say how current they are. */
@Component
public class ProjectionStatus {
    private volatile EventPosition position;
    private volatile long batches;
    private volatile boolean caughtUp;
    private volatile Instant rebuiltAt;
    private volatile String rebuildReason;
    private volatile String lastError;

    synchronized void projected(EventPosition next) {
        position = next;
        batches++;
        lastError = null;
        notifyAll();
    }

    /**
     * Waits until the projection holds every batch up to and including block {@code blockNumber},
     * for a caller that knows where its write is, such as a test or a read-your-writes request.
     *
     * @param blockNumber the block
     * @param timeout how long to wait at most
     * @return true if the projection got there in time
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized boolean awaitBlock(long blockNumber, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (position == null || position.blockNumber() < blockNumber) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    void caughtUp(boolean value) {
        caughtUp = value;
    }

    synchronized void rebuilt(Instant at, String reason) {
        rebuiltAt = at;
        rebuildReason = reason;
        position = null;
    }

    void resumedAt(Optional<EventPosition> at) {
        position = at.orElse(null);
    }

    void failed(String error) {
        lastError = error;
        caughtUp = false;
    }

    /**
     * The position after the last projected batch.
     *
     * @return the position, or empty before the first batch
     */
    public Optional<EventPosition> position() {
        return Optional.ofNullable(position);
    }

    /**
     * Batches projected since the service started.
     *
     * @return the count
     */
    public long batches() {
        return batches;
    }

    /**
     * Whether the last poll found no further batch: the projection had reached the ledger's end.
     *
     * @return true when caught up
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * When the projections were last rebuilt from the ledger, since the service started.
     *
     * @return the time, or empty if they were not
     */
    public Optional<Instant> rebuiltAt() {
        return Optional.ofNullable(rebuiltAt);
    }

    /**
     * Why they were rebuilt.
     *
     * @return the reason, or empty
     */
    public Optional<String> rebuildReason() {
        return Optional.ofNullable(rebuildReason);
    }

    /**
     * The error the runner last stopped on, cleared by the next projected batch.
     *
     * @return the error, or empty
     */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }
}
