package org.alliance.ledger.core.record;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Body of a {@code CERTIFICATE} record: the anchor of an electronic certificate or a change of
 * its status.
 *
 * <p>Certificate ids follow a GB/T 36904-style layout {@code TYPE-REGION-YEAR-SERIAL}: the
 * certificate type code, the issuer's 6-digit region code, the year of issue and a 6 to 12
 * digit serial, for example {@code SIT01-350600-2026-000001}. The type part must equal
 * {@code typeCode}, and the rules check that the region starts with the issuer's region code,
 * so an id alone says what was issued where.
 *
 * <p>{@code ISSUE} carries the certificate's data and no reason; the other actions carry only
 * the id and a reason (required for {@code SUSPEND} and {@code REVOKE}). A reason is a code of
 * {@link ReasonCode}; what the issuer wrote in words stays off the ledger, and {@code noteHash}
 * is its hash, so the note can later be shown to be the one the change was made with.
 *
 * @param action the action
 * @param certificateId the certificate, the subject of the record chain
 * @param typeCode the certificate type code (ISSUE)
 * @param caseId the approved case the certificate results from (ISSUE)
 * @param holderRef the holder's keyed subject reference (ISSUE)
 * @param fileHash the hash of the certificate file (ISSUE)
 * @param validFrom first day of validity, ISO date (ISSUE)
 * @param validTo last day of validity, ISO date; absent when unlimited (ISSUE)
 * @param reason why the status changes, a {@link ReasonCode}
 * @param noteHash the hash {@code ALG:HEX} of the off-ledger note about the change, if any
 */
public record CertificateBody(CertificateAction action, String certificateId, String typeCode,
        String caseId, String holderRef, DocumentHash fileHash, String validFrom, String validTo,
        String reason, String noteHash) implements RecordBody {
    /** Certificate id layout: type, 6-digit region code, year, serial. */
    public static final Pattern CERTIFICATE_ID =
            Pattern.compile("([A-Z0-9]{2,16})-([0-9]{6})-((?:19|20)[0-9]{2})-([0-9]{6,12})");

    /** Checks that each action carries exactly its fields, in the right formats. */
    public CertificateBody {
        Fields.required("action", action);
        Matcher m = idMatcher(certificateId);
        if (action == CertificateAction.ISSUE) {
            Fields.matching("typeCode", typeCode, Fields.CODE);
            if (!m.group(1).equals(typeCode)) {
                throw Fields.malformed("certificateId must start with its typeCode");
            }
            Fields.id("caseId", caseId);
            Fields.hex("holderRef", holderRef, 32);
            Fields.required("fileHash", fileHash);
            var from = Fields.date("validFrom", validFrom);
            if (validTo != null && Fields.date("validTo", validTo).isBefore(from)) {
                throw Fields.malformed("validTo is before validFrom");
            }
            Fields.absent("reason", reason, "in an ISSUE");
            Fields.absent("noteHash", noteHash, "in an ISSUE");
        } else {
            String context = "in a " + action;
            Fields.absent("typeCode", typeCode, context);
            Fields.absent("caseId", caseId, context);
            Fields.absent("holderRef", holderRef, context);
            Fields.absent("fileHash", fileHash, context);
            Fields.absent("validFrom", validFrom, context);
            Fields.absent("validTo", validTo, context);
            if (action != CertificateAction.REINSTATE || reason != null) {
                Fields.reasonCode("reason", reason);
            }
            Fields.noteWithReason(reason, noteHash);
        }
    }

    /**
     * A body without a note hash.
     *
     * @param action the action
     * @param certificateId the certificate
     * @param typeCode the type code (ISSUE)
     * @param caseId the case (ISSUE)
     * @param holderRef the holder's reference (ISSUE)
     * @param fileHash the file's hash (ISSUE)
     * @param validFrom first day of validity (ISSUE)
     * @param validTo last day of validity (ISSUE)
     * @param reason the reason code
     */
    public CertificateBody(CertificateAction action, String certificateId, String typeCode, String caseId,
            String holderRef, DocumentHash fileHash, String validFrom, String validTo, String reason) {
        this(action, certificateId, typeCode, caseId, holderRef, fileHash, validFrom, validTo, reason, null);
    }

    /**
     * The region code embedded in the certificate id.
     *
     * @return six digits
     */
    public String regionCode() {
        Matcher m = idMatcher(certificateId);
        return m.group(2);
    }

    private static Matcher idMatcher(String certificateId) {
        Fields.matching("certificateId", certificateId, CERTIFICATE_ID);
        Matcher m = CERTIFICATE_ID.matcher(certificateId);
        m.matches();
        return m;
    }

    @Override
    public RecordType recordType() {
        return RecordType.CERTIFICATE;
    }

    @Override
    public String subjectId(String recordId, String org) {
        return certificateId;
    }
}
