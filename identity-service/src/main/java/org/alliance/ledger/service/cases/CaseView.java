package org.alliance.ledger.service.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.outbox.RecordProgress;

/**
 * A case as the API shows it: its current state (ledger plus this service's records on their way)
 * and every step with the ledger status of its record.
 *
 * @param caseId the case
 * @param agreementId the agreement
 * @param itemCode the item
 * @param acceptingOrg the accepting region
 * @param homeOrg the home region
 * @param state the current state
 * @param deadline the deadline, once the receipt is on the ledger (the rules compute it)
 * @param overdue whether the case is overdue now, once on the ledger
 * @param workingDaysLeft while the case is open, the working days left before its deadline in its
 *     agreement's calendar (0 on the deadline's day, negative once past it)
 * @param steps the steps in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseView(String caseId, String agreementId, String itemCode, String acceptingOrg, String homeOrg,
        CaseState state, String deadline, Boolean overdue, Integer workingDaysLeft, List<Step> steps) {
    /** Copies the steps. */
    public CaseView {
        steps = List.copyOf(steps);
    }

    /**
     * One step.
     *
     * @param seq the step number on the ledger (0 for the receipt); absent while not yet committed
     * @param recordId the step's record
     * @param action the transition
     * @param from the state left (absent for the receipt)
     * @param to the state entered
     * @param actorOrg the org that acted
     * @param actorRole the role that acted
     * @param time the step time
     * @param durationSeconds seconds since the previous step, once on the ledger
     * @param ledger the record's ledger status
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(Integer seq, String recordId, CaseAction action, CaseState from, CaseState to, String actorOrg,
            Role actorRole, String time, Long durationSeconds, RecordProgress ledger) {
    }
}
