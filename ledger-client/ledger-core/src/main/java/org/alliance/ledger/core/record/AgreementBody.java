package org.alliance.ledger.core.record;

/**
 * Body of an {@code AGREEMENT} record.
 *
 * <p>{@code PROPOSE} carries the full {@code terms} of version {@code agreementVersion};
 * {@code SIGN} carries the {@code contentHash} of the proposal being signed, which is the record
 * hash ({@code ALG:HEX}) of the {@code PROPOSE} record, so a signature covers exactly one text.
 *
 * @param action propose or sign
 * @param agreementId the agreement, the subject of the record chain
 * @param agreementVersion the version proposed or signed, 1 for the first
 * @param terms the members, catalogue and holidays (PROPOSE only)
 * @param contentHash the proposal's record hash (SIGN only)
 */
public record AgreementBody(AgreementAction action, String agreementId, int agreementVersion,
        AgreementTerms terms, String contentHash) implements RecordBody {
    /** Checks that each action carries exactly its own fields. */
    public AgreementBody {
        Fields.required("action", action);
        Fields.id("agreementId", agreementId);
        if (agreementVersion < 1) {
            throw Fields.malformed("agreementVersion must be at least 1");
        }
        if (action == AgreementAction.PROPOSE) {
            Fields.required("terms", terms);
            Fields.absent("contentHash", contentHash, "in a PROPOSE");
        } else {
            Fields.absent("terms", terms, "in a SIGN");
            Fields.taggedHash("contentHash", contentHash);
        }
    }

    @Override
    public RecordType recordType() {
        return RecordType.AGREEMENT;
    }

    @Override
    public String subjectId(String recordId, String org) {
        return agreementId;
    }
}
