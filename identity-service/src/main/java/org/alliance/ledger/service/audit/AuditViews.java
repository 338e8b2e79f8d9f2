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

    /**
     * The durations of the cases received in a period, per catalogue item, against each item's
     * time limit.
     *
     * @param asOf the time open cases are measured to
     * @param region the region asked about (MSP id), absent for all
     * @param from the first day of receipt that counts (Asia/Shanghai), absent for no bound
     * @param to the last day of receipt that counts (Asia/Shanghai), absent for no bound
     * @param items each item with its cases, in catalogue order
     */
    public record Durations(String asOf, @JsonInclude(JsonInclude.Include.NON_NULL) String region,
            @JsonInclude(JsonInclude.Include.NON_NULL) String from, @JsonInclude(JsonInclude.Include.NON_NULL) String to,
            List<ItemDurations> items) {
    }

    /**
     * One catalogue item's cases against its time limit.
     *
     * @param itemCode the item
     * @param titleZh its title in Chinese
     * @param titleEn its title in English, as the agreement states it
     * @param timeLimitDays its time limit in working days, as the catalogue in force states it
     * @param finishedWithin finished cases whose result came within their deadline
     * @param finishedOver finished cases whose result came after their deadline
     * @param openWithin open cases still within their deadline
     * @param openOver open cases past their deadline
     * @param cases every case, in receipt order
     */
    public record ItemDurations(String itemCode, String titleZh, String titleEn, int timeLimitDays, int finishedWithin,
            int finishedOver, int openWithin, int openOver, List<CaseDuration> cases) {
    }

    /**
     * How long one case took, or has taken so far.
     *
     * @param caseId the case
     * @param state its state
     * @param finished whether its result is available (issued or rejected)
     * @param receivedAt the receive time
     * @param endedAt when the result became available, absent while open
     * @param workingDays the working days from the day after receipt to the day it ended (or to
     *     today while open), as time limits count them: within the limit while no more than it
     * @param hours the hours from receipt to the result (or to now while open), to a tenth
     * @param overLimit whether the result came, or the open case is, past its deadline
     */
    public record CaseDuration(String caseId, CaseState state, boolean finished, String receivedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String endedAt, int workingDays, double hours,
            boolean overLimit) {
    }
}
