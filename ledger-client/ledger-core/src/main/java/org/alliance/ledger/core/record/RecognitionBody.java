package org.alliance.ledger.core.record;

/**
 * Body of a {@code RECOGNITION} record: one member's decision about another member's approval
 * or certificate.
 *
 * @param targetType an approval (target id = case id) or a certificate
 * @param targetId the case or certificate id
 * @param agreementId the agreement the recognition relies on
 * @param itemCode the item of the recognised result
 * @param decision recognised or refused
 * @param reason why; required for a refusal
 */
public record RecognitionBody(TargetType targetType, String targetId, String agreementId,
        String itemCode, RecognitionDecision decision, String reason) implements RecordBody {
    /** Checks formats; a refusal must give a reason. */
    public RecognitionBody {
        Fields.required("targetType", targetType);
        Fields.id("targetId", targetId);
        Fields.id("agreementId", agreementId);
        Fields.matching("itemCode", itemCode, Fields.CODE);
        Fields.required("decision", decision);
        if (decision == RecognitionDecision.REFUSED || reason != null) {
            Fields.text("reason", reason);
        }
    }

    @Override
    public RecordType recordType() {
        return RecordType.RECOGNITION;
    }

    @Override
    public String subjectId(String recordId, String org) {
        return recordId;
    }
}
