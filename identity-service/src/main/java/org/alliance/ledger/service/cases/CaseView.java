package org.alliance.ledger.service.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(description = "办件及各步骤的账本状态 / a case and the ledger status of each step", example = """
        {"caseId": "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14", "agreementId": "agr-demo-alliance",
         "itemCode": "SOCIAL-INS-TRANSFER", "acceptingOrg": "ZhangzhouMSP", "homeOrg": "ChaozhouMSP", "state": "RECEIVED",
         "deadline": "2026-12-28T15:59:59.999999999Z", "overdue": false,
         "steps": [{"seq": 0, "recordId": "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14/receive", "action": "RECEIVE", "to": "RECEIVED",
           "actorOrg": "ZhangzhouMSP", "actorRole": "CLERK", "time": "2026-12-07T02:15:30.123456789Z",
           "ledger": {"status": "PENDING"}}]}
        """)
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
