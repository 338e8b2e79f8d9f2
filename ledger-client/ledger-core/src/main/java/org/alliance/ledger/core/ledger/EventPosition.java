package org.alliance.ledger.core.ledger;

import java.util.Objects;

/**
 * A position in a ledger's committed-event stream: just after one transaction of one block. A
 * stream opened at a position delivers the batches after it, so a consumer that saves the
 * position of each batch it has handled resumes exactly where it stopped.
 *
 * <p>A block may hold several transactions (Fabric), which is why the transaction id is part of
 * the position: resuming inside a block skips the transactions up to and including this one.
 *
 * @param blockNumber the block of the last handled transaction
 * @param transactionId the last handled transaction
 */
public record EventPosition(long blockNumber, String transactionId) {
    /** Checks that the position names a block and a transaction. */
    public EventPosition {
        if (blockNumber < 0) {
            throw new IllegalArgumentException("block number must not be negative, got " + blockNumber);
        }
        Objects.requireNonNull(transactionId, "transactionId");
        if (transactionId.isEmpty()) {
            throw new IllegalArgumentException("transaction id must not be empty");
        }
    }
}
