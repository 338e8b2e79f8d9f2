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
 * @param reason why, a {@link ReasonCode}; required for a refusal
 * @param noteHash the hash {@code ALG:HEX} of the off-ledger note about the decision, if any
 */
public record RecognitionBody(TargetType targetType, String targetId, String agreementId,
        String itemCode, RecognitionDecision decision, String reason, String noteHash) implements RecordBody {
    /** Checks formats; a refusal must give a reason. */
    public RecognitionBody {
        Fields.required("targetType", targetType);
        Fields.id("targetId", targetId);
        Fields.id("agreementId", agreementId);
        Fields.matching("itemCode", itemCode, Fields.CODE);
        Fields.required("decision", decision);
        if (decision == RecognitionDecision.REFUSED || reason != null) {
            Fields.reasonCode("reason", reason);
        }
        Fields.noteWithReason(reason, noteHash);
    }

    /**
     * A body without a note hash.
     *
     * @param targetType approval or certificate
     * @param targetId the case or certificate id
     * @param agreementId the agreement relied on
     * @param itemCode the item
     * @param decision recognised or refused
     * @param reason the reason code, or {@code null}
     */
    public RecognitionBody(TargetType targetType, String targetId, String agreementId, String itemCode,
            RecognitionDecision decision, String reason) {
        this(targetType, targetId, agreementId, itemCode, decision, reason, null);
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
