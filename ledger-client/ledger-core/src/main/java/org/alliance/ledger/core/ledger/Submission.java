package org.alliance.ledger.core.ledger;

import java.util.Objects;
import org.alliance.ledger.core.rules.BatchReceipt;

/**
 * A write that was endorsed and handed to the ordering service, or that needed no ordering.
 *
 * @param transactionId the transaction id, for {@link EvidenceLedger#status(String)}
 * @param receipt the receipt the endorsing peers computed; it holds once the transaction commits
 *     valid
 * @param ordered false when every record was already on the ledger with identical content, so
 *     nothing was sent for ordering and the receipt holds already
 */
public record Submission(String transactionId, BatchReceipt receipt, boolean ordered) {
    /** Checks that every part is present. */
    public Submission {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(receipt, "receipt");
    }
}
