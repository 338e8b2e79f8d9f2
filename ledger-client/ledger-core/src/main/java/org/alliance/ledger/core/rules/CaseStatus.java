package org.alliance.ledger.core.rules;

import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;

/**
 * The current state of a case, stored under its {@code case} key.
 *
 * @param caseId the case id
 * @param agreementId the agreement it is handled under
 * @param agreementVersion the agreement version active when it was received
 * @param itemCode the item
 * @param acceptingOrg the accepting region
 * @param homeOrg the home region
 * @param subjectRef the applicant's keyed subject reference
 * @param attestationId the identity attestation record, if any
 * @param assisted whether a clerk filed for the applicant
 * @param state the current state
 * @param timeLimitDays the item's time limit in working days
 * @param receivedAt the receive time, RFC 3339
 * @param deadline the last instant within the time limit, RFC 3339
 * @param completedAt when the result became available (issued or rejected), RFC 3339, or absent
 * @param issued whether the result was issued (stays true after closing)
 * @param stepCount the number of steps so far, the receipt included
 * @param lastStepTime the time of the latest step, RFC 3339
 */
public record CaseStatus(String caseId, String agreementId, int agreementVersion, String itemCode,
        String acceptingOrg, String homeOrg, String subjectRef, String attestationId, boolean assisted,
        CaseState state, int timeLimitDays, String receivedAt, String deadline, String completedAt,
        boolean issued, int stepCount, String lastStepTime) {

    /**
     * The org that owns a party's transitions.
     *
     * @param party accepting or home
     * @return the MSP id
     */
    public String orgOf(CaseAction.Party party) {
        return party == CaseAction.Party.HOME ? homeOrg : acceptingOrg;
    }

    /**
     * This case after a step.
     *
     * @param to the new state
     * @param time the step time, RFC 3339
     * @return the updated case
     */
    CaseStatus after(CaseState to, String time) {
        boolean nowIssued = issued || to == CaseState.ISSUED;
        boolean completes = completedAt == null && (to == CaseState.ISSUED || to == CaseState.REJECTED);
        return new CaseStatus(caseId, agreementId, agreementVersion, itemCode, acceptingOrg, homeOrg,
                subjectRef, attestationId, assisted, to, timeLimitDays, receivedAt, deadline,
                completes ? time : completedAt, nowIssued, stepCount + 1, time);
    }
}
