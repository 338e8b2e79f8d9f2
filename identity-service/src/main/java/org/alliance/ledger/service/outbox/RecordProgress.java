package org.alliance.ledger.service.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Where a record stands on its way to the ledger, as the API shows it next to each step or
 * certificate change.
 *
 * @param status {@code PENDING}, {@code SUBMITTED}, {@code COMMITTED} or {@code FAILED}
 * @param txId the ledger transaction, once committed
 * @param batchId the ledger batch, once committed
 * @param reason the rule code and text of a FAILED record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordProgress(OutboxStatus status, String txId, String batchId, String reason) {
    /** Checks that the status is present. */
    public RecordProgress {
        Objects.requireNonNull(status, "status");
    }
}
