package org.alliance.ledger.service.identity.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.OutboxStatus;

/**
 * Where an attestation is on its way to the ledger.
 *
 * @param status PENDING, SUBMITTED, COMMITTED or FAILED
 * @param txId the ledger transaction, once committed
 * @param batchId the ledger batch, once committed
 * @param reason the rule code and explanation when FAILED, or the last transient error while retrying
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerStatus(OutboxStatus status, String txId, String batchId, String reason) {
    /**
     * The status of an outbox entry.
     *
     * @param entry the entry
     * @return its status
     */
    public static LedgerStatus of(OutboxEntry entry) {
        return new LedgerStatus(entry.status(), entry.txId(), entry.batchId(), entry.lastError());
    }
}
