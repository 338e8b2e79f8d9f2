package org.alliance.ledger.service.certificates;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.service.outbox.RecordProgress;

/**
 * The answer to a certificate write: what the record says and where it stands on its way to the
 * ledger. An issue carries the certificate's data; a status change carries its reason.
 *
 * @param certificateId the certificate
 * @param action ISSUE, SUSPEND, REINSTATE or REVOKE
 * @param caseId the case it results from (issue)
 * @param typeCode the certificate type (issue)
 * @param fileHash the certificate file's hash (issue)
 * @param validFrom the first valid day (issue)
 * @param validTo the last valid day, absent when unlimited (issue)
 * @param reason the reason code (status change), if given
 * @param noteHash the hash of the off-ledger note about the change, if any
 * @param recordId the record
 * @param ledger where the record stands
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateChange(String certificateId, CertificateAction action, String caseId, String typeCode,
        DocumentHash fileHash, String validFrom, String validTo, String reason, String noteHash, String recordId,
        RecordProgress ledger) {

    /**
     * The answer for a certificate record.
     *
     * @param record the CERTIFICATE record
     * @param ledger where it stands
     * @return the answer
     */
    static CertificateChange of(SignedRecord record, RecordProgress ledger) {
        CertificateBody b = (CertificateBody) record.record().body();
        return new CertificateChange(b.certificateId(), b.action(), b.caseId(), b.typeCode(), b.fileHash(),
                b.validFrom(), b.validTo(), b.reason(), b.noteHash(), record.record().id(), ledger);
    }
}
