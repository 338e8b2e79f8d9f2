package org.alliance.ledger.service.web;

import org.alliance.ledger.core.rules.StoredRecord;

/**
 * A committed record's place on the ledger, as the API's views show it.
 *
 * @param txId the transaction
 * @param batchId the batch
 */
public record LedgerLocation(String txId, String batchId) {
    /**
     * Where a stored record is.
     *
     * @param stored the record as the ledger holds it
     * @return its place
     */
    public static LedgerLocation of(StoredRecord stored) {
        return new LedgerLocation(stored.txId(), stored.batchId());
    }
}
