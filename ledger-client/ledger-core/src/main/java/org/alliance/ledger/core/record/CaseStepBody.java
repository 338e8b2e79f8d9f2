package org.alliance.ledger.core.record;

import java.util.List;

/**
 * Body of a {@code CASE_STEP} record: one transition of a case. The record states the states it
 * moves between so that it reads on its own; the rules check both against the case. The
 * duration since the previous step is computed by the rules, not claimed by the writer.
 *
 * @param caseId the case
 * @param action the transition
 * @param from the state the case is in
 * @param to the state the case moves to
 * @param actorRole the role of the person who acted
 * @param attachments hashes of attached documents or comments
 */
public record CaseStepBody(String caseId, CaseAction action, CaseState from, CaseState to,
        Role actorRole, List<DocumentHash> attachments) implements RecordBody {
    /** Checks formats and that the step names a transition of the state machine. */
    public CaseStepBody {
        Fields.id("caseId", caseId);
        Fields.required("action", action);
        Fields.required("from", from);
        Fields.required("to", to);
        Fields.required("actorRole", actorRole);
        attachments = Fields.list("attachments", attachments, 0);
        if (action == CaseAction.RECEIVE) {
            throw Fields.malformed("RECEIVE is a CASE record, not a step");
        }
        if (!action.leaves(from) || action.to() != to) {
            throw Fields.malformed(action + " does not move a case from " + from + " to " + to);
        }
    }

    @Override
    public RecordType recordType() {
        return RecordType.CASE_STEP;
    }

    @Override
    public String subjectId(String recordId, String org) {
        return caseId;
    }
}
