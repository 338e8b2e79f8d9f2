package org.alliance.ledger.service.outbox;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.StoredRecord;
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
        return ledger.record(recordId).map(RecordTracker::committed);
    }

    /**
     * Where a record stands that a ledger view lists: COMMITTED. This service's entry says where
     * once the worker has marked it; until then the ledger's own record does.
     *
     * @param recordId the record, listed by a ledger view
     * @param ours this service's entry of it, or null if another org wrote it
     * @return its progress
     * @throws IllegalStateException if the ledger does not hold it
     */
    public RecordProgress onLedger(String recordId, OutboxEntry ours) {
        if (ours != null && ours.status() == OutboxStatus.COMMITTED) {
            return of(ours);
        }
        return ledger.record(recordId).map(RecordTracker::committed)
                .orElseThrow(() -> new IllegalStateException("the ledger lists record " + recordId + " but does not hold it"));
    }

    private static RecordProgress committed(StoredRecord s) {
        return new RecordProgress(OutboxStatus.COMMITTED, s.txId(), s.batchId(), null);
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
     * This service's entries of one subject, whatever their status, oldest first, read now; read
     * them before the ledger's view of the subject, for the reason {@link #unsettled} gives.
     *
     * @param recordIdPrefix the subject's record id prefix, for example {@code caseId/}
     * @return the entries
     */
    public List<OutboxEntry> entries(String recordIdPrefix) {
        return outbox.withPrefix(recordIdPrefix);
    }

    /**
     * This service's records of one subject still on their way (PENDING or SUBMITTED), oldest
     * first, read now. Read them <em>before</em> the ledger's view of the subject: the worker
     * commits a record to the ledger before it marks the entry, so a ledger view read afterwards is
     * never older than this list, and {@link #onTop} then finds each record in exactly one of them.
     * Read the other way round, a record committed in between is in neither.
     *
     * @param recordIdPrefix the subject's record id prefix, for example {@code certificateId/}
     * @return the entries
     */
    public List<OutboxEntry> unsettled(String recordIdPrefix) {
        return outbox.inFlight(recordIdPrefix);
    }

    /**
     * The records of {@link #unsettled} entries that a ledger view read after them does not hold,
     * oldest first: what building the next record of the subject must add to that view.
     *
     * @param unsettled the entries, read before the view
     * @param held the ids of the subject's records in the view
     * @return the records to apply on top of the view
     */
    public static List<SignedRecord> onTop(List<OutboxEntry> unsettled, Set<String> held) {
        return unsettled.stream().filter(e -> !held.contains(e.recordId())).map(OutboxEntry::signedRecord).toList();
    }

    /**
     * The hash ({@code ALG:HEX}) of a committed record, which is immutable once committed: the head
     * of a chain whose latest record a ledger view names.
     *
     * @param recordId the record
     * @return its tagged hash
     * @throws IllegalStateException if the ledger does not hold it
     */
    public String committedHash(String recordId) {
        return ledger.record(recordId).map(s -> RecordCodec.taggedHash(s.signedRecord().record()))
                .orElseThrow(() -> new IllegalStateException("the ledger lists record " + recordId + " but does not hold it"));
    }
}
