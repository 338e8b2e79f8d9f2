package org.alliance.ledger.service.agreements;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.service.outbox.RecordProgress;

/**
 * An agreement as {@code GET /api/agreements/{id}} shows it: the version in force and the
 * proposals awaiting signatures, each with who has signed, who has not, and where every record
 * stands on its way to the ledger. Records of this service still in the outbox are included, so
 * an admin sees a proposal or signature the moment it is acknowledged.
 *
 * @param agreementId the agreement
 * @param activeVersion the version in force, 0 if none yet
 * @param current the version in force, or null
 * @param pending proposals awaiting signatures (at most one, by the agreement rule)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgreementDetails(String agreementId, int activeVersion, Version current, List<Version> pending) {
    /** Copies the list. */
    public AgreementDetails {
        pending = List.copyOf(pending);
    }

    /**
     * One version.
     *
     * @param version the version number
     * @param status PROPOSED, ACTIVE or SUPERSEDED
     * @param terms members, catalogue, holidays and text hash
     * @param proposer the proposing org
     * @param proposalRecordId the PROPOSE record
     * @param contentHash the proposal's record hash, which signatures name
     * @param signatories the orgs whose signatures make it active
     * @param signatures the signatures so far
     * @param awaiting the signatories that have not signed
     * @param proposedAt the proposal time
     * @param activatedAt when it became active, or null
     * @param ledger where the PROPOSE record stands
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Version(int version, AgreementVersionView.Status status, AgreementTerms terms, String proposer,
            String proposalRecordId, String contentHash, List<String> signatories, List<Signature> signatures,
            List<String> awaiting, String proposedAt, String activatedAt, RecordProgress ledger) {
        /** Copies the lists. */
        public Version {
            signatories = List.copyOf(signatories);
            signatures = List.copyOf(signatures);
            awaiting = List.copyOf(awaiting);
        }
    }

    /**
     * One signatory's signature.
     *
     * @param org the signing org
     * @param recordId the SIGN record
     * @param time the record time
     * @param ledger where the SIGN record stands
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Signature(String org, String recordId, String time, RecordProgress ledger) {
    }
}
