package org.alliance.ledger.core.rules;

import org.alliance.ledger.core.record.CertificateStatus;
import org.alliance.ledger.core.record.DocumentHash;

/**
 * The current state of an anchored certificate, stored under its {@code cert} key.
 *
 * @param certificateId the certificate id
 * @param typeCode the certificate type code
 * @param caseId the case it resulted from
 * @param itemCode the case's item
 * @param issuerOrg the issuing org
 * @param holderRef the holder's keyed subject reference
 * @param fileHash the hash of the certificate file
 * @param validFrom first day of validity
 * @param validTo last day of validity, or absent
 * @param status the current status
 * @param reason the reason of the latest status change, if any
 * @param statusTime when the status last changed, RFC 3339
 * @param historyCount the number of history entries
 */
public record CertificateState(String certificateId, String typeCode, String caseId, String itemCode,
        String issuerOrg, String holderRef, DocumentHash fileHash, String validFrom, String validTo,
        CertificateStatus status, String reason, String statusTime, int historyCount) {

    /**
     * This certificate after a status change.
     *
     * @param to the new status
     * @param why the reason, or {@code null}
     * @param time the change time, RFC 3339
     * @return the updated state
     */
    CertificateState with(CertificateStatus to, String why, String time) {
        return new CertificateState(certificateId, typeCode, caseId, itemCode, issuerOrg, holderRef, fileHash,
                validFrom, validTo, to, why, time, historyCount + 1);
    }
}
