package org.alliance.ledger.service.outbox;

import java.util.Optional;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.springframework.stereotype.Component;

/**
 * The ledger status of any record: this service's own records from the outbox, other orgs'
 * records (a step another region took) from the ledger.
 */
@Component
public class RecordTracker {
    private final Outbox outbox;
    private final EvidenceLedger ledger;

    /**
     * Creates the tracker.
     *
     * @param outbox the outbox
     * @param ledger the ledger
     */
    public RecordTracker(Outbox outbox, EvidenceLedger ledger) {
        this.outbox = outbox;
        this.ledger = ledger;
    }

    /**
     * Where a record stands.
     *
     * @param recordId the record id
     * @return its progress, or empty if neither the outbox nor the ledger knows it
     */
    public Optional<RecordProgress> progress(String recordId) {
        Optional<OutboxEntry> entry = outbox.find(recordId);
        if (entry.isPresent()) {
            return entry.map(RecordTracker::of);
        }
        return ledger.record(recordId).map(s -> new RecordProgress(OutboxStatus.COMMITTED, s.txId(), s.batchId(), null));
    }

    /**
     * The progress an outbox entry shows.
     *
     * @param e the entry
     * @return its progress
     */
    public static RecordProgress of(OutboxEntry e) {
        return new RecordProgress(e.status(), e.txId(), e.batchId(), e.status() == OutboxStatus.FAILED ? e.lastError() : null);
    }
}
