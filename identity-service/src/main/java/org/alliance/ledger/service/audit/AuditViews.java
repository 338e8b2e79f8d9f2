package org.alliance.ledger.service.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CertificateStatus;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.rules.CertificateHistoryEntry;
import org.alliance.ledger.core.rules.RecognitionView;
import org.alliance.ledger.service.web.LedgerLocation;
import org.alliance.ledger.service.projection.CaseRow;

/** The auditor's views as the audit API answers them and its evidence packages hold them. */
public final class AuditViews {
    private AuditViews() {
    }

    /**
     * A case's standing: its parties, state and deadline.
     *
     * @param caseId the case
     * @param itemCode the item
     * @param acceptingOrg the accepting region's org
     * @param homeOrg the home region's org
     * @param state the current state
     * @param assisted whether the case was received with a clerk's assistance
     * @param receivedAt the receive time
     * @param timeLimitDays the time limit in working days
     * @param deadline the last instant within the time limit
     * @param completedAt when the result became available, absent while open
     * @param overdue whether the result came, or the case is still open, past the deadline
     * @param asOf the time the standing was computed for
     * @param workingDaysLeft for an open case, the working days left before its deadline as of
     *     {@code asOf} (negative once past it); absent for a completed case and in an exported
     *     package, which holds only what its records and the deadline's computation back
     */
    public record CaseSummary(String caseId, String itemCode, String acceptingOrg, String homeOrg, CaseState state,
            boolean assisted, String receivedAt, int timeLimitDays, String deadline,
            @JsonInclude(JsonInclude.Include.NON_NULL) String completedAt, boolean overdue, String asOf,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer workingDaysLeft) {

        static CaseSummary of(CaseTimeline t, Integer workingDaysLeft) {
            return of(CaseRow.of(t.status()), t.overdue(), t.asOf(), workingDaysLeft);
        }

        static CaseSummary of(CaseRow s, boolean overdue, String asOf, Integer workingDaysLeft) {
            return new CaseSummary(s.caseId(), s.itemCode(), s.acceptingOrg(), s.homeOrg(), s.state(), s.assisted(),
                    s.receivedAt(), s.timeLimitDays(), s.deadline(), s.completedAt(), overdue, asOf, workingDaysLeft);
        }
    }

    /**
     * One page of a case's timeline.
     *
     * @param summary the case's standing, as members of this object
     * @param steps the page's steps
     * @param bookmark the next page's bookmark, empty on the last
     */
    public record Timeline(@JsonUnwrapped CaseSummary summary, List<TimelineStep> steps, String bookmark) {
    }

    /**
     * A step of a case's timeline.
     *
     * @param seq its place in the case, from 1
     * @param action the transition
     * @param from the state it left
     * @param to the state it entered
     * @param actorOrg the org that took it
     * @param actorRole the role it was taken in
     * @param time the record time
     * @param durationSeconds seconds since the previous step
     * @param recordId the step's record
     * @param ledger where the record is on the ledger, absent if it is not there
     */
    public record TimelineStep(int seq, CaseAction action, CaseState from, CaseState to, String actorOrg, Role actorRole,
            String time, long durationSeconds, String recordId,
            @JsonInclude(JsonInclude.Include.NON_NULL) LedgerLocation ledger) {
    }

    /**
     * One page of the overdue view.
     *
     * @param asOf the time the standings were computed for
     * @param dueWithinDays the working days ahead that count as due soon
     * @param cases the page's overdue and due-soon cases
     * @param bookmark the next page's bookmark, empty on the last
     */
    public record Overdue(String asOf, int dueWithinDays, List<OverdueCase> cases, String bookmark) {
    }

    /**
     * An overdue or due-soon case.
     *
     * @param summary the case's standing, as members of this object
     * @param standing OVERDUE or DUE_SOON
     */
    public record OverdueCase(@JsonUnwrapped CaseSummary summary, String standing) {
    }

    /**
     * One page of a certificate's history.
     *
     * @param certificateId the certificate
     * @param status its current status
     * @param issuerOrg the issuing org
     * @param caseId the case it results from
     * @param itemCode the item
     * @param history the page's issue and status changes
     * @param bookmark the next page's bookmark, empty on the last
     */
    public record CertificateHistory(String certificateId, CertificateStatus status, String issuerOrg, String caseId,
            String itemCode, List<CertificateHistoryEntry> history, String bookmark) {
    }

    /**
     * One page of the recognitions of a case's approval or a certificate.
     *
     * @param targetId the case or certificate
     * @param recognitions the page's recognitions and refusals
     * @param bookmark the next page's bookmark, empty on the last
     */
    public record Recognitions(String targetId, List<RecognitionView> recognitions, String bookmark) {
    }
}
