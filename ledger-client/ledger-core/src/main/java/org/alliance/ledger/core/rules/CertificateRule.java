package org.alliance.ledger.core.rules;

import java.util.EnumSet;
import java.util.Optional;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.CertificateStatus;
import org.alliance.ledger.core.record.RecordBody;
import org.alliance.ledger.core.record.Role;

/**
 * Certificates: the accepting org's issuer anchors a certificate for an approved case; only the
 * issuing org's issuer changes its status: VALID to SUSPENDED and back, either to REVOKED, which
 * is final.
 */
final class CertificateRule {
    private static final EnumSet<CaseState> ISSUABLE = EnumSet.of(CaseState.APPROVED, CaseState.ISSUED);

    private CertificateRule() {
    }

    static String apply(RecordContext c, CertificateBody b) {
        c.requireRole(Role.ISSUER);
        Optional<CertificateState> existing = c.tx().read(StateKeys.certificate(b.certificateId()), CertificateState.class);
        if (b.action() == CertificateAction.ISSUE) {
            return issue(c, b, existing);
        }
        CertificateState current = c.certificate(b.certificateId());
        c.requireOrg(current.issuerOrg(), "certificate " + b.certificateId());
        CertificateStatus next = switch (b.action()) {
            case SUSPEND -> current.status() == CertificateStatus.VALID ? CertificateStatus.SUSPENDED : null;
            case REINSTATE -> current.status() == CertificateStatus.SUSPENDED ? CertificateStatus.VALID : null;
            case REVOKE -> current.status() != CertificateStatus.REVOKED ? CertificateStatus.REVOKED : null;
            case ISSUE -> throw new IllegalStateException("handled above");
        };
        if (next == null) {
            throw new RuleException(ErrorCode.WRONG_STATE,
                    "cannot " + b.action() + " certificate " + b.certificateId() + " while it is " + current.status());
        }
        write(c, current.with(next, b.reason(), c.record().time()), b.action(), current.historyCount());
        return current.itemCode();
    }

    /**
     * The refusal of issuing a certificate id that was revoked: revocation is final, so the id can
     * never be issued again, whatever the new record says.
     *
     * @param tx the state
     * @param body a record body
     * @return the refusal, if the body issues a revoked certificate id
     */
    static Optional<RuleException> reissueOfRevoked(PendingState tx, RecordBody body) {
        if (body instanceof CertificateBody b && b.action() == CertificateAction.ISSUE) {
            return tx.read(StateKeys.certificate(b.certificateId()), CertificateState.class)
                    .filter(s -> s.status() == CertificateStatus.REVOKED)
                    .map(s -> new RuleException(ErrorCode.WRONG_STATE,
                            "certificate " + b.certificateId() + " was revoked; issue a new id"));
        }
        return Optional.empty();
    }

    private static String issue(RecordContext c, CertificateBody b, Optional<CertificateState> existing) {
        if (existing.isPresent()) {
            throw reissueOfRevoked(c.tx(), b).orElseGet(() -> new RuleException(ErrorCode.DUPLICATE_RECORD,
                    "certificate " + b.certificateId() + " is already issued"));
        }
        CaseStatus kase = c.caseStatus(b.caseId());
        c.requireOrg(kase.acceptingOrg(), "issuing the result of case " + b.caseId());
        if (!ISSUABLE.contains(kase.state())) {
            throw new RuleException(ErrorCode.WRONG_STATE, "case " + b.caseId() + " is " + kase.state() + ", not approved");
        }
        if (!b.holderRef().equals(kase.subjectRef())) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "holderRef is not the subject of case " + b.caseId());
        }
        String region = Registry.member(c.registry().active(kase.agreementId()), c.org()).regionCode();
        if (!b.regionCode().startsWith(region)) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT,
                    "certificate id region " + b.regionCode() + " is not within issuer region " + region);
        }
        CertificateState state = new CertificateState(b.certificateId(), b.typeCode(), b.caseId(), kase.itemCode(),
                c.org(), b.holderRef(), b.fileHash(), b.validFrom(), b.validTo(), CertificateStatus.VALID, null,
                c.record().time(), 1);
        write(c, state, CertificateAction.ISSUE, 0);
        return kase.itemCode();
    }

    private static void write(RecordContext c, CertificateState state, CertificateAction action, int seq) {
        String issuer = state.issuerOrg();
        c.tx().writeOwned(StateKeys.certificate(state.certificateId()), state, issuer);
        c.tx().writeOwned(StateKeys.certificateHistory(state.certificateId(), seq), new CertificateHistoryEntry(seq,
                c.record().id(), action, state.status(), state.reason(), c.record().time()), issuer);
    }
}
