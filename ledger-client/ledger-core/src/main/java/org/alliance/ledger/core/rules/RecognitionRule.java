package org.alliance.ledger.core.rules;

import java.util.EnumSet;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CertificateStatus;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.Role;

/**
 * Mutual recognition: a member other than the one whose result it is records whether it accepts
 * an approval or a certificate, relying on an active agreement that has both orgs as members and
 * covers the item. Recognising needs a live result (an approved or issued case, a valid
 * certificate); refusing, with a reason, is possible whatever the result's state.
 */
final class RecognitionRule {
    private static final EnumSet<CaseState> APPROVED = EnumSet.of(CaseState.APPROVED, CaseState.ISSUED);

    private RecognitionRule() {
    }

    private record Target(String issuingOrg, String itemCode, boolean live) {
    }

    static String apply(RecordContext c, RecognitionBody b) {
        c.requireRole(Role.APPROVER, Role.CLERK);
        AgreementVersionView agreement = c.registry().active(b.agreementId());
        Registry.member(agreement, c.org());
        Target t = switch (b.targetType()) {
            case APPROVAL -> {
                CaseStatus kase = c.caseStatus(b.targetId());
                yield new Target(kase.homeOrg(), kase.itemCode(), APPROVED.contains(kase.state())
                        || kase.state() == CaseState.CLOSED && kase.issued());
            }
            case CERTIFICATE -> {
                CertificateState cert = c.certificate(b.targetId());
                yield new Target(cert.issuerOrg(), cert.itemCode(), cert.status() == CertificateStatus.VALID);
            }
        };
        if (c.org().equals(t.issuingOrg())) {
            throw new RuleException(ErrorCode.WRONG_ORG, c.org() + " cannot recognise its own result");
        }
        Registry.member(agreement, t.issuingOrg());
        if (!b.itemCode().equals(t.itemCode())) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT,
                    "itemCode " + b.itemCode() + " is not the item of " + b.targetId());
        }
        Registry.item(agreement, t.itemCode());
        if (b.decision() == RecognitionDecision.RECOGNISED && !t.live()) {
            throw new RuleException(ErrorCode.WRONG_STATE, b.targetType() + " " + b.targetId()
                    + " is not in a state that can be recognised");
        }
        c.tx().write(StateKeys.recognition(b.targetId(), c.record().id()), new RecognitionView(c.record().id(),
                b.targetType(), b.targetId(), c.org(), t.issuingOrg(), b.agreementId(), t.itemCode(), b.decision(),
                b.reason(), c.record().time()));
        return t.itemCode();
    }
}
