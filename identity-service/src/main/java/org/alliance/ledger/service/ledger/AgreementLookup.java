package org.alliance.ledger.service.ledger;

import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;

/**
 * Reads of the agreement in force that building a record needs (an issuer's region code for a new
 * certificate id), failing with the codes the rules use for the same situation when the record
 * cannot be built without them.
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
}
