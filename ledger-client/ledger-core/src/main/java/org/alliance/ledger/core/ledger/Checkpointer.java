package org.alliance.ledger.core.ledger;

import java.util.Optional;

/**
 * Where a consumer of committed events keeps its position. The consumer saves a batch's position
 * only after it has handled the batch, and durably, so that after a crash it resumes with the
 * first batch it had not finished: nothing is missed and nothing is handled twice.
 *
 * <p>{@link FileCheckpointer} keeps the position in a file. A consumer that projects events
 * into a database keeps it in the same database transaction as the projection instead, so that
 * the two can never disagree.
 */
public interface Checkpointer {

    /**
     * The saved position.
     *
     * @return the position after the last handled batch, or empty to start from the first block
     */
    Optional<EventPosition> position();

    /**
     * Saves, durably, that every batch up to and including {@code position} has been handled.
     *
     * @param position the position after the last handled batch
     */
    void save(EventPosition position);
}
