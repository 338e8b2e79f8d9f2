package org.alliance.ledger.service.cases;

import java.util.Objects;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;

/**
 * A case as the next step must see it: the ledger's state with this service's records still in
 * the outbox applied on top.
 *
 * @param caseId the case
 * @param agreementId the agreement it is handled under
 * @param itemCode the item
 * @param acceptingOrg the accepting region
 * @param homeOrg the home region
 * @param subjectRef the applicant's keyed subject reference
 * @param state the current state
 * @param head the hash ({@code ALG:HEX}) of the case's latest record, the next record's {@code prev}
 * @param stepCount the number of records so far, the receipt included
 * @param lastStepTime the time of the latest record, RFC 3339
 */
public record CaseSnapshot(String caseId, String agreementId, String itemCode, String acceptingOrg, String homeOrg,
        String subjectRef, CaseState state, String head, int stepCount, String lastStepTime) {
    /** Checks that everything is present. */
    public CaseSnapshot {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(lastStepTime, "lastStepTime");
    }

    /**
     * The org that owns a side of the case.
     *
     * @param party accepting or home
     * @return the MSP id
     */
    public String orgOf(CaseAction.Party party) {
        return party == CaseAction.Party.ACCEPTING ? acceptingOrg : homeOrg;
    }

    /**
     * The case after one more step.
     *
     * @param to the new state
     * @param newHead the step record's hash
     * @param time the step time
     * @return the new snapshot
     */
    CaseSnapshot after(CaseState to, String newHead, String time) {
        return new CaseSnapshot(caseId, agreementId, itemCode, acceptingOrg, homeOrg, subjectRef, to, newHead,
                stepCount + 1, time);
    }
}
