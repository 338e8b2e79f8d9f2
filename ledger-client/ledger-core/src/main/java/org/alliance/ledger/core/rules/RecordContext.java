package org.alliance.ledger.core.rules;

import java.util.Arrays;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.EvidenceRecord;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;

/**
 * Everything a type rule needs to judge one record of a batch.
 *
 * @param caller who submits the batch
 * @param signed the record with its signature
 * @param tx the batch's pending state
 * @param registry members and items of active agreements
 * @param config the rules' settings
 */
record RecordContext(Caller caller, SignedRecord signed, PendingState tx, Registry registry, RulesConfig config) {

    EvidenceRecord record() {
        return signed.record();
    }

    String org() {
        return signed.record().org();
    }

    /** Refuses the caller unless it has one of the roles. */
    void requireRole(Role... allowed) {
        if (Arrays.stream(allowed).noneMatch(r -> r == caller.role())) {
            throw new RuleException(ErrorCode.WRONG_ROLE, "role " + caller.role().externalName() + " may not write "
                    + record().type() + " here (needs " + Arrays.toString(allowed).toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    /** Refuses unless the record's org is the expected one. */
    void requireOrg(String expected, String what) {
        if (!org().equals(expected)) {
            throw new RuleException(ErrorCode.WRONG_ORG, what + " belongs to " + expected + ", not " + org());
        }
    }

    /** Reads the case or refuses with UNKNOWN_CASE. */
    CaseStatus caseStatus(String caseId) {
        return tx.read(StateKeys.caseKey(caseId), CaseStatus.class).orElseThrow(() ->
                new RuleException(ErrorCode.UNKNOWN_CASE, "case " + caseId + " does not exist"));
    }

    /** Reads the certificate or refuses with UNKNOWN_CERTIFICATE. */
    CertificateState certificate(String certificateId) {
        return tx.read(StateKeys.certificate(certificateId), CertificateState.class).orElseThrow(() ->
                new RuleException(ErrorCode.UNKNOWN_CERTIFICATE, "certificate " + certificateId + " does not exist"));
    }
}
