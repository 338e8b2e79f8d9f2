package org.alliance.ledger.core.rules;

import java.util.List;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.Role;

/**
 * One step of a case, stored under its {@code step} key; the receipt is step 0.
 *
 * @param seq the step number, 0 for the receipt
 * @param recordId the record of the step
 * @param action the transition
 * @param from the state left, absent for the receipt
 * @param to the state entered
 * @param actorOrg the org that acted
 * @param actorRole the role that acted
 * @param time the step time, RFC 3339
 * @param durationSeconds seconds since the previous step, computed by the rules
 * @param attachments hashes of attached documents or comments
 */
public record CaseStepView(int seq, String recordId, CaseAction action, CaseState from, CaseState to,
        String actorOrg, Role actorRole, String time, long durationSeconds, List<DocumentHash> attachments) {
    /** Copies the attachments. */
    public CaseStepView {
        attachments = List.copyOf(attachments);
    }
}
