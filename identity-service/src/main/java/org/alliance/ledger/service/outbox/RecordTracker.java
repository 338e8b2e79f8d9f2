package org.alliance.ledger.service.outbox;

import java.util.List;
import java.util.Optional;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.SignedRecord;
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

    /**
     * This service's records of one subject that are in the outbox and not yet on the ledger,
     * oldest first: what building the next record of the subject must add to the ledger's view, or
     * a clerk could not forward a case whose receipt the worker has not submitted yet.
     *
     * @param recordIdPrefix the subject's record id prefix, for example {@code caseId/}
     * @return the records
     */
    public List<SignedRecord> notYetOnLedger(String recordIdPrefix) {
        return outbox.inFlight(recordIdPrefix).stream()
                // SUBMITTED entries may already be committed with the reply not yet marked.
                .filter(e -> ledger.record(e.recordId()).isEmpty())
                .map(OutboxEntry::signedRecord)
                .toList();
    }
}
