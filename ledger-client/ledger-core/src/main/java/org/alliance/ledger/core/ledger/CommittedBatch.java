package org.alliance.ledger.core.ledger;

import java.util.Objects;
import org.alliance.ledger.core.rules.BatchReceipt;

/**
 * One committed batch, as the ledger's committed-event stream reports it: only batches that
 * committed valid are reported.
 *
 * @param blockNumber the block that holds the transaction
 * @param transactionId the transaction id, which is also the batch id
 * @param receipt the batch receipt the transaction emitted
 */
public record CommittedBatch(long blockNumber, String transactionId, BatchReceipt receipt) {
    /** Checks that every part is present. */
    public CommittedBatch {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(receipt, "receipt");
    }

    /**
     * The stream position just after this batch, which a consumer saves once it has handled it.
     *
     * @return the position
     */
    public EventPosition position() {
        return new EventPosition(blockNumber, transactionId);
    }
}
