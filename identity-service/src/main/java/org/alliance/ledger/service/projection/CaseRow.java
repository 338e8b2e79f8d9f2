package org.alliance.ledger.service.projection;

import java.time.Instant;

import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.rules.CaseStatus;

/**
 * A projected case: the ledger's case status as of the last projected batch that touched it.
 *
 * @param caseId the case
 * @param agreementId its agreement
 * @param itemCode the item
 * @param acceptingOrg the accepting region
 * @param homeOrg the home region
 * @param state the state
 * @param assisted whether a clerk filed for the applicant
 * @param timeLimitDays the item's time limit in working days
 * @param receivedAt the receive time, RFC 3339
 * @param deadline the last instant within the time limit, RFC 3339
 * @param completedAt when the result became available, RFC 3339, or null
 * @param lastStepTime the time of the latest step, RFC 3339
 * @param stepCount the number of steps, the receipt included
 */
public record CaseRow(String caseId, String agreementId, String itemCode, String acceptingOrg, String homeOrg,
        CaseState state, boolean assisted, int timeLimitDays, String receivedAt, String deadline, String completedAt,
        String lastStepTime, int stepCount) {

    /**
     * Whether the result came after the deadline or, for an open case, {@code asOf} is past it:
     * the rules' meaning of overdue.
     *
     * @param asOf the time to judge an open case against
     * @return true if overdue
     */
    public boolean overdue(Instant asOf) {
        Instant limit = Instant.parse(deadline);
        return completedAt == null ? asOf.isAfter(limit) : Instant.parse(completedAt).isAfter(limit);
    }

    /**
     * The row of a case status the ledger holds.
     *
     * @param s the status
     * @return the row
     */
    public static CaseRow of(CaseStatus s) {
        return new CaseRow(s.caseId(), s.agreementId(), s.itemCode(), s.acceptingOrg(), s.homeOrg(), s.state(),
                s.assisted(), s.timeLimitDays(), s.receivedAt(), s.deadline(), s.completedAt(), s.lastStepTime(),
                s.stepCount());
    }
}
