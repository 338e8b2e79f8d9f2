package org.alliance.ledger.service.certificates;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.alliance.ledger.service.web.LedgerLocation;

/**
 * The public answer about a certificate: its status on the ledger and where it comes from.
 *
 * @param certificateId the certificate, if known
 * @param status {@code VALID}, {@code SUSPENDED}, {@code REVOKED} or {@code UNKNOWN}
 * @param reason why it was suspended or revoked, or why it is unknown ({@code NOT_ON_LEDGER},
 *     {@code FILE_NOT_RECOGNISED}, {@code FILE_MISMATCH})
 * @param statusTime when the status last changed
 * @param typeCode the certificate type
 * @param validFrom the first valid day
 * @param validTo the last valid day, absent when unlimited
 * @param withinValidity whether today (alliance time zone) is within the validity dates
 * @param provenance who issued it, for which case, and where the issue record is on the ledger
 * @param bundle where to download the evidence bundle of the issue record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "证照核验结论 / the verdict about a certificate", example = """
        {"certificateId": "SIT01-350600-2026-000001", "status": "VALID", "typeCode": "SIT01",
         "validFrom": "2026-12-07", "withinValidity": true,
         "provenance": {"issuerOrg": "ZhangzhouMSP", "caseId": "case-3f1c9a2e-7b4d-4e8a-9c21-5d6f0a8b7e14", "itemCode": "SOCIAL-INS-TRANSFER",
           "issuedAt": "2026-12-07T06:40:12.000000001Z", "recordId": "SIT01-350600-2026-000001/issue",
           "ledger": {"txId": "5b0e7c4a9d2f61e38a7c0b1d94f2e6a3", "batchId": "7"}},
         "bundle": "/api/evidence/SIT01-350600-2026-000001/issue/bundle"}
        """)
public record CertificateVerdict(String certificateId, String status, String reason, String statusTime, String typeCode,
        String validFrom, String validTo, Boolean withinValidity, Provenance provenance, String bundle) {

    /**
     * An unknown certificate.
     *
     * @param certificateId the id asked about, or null
     * @param reason why
     * @return the verdict
     */
    static CertificateVerdict unknown(String certificateId, String reason) {
        return new CertificateVerdict(certificateId, "UNKNOWN", reason, null, null, null, null, null, null, null);
    }

    /**
     * Where a certificate comes from.
     *
     * @param issuerOrg the issuing org
     * @param caseId the case it results from
     * @param itemCode the item
     * @param issuedAt the time of the issue record
     * @param recordId the issue record
     * @param ledger where the issue record is on the ledger
     */
    public record Provenance(String issuerOrg, String caseId, String itemCode, String issuedAt, String recordId,
            LedgerLocation ledger) {
    }
}
