package org.alliance.ledger.core.rules;

import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.TargetType;

/**
 * A recognition as queries return it.
 *
 * @param recognitionId the recognition record id
 * @param targetType approval or certificate
 * @param targetId the case or certificate id
 * @param recognisingOrg the org that recognised or refused
 * @param issuingOrg the org whose result it is (the home org of an approval, the issuer of a
 *     certificate)
 * @param agreementId the agreement relied on
 * @param itemCode the item
 * @param decision recognised or refused
 * @param reason the reason, if given
 * @param time the record time, RFC 3339
 */
public record RecognitionView(String recognitionId, TargetType targetType, String targetId,
        String recognisingOrg, String issuingOrg, String agreementId, String itemCode,
        RecognitionDecision decision, String reason, String time) {
}
