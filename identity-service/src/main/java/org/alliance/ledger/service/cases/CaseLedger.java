package org.alliance.ledger.service.cases;

import java.time.Clock;
import java.util.Optional;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.CaseState;
import org.alliance.ledger.core.rules.CaseStatus;
import org.alliance.ledger.core.rules.ErrorCode;
import org.alliance.ledger.core.rules.RuleException;
import org.alliance.ledger.service.outbox.RecordTracker;
import org.springframework.stereotype.Component;

/**
 * The current state of a case for building its next record (state, chain head, step count): the
 * ledger's view, then this service's own records of the case that are still in the outbox, in
 * order. Without the second part a clerk could not forward a case whose receipt the worker has not
 * submitted yet.
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
     * The case as the next step sees it.
     *
     * @param caseId the case
     * @return the snapshot, or empty if neither the ledger nor the outbox knows the case
     */
    public Optional<CaseSnapshot> find(String caseId) {
        CaseSnapshot snapshot = null;
        try {
            CaseStatus s = ledger.caseTimeline(caseId, clock.instant()).status();
            snapshot = new CaseSnapshot(caseId, s.agreementId(), s.itemCode(), s.acceptingOrg(), s.homeOrg(),
                    s.subjectRef(), s.state(), ledger.subjectHead(subject(caseId)).orElseThrow(), s.stepCount(),
                    s.lastStepTime());
        } catch (RuleException e) {
            if (e.code() != ErrorCode.UNKNOWN_CASE) {
                throw e;
            }
        }
        for (SignedRecord r : tracker.notYetOnLedger(caseId + "/")) {
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
