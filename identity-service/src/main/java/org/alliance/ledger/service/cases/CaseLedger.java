package org.alliance.ledger.service.cases;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.CaseStatus;
import org.alliance.ledger.core.rules.CaseStepView;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.RecordTracker;
import org.springframework.stereotype.Component;

/**
 * Reads a case as one moment: this service's outbox entries of the case first, then the ledger's
 * timeline in one query. The worker commits a record to the ledger before it marks the entry, so
 * the ledger read is never older than the outbox read: an entry still unsettled there that the
 * ledger already holds is simply found on the ledger, and no step can be missing from both or
 * counted twice. Reading the other way round (or the ledger twice) mixes two moments: a case shown
 * RECEIVED while its forward is already COMMITTED, or a next step built on a stale head.
 *
 * <p>Record ids of a case all start with {@code caseId/}: {@code caseId/receive} for the
 * {@code CASE} record and {@code caseId/step-N-xxxxxx} for steps.
 */
@Component
public class CaseLedger {
    private final EvidenceLedger ledger;
    private final RecordTracker tracker;
    private final Clock clock;

    /**
     * Creates the view.
     *
     * @param ledger the ledger
     * @param tracker this service's records on their way to the ledger
     * @param clock the clock
     */
    public CaseLedger(EvidenceLedger ledger, RecordTracker tracker, Clock clock) {
        this.ledger = ledger;
        this.tracker = tracker;
        this.clock = clock;
    }

    /**
     * The subject of a case's record chain.
     *
     * @param caseId the case
     * @return the subject, as the ledger names it
     */
    public static String subject(String caseId) {
        return RecordType.CASE.subjectKind() + "/" + caseId;
    }

    /**
     * Reads a case once: outbox, then ledger.
     *
     * @param caseId the case
     * @return the reading
     */
    public CaseRead read(String caseId) {
        List<OutboxEntry> entries = tracker.entries(caseId + "/");
        Optional<CaseTimeline> timeline;
        try {
            timeline = Optional.of(ledger.caseTimeline(caseId, clock.instant()));
        } catch (RuleException e) {
            if (e.code() != ErrorCode.UNKNOWN_CASE) {
                throw e;
            }
            timeline = Optional.empty();
        }
        return new CaseRead(caseId, entries, timeline);
    }

    /**
     * The case as the next step sees it.
     *
     * @param caseId the case
     * @return the snapshot, or empty if neither the ledger nor the outbox knows the case
     */
    public Optional<CaseSnapshot> find(String caseId) {
        return read(caseId).snapshot(tracker);
    }

    /**
     * The case as the next step must see it, from a reading already made.
     *
     * @param read the reading
     * @return the case, or empty if neither the ledger nor the outbox has it
     */
    public Optional<CaseSnapshot> snapshot(CaseRead read) {
        return read.snapshot(tracker);
    }

    /**
     * One reading of a case.
     *
     * @param caseId the case
     * @param entries this service's outbox entries of the case, oldest first, whatever their status
     * @param timeline the ledger's timeline, read after the entries; empty if the ledger does not
     *     know the case yet
     */
    public record CaseRead(String caseId, List<OutboxEntry> entries, Optional<CaseTimeline> timeline) {
        /** Copies the entries. */
        public CaseRead {
            entries = List.copyOf(entries);
        }

        /**
         * The ids of the case's records on the ledger.
         *
         * @return the record ids, in step order
         */
        public Set<String> onLedger() {
            return timeline.map(t -> t.steps().stream().map(CaseStepView::recordId)
                    .collect(Collectors.toCollection(LinkedHashSet::new))).orElseGet(LinkedHashSet::new);
        }

        /**
         * This service's records of the case that the ledger does not hold yet and that may still
         * reach it (PENDING or SUBMITTED), oldest first.
         *
         * @return the records
         */
        public List<SignedRecord> onTheirWay() {
            return RecordTracker.onTop(entries.stream().filter(OutboxEntry::unsettled).toList(), onLedger());
        }

        /**
         * The case as the next step sees it: the ledger's state, then the records on their way.
         *
         * @param tracker the head's hash, from the latest committed record (immutable once committed)
         * @return the snapshot, or empty if neither knows the case
         */
        Optional<CaseSnapshot> snapshot(RecordTracker tracker) {
            CaseSnapshot snapshot = null;
            if (timeline.isPresent()) {
                CaseStatus s = timeline.get().status();
                List<CaseStepView> steps = timeline.get().steps();
                String head = tracker.committedHash(steps.get(steps.size() - 1).recordId());
                snapshot = new CaseSnapshot(caseId, s.agreementId(), s.itemCode(), s.acceptingOrg(), s.homeOrg(),
                        s.subjectRef(), s.state(), head, s.stepCount(), s.lastStepTime());
            }
            for (SignedRecord r : onTheirWay()) {
                String hash = RecordCodec.taggedHash(r.record());
                if (r.record().body() instanceof CaseBody b && snapshot == null) {
                    snapshot = new CaseSnapshot(caseId, b.agreementId(), b.itemCode(), b.acceptingOrg(), b.homeOrg(),
                            b.subjectRef(), CaseState.RECEIVED, hash, 1, r.record().time());
                } else if (r.record().body() instanceof CaseStepBody b && snapshot != null) {
                    snapshot = snapshot.after(b.to(), hash, r.record().time());
                }
            }
            return Optional.ofNullable(snapshot);
        }
    }
}
