package org.alliance.ledger.core.ledger;

import java.time.Duration;
import java.util.Optional;

/**
 * The batches a ledger has committed, in ledger order, from a {@link Checkpointer}'s position
 * on. A consumer {@link #poll polls} a batch, handles it, and then {@link #checkpoint
 * checkpoints} it. A consumer that stops at any point, and opens a new stream on the same
 * checkpointer, gets exactly the batches after the last one it checkpointed.
 */
public interface CommittedEvents extends AutoCloseable {

    /**
     * The next committed batch, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the batch, or empty if none arrived in time
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the stream is closed
     */
    Optional<CommittedBatch> poll(Duration timeout) throws InterruptedException;

    /**
     * Saves, through the stream's checkpointer, that the consumer has handled {@code batch} and
     * everything before it.
     *
     * @param batch the batch last handled
     */
    void checkpoint(CommittedBatch batch);

    /** Stops the stream; batches polled but not checkpointed come again on the next stream. */
    @Override
    void close();
}
