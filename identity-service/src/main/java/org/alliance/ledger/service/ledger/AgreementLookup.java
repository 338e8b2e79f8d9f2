package org.alliance.ledger.service.ledger;

import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.core.rules.ErrorCode;
import org.alliance.ledger.core.rules.RuleException;

/**
 * Reads of the agreement in force that the service's checks before writing need, failing with the
 * same error codes the rules use for the same situation, so a refusal found early reads exactly
 * like the ledger's own.
 */
public final class AgreementLookup {
    private AgreementLookup() {
    }

    /**
     * The version of an agreement in force.
     *
     * @param ledger the ledger
     * @param agreementId the agreement
     * @return the active version
     * @throws RuleException UNKNOWN_AGREEMENT or AGREEMENT_NOT_ACTIVE
     */
    public static AgreementVersionView active(EvidenceLedger ledger, String agreementId) {
        return ledger.agreement(agreementId).active().orElseThrow(() -> new RuleException(ErrorCode.AGREEMENT_NOT_ACTIVE,
                "agreement " + agreementId + " has no version in force"));
    }

    /**
     * A member of an agreement.
     *
     * @param agreement the agreement version
     * @param mspId the org
     * @return the member
     * @throws RuleException NOT_A_MEMBER
     */
    public static Member member(AgreementVersionView agreement, String mspId) {
        return agreement.terms().member(mspId).orElseThrow(() -> new RuleException(ErrorCode.NOT_A_MEMBER,
                mspId + " is not a member of agreement " + agreement.agreementId()));
    }

    /**
     * An item of an agreement's catalogue.
     *
     * @param agreement the agreement version
     * @param code the item code
     * @param unknownCode the code when the item is missing: UNKNOWN_ITEM for a new case (the item
     *     does not exist for this case), ITEM_NOT_IN_AGREEMENT for a recognition (the agreement
     *     relied on does not cover it)
     * @return the item
     * @throws RuleException with {@code unknownCode}
     */
    public static CatalogueItem item(AgreementVersionView agreement, String code, ErrorCode unknownCode) {
        return agreement.terms().item(code).orElseThrow(() -> new RuleException(unknownCode,
                "item " + code + " is not in agreement " + agreement.agreementId()));
    }
}
