package org.alliance.ledger.fabric;

import java.util.Objects;
import org.alliance.ledger.core.rules.BatchReceipt;

/**
 * One committed batch, as its chaincode event reports it.
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
}
