package org.alliance.ledger.core.rules;

import java.util.List;
import org.alliance.ledger.core.record.AgreementTerms;

/**
 * One version of an agreement with its signatures, stored under an {@code agrv} key.
 *
 * @param agreementId the agreement
 * @param version the version
 * @param status proposed, active or superseded
 * @param terms the members, catalogue and holidays
 * @param proposalRecordId the {@code PROPOSE} record
 * @param contentHash the proposal's record hash {@code ALG:HEX}, which signatures name
 * @param proposer the org that proposed it
 * @param signatories the orgs whose signatures make it active, sorted
 * @param signatures the signatures so far, in order
 * @param proposedAt the proposal time, RFC 3339
 * @param activatedAt when the last signature made it active, RFC 3339, or absent
 */
public record AgreementVersionView(String agreementId, int version, Status status, AgreementTerms terms,
        String proposalRecordId, String contentHash, String proposer, List<String> signatories,
        List<Signature> signatures, String proposedAt, String activatedAt) {

    /** The lifecycle of an agreement version. */
    public enum Status {
        /** Proposed and waiting for signatures. */
        PROPOSED,
        /** Signed by every signatory; the version in force. */
        ACTIVE,
        /** Replaced by a later active version. */
        SUPERSEDED
    }

    /** Copies the lists. */
    public AgreementVersionView {
        signatories = List.copyOf(signatories);
        signatures = List.copyOf(signatures);
    }

    /**
     * One signatory's signature.
     *
     * @param org the signing org
     * @param recordId the {@code SIGN} record
     * @param time the record time, RFC 3339
     */
    public record Signature(String org, String recordId, String time) {
    }

    /**
     * Whether an org has signed.
     *
     * @param org the org
     * @return true if its signature is present
     */
    public boolean signedBy(String org) {
        return signatures.stream().anyMatch(s -> s.org().equals(org));
    }
}
