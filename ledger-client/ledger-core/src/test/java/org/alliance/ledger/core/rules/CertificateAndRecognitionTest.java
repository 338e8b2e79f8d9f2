package org.alliance.ledger.core.rules;

import static org.alliance.ledger.core.rules.TestLedger.statusBody;
import static org.alliance.ledger.core.testkit.DemoAlliance.AGREEMENT_ID;
import static org.alliance.ledger.core.testkit.DemoAlliance.AUDIT;
import static org.alliance.ledger.core.testkit.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ITEM;
import static org.alliance.ledger.core.testkit.DemoAlliance.SHANTOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ZHANGZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.CertificateStatus;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Certificate anchors and their status, and mutual recognition of approvals and certificates. */
class CertificateAndRecognitionTest extends ActiveDemoLedger {
    CertificateAndRecognitionTest() {
        super(SignatureAlgorithm.ECDSA_P256, HashAlgorithm.SHA256);
    }

    static final String CERT = "SIT01-350600-2026-000042";
    final Caller issuer = caller(ZHANGZHOU, Role.ISSUER);
    Instant t = T.plus(Duration.ofHours(3));

    @BeforeEach
    void approvedCase() {
        // Runs after the base class's activation: JUnit calls a superclass's @BeforeEach first.
        ledger.approvedCase("case-1", T);
    }

    Instant later() {
        t = t.plusSeconds(600);
        return t;
    }

    void certStep(ErrorCode refusal, Caller who, CertificateBody body) {
        SignedRecord r = ledger.next(who.mspId(), body.certificateId() + "/" + body.action() + "-" + t, later(), body);
        if (refusal == null) {
            ledger.submit(who, r);
        } else {
            ledger.refused(refusal, who, r);
        }
    }

    RecognitionBody recognise(TargetType type, String target, RecognitionDecision decision) {
        return new RecognitionBody(type, target, AGREEMENT_ID, ITEM, decision,
                decision == RecognitionDecision.REFUSED ? "NOT_VERIFIABLE" : null);
    }

    @Test
    void issuingNeedsTheAcceptingOrgsIssuerAndAnApprovedCase() {
        certStep(ErrorCode.WRONG_ROLE, caller(ZHANGZHOU, Role.CLERK), ledger.issueBody(CERT, "case-1"));
        certStep(ErrorCode.WRONG_ORG, caller(CHAOZHOU, Role.ISSUER), ledger.issueBody("SIT01-445100-2026-000001", "case-1"));
        certStep(ErrorCode.UNKNOWN_CASE, issuer, ledger.issueBody(CERT, "case-none"));
        certStep(ErrorCode.MALFORMED_INPUT, issuer, ledger.issueBody("SIT01-445100-2026-000001", "case-1"));
        CertificateBody otherHolder = new CertificateBody(CertificateAction.ISSUE, CERT, "SIT01", "case-1",
                demo.hashHex("someone else"), demo.doc("certificate-file"), "2026-11-26", null, null);
        certStep(ErrorCode.MALFORMED_INPUT, issuer, otherHolder);
        ledger.receive("case-2", later());
        certStep(ErrorCode.WRONG_STATE, issuer, ledger.issueBody("SIT01-350600-2026-000043", "case-2"));

        certStep(null, issuer, ledger.issueBody(CERT, "case-1"));
        certStep(ErrorCode.DUPLICATE_RECORD, issuer, ledger.issueBody(CERT, "case-1"));
        // Issuing moves nothing in the case.
        assertThat(ledger.rules().caseTimeline("case-1", t).status().state()).isEqualTo(CaseState.APPROVED);
        CertificateView view = ledger.rules().certificate(CERT);
        assertThat(view.state().status()).isEqualTo(CertificateStatus.VALID);
        assertThat(view.state().issuerOrg()).isEqualTo(ZHANGZHOU);
        assertThat(view.state().itemCode()).isEqualTo(ITEM);
        assertThat(RecordCodec.fromJson(RecordCodec.toCanonicalJson(view), CertificateView.class)).isEqualTo(view);
    }

    @Test
    void statusChangesFollowTheLifecycleAndOnlyTheIssuerMakesThem() {
        certStep(ErrorCode.UNKNOWN_CERTIFICATE, issuer, statusBody(CertificateAction.SUSPEND, CERT, "LOST"));
        certStep(null, issuer, ledger.issueBody(CERT, "case-1"));
        certStep(ErrorCode.WRONG_STATE, issuer, statusBody(CertificateAction.REINSTATE, CERT, null));
        certStep(ErrorCode.WRONG_ORG, caller(CHAOZHOU, Role.ISSUER), statusBody(CertificateAction.SUSPEND, CERT, "LOST"));
        certStep(ErrorCode.WRONG_ROLE, caller(ZHANGZHOU, Role.APPROVER), statusBody(CertificateAction.SUSPEND, CERT, "LOST"));
        certStep(null, issuer, statusBody(CertificateAction.SUSPEND, CERT, "LOST"));
        certStep(ErrorCode.WRONG_STATE, issuer, statusBody(CertificateAction.SUSPEND, CERT, "LOST"));
        certStep(null, issuer, statusBody(CertificateAction.REINSTATE, CERT, null));
        certStep(null, issuer, statusBody(CertificateAction.SUSPEND, CERT, "HOLDER_REQUEST"));
        certStep(null, issuer, statusBody(CertificateAction.REVOKE, CERT, "FRAUD_SUSPECTED"));
        certStep(ErrorCode.WRONG_STATE, issuer, statusBody(CertificateAction.REVOKE, CERT, "FRAUD_SUSPECTED"));
        certStep(ErrorCode.WRONG_STATE, issuer, statusBody(CertificateAction.REINSTATE, CERT, null));
        certStep(ErrorCode.WRONG_STATE, issuer, ledger.issueBody(CERT, "case-1"));
        CertificateView view = ledger.rules().certificate(CERT);
        assertThat(view.state().status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(view.state().reason()).isEqualTo("FRAUD_SUSPECTED");
        assertThat(view.history()).extracting(CertificateHistoryEntry::status).containsExactly(CertificateStatus.VALID,
                CertificateStatus.SUSPENDED, CertificateStatus.VALID, CertificateStatus.SUSPENDED, CertificateStatus.REVOKED);
        assertThat(ledger.world.owner(StateKeys.certificateHistory(CERT, 4))).contains(ZHANGZHOU);
    }

    /**
     * Services name the issue record after the certificate ({@code CERT/issue}), so a second issue
     * collides on the record id: a revoked id still answers WRONG_STATE (revocation is final), a
     * live one DUPLICATE_RECORD, whichever ledger or client submits it.
     */
    @Test
    void issuingARevokedIdAgainUnderTheSameRecordIdIsWrongState() {
        ledger.submit(issuer, ledger.next(ZHANGZHOU, CERT + "/issue", later(), ledger.issueBody(CERT, "case-1")));
        CertificateBody otherFile = new CertificateBody(CertificateAction.ISSUE, CERT, "SIT01", "case-1",
                ledger.issueBody(CERT, "case-1").holderRef(), demo.doc("another-file"), "2026-11-26", null, null);
        ledger.refused(ErrorCode.DUPLICATE_RECORD, issuer, ledger.next(ZHANGZHOU, CERT + "/issue", later(), otherFile));
        certStep(null, issuer, statusBody(CertificateAction.REVOKE, CERT, "FRAUD_SUSPECTED"));
        ledger.refused(ErrorCode.WRONG_STATE, issuer, ledger.next(ZHANGZHOU, CERT + "/issue", later(), otherFile));
    }

    @Test
    void approvalsAreRecognisedByOtherMembersOnly() {
        Caller shantou = caller(SHANTOU, Role.APPROVER);
        ledger.refused(ErrorCode.WRONG_ORG, caller(CHAOZHOU, Role.APPROVER), ledger.next(CHAOZHOU, "recog-1", later(),
                recognise(TargetType.APPROVAL, "case-1", RecognitionDecision.RECOGNISED)));
        ledger.refused(ErrorCode.WRONG_ROLE, caller(SHANTOU, Role.ISSUER), ledger.next(SHANTOU, "recog-1", later(),
                recognise(TargetType.APPROVAL, "case-1", RecognitionDecision.RECOGNISED)));
        ledger.refused(ErrorCode.UNKNOWN_CASE, shantou, ledger.next(SHANTOU, "recog-1", later(),
                recognise(TargetType.APPROVAL, "case-none", RecognitionDecision.RECOGNISED)));
        ledger.refused(ErrorCode.MALFORMED_INPUT, shantou, ledger.next(SHANTOU, "recog-1", later(), new RecognitionBody(
                TargetType.APPROVAL, "case-1", AGREEMENT_ID, "ENT-SETUP", RecognitionDecision.RECOGNISED, null)));
        ledger.refused(ErrorCode.READ_ONLY, caller(AUDIT, Role.CLERK), ledger.next(AUDIT, "recog-1", later(),
                recognise(TargetType.APPROVAL, "case-1", RecognitionDecision.RECOGNISED)));
        ledger.write(shantou, "recog-1", later(), recognise(TargetType.APPROVAL, "case-1", RecognitionDecision.RECOGNISED));
        // The accepting region may also recognise the home region's approval.
        ledger.write(caller(ZHANGZHOU, Role.CLERK), "recog-2", later(),
                recognise(TargetType.APPROVAL, "case-1", RecognitionDecision.RECOGNISED));

        ledger.receive("case-2", later());
        ledger.refused(ErrorCode.WRONG_STATE, shantou, ledger.next(SHANTOU, "recog-3", later(),
                recognise(TargetType.APPROVAL, "case-2", RecognitionDecision.RECOGNISED)));
        ledger.write(shantou, "recog-3", later(), recognise(TargetType.APPROVAL, "case-2", RecognitionDecision.REFUSED));
        assertThat(ledger.rules().recognitions("case-1", 10, "").items()).extracting(RecognitionView::recognisingOrg)
                .containsExactly(SHANTOU, ZHANGZHOU);
    }

    @Test
    void recognitionReliesOnAnAgreementThatCoversBothOrgsAndTheItem() {
        certStep(null, issuer, ledger.issueBody(CERT, "case-1"));
        // A second agreement without Shantou, covering a different item.
        AgreementTerms terms = new AgreementTerms(demo.terms().members().stream()
                .filter(m -> !m.mspId().equals(SHANTOU)).toList(), List.of(DemoAlliance.items().get(0)), List.of(),
                demo.terms().textHash());
        SignedRecord p = ledger.next(ZHANGZHOU, "small/v1", later(), new AgreementBody(AgreementAction.PROPOSE, "small", 1, terms, null));
        ledger.submit(caller(ZHANGZHOU, Role.ADMIN), p);
        for (String org : List.of(ZHANGZHOU, CHAOZHOU, AUDIT)) {
            ledger.write(caller(org, Role.ADMIN), "small/v1/sign/" + org, t, new AgreementBody(AgreementAction.SIGN,
                    "small", 1, null, RecordCodec.taggedHash(p.record())));
        }
        ledger.refused(ErrorCode.NOT_A_MEMBER, caller(SHANTOU, Role.CLERK), ledger.next(SHANTOU, "recog-1", later(),
                new RecognitionBody(TargetType.CERTIFICATE, CERT, "small", ITEM, RecognitionDecision.RECOGNISED, null)));
        ledger.refused(ErrorCode.ITEM_NOT_IN_AGREEMENT, caller(CHAOZHOU, Role.CLERK), ledger.next(CHAOZHOU, "recog-1", later(),
                new RecognitionBody(TargetType.CERTIFICATE, CERT, "small", ITEM, RecognitionDecision.RECOGNISED, null)));
        ledger.refused(ErrorCode.WRONG_ORG, caller(ZHANGZHOU, Role.CLERK), ledger.next(ZHANGZHOU, "recog-1", later(),
                recognise(TargetType.CERTIFICATE, CERT, RecognitionDecision.RECOGNISED)));
        ledger.refused(ErrorCode.UNKNOWN_CERTIFICATE, caller(SHANTOU, Role.CLERK), ledger.next(SHANTOU, "recog-1", later(),
                recognise(TargetType.CERTIFICATE, "SIT01-350600-2026-999999", RecognitionDecision.RECOGNISED)));
        ledger.write(caller(SHANTOU, Role.CLERK), "recog-1", later(), recognise(TargetType.CERTIFICATE, CERT, RecognitionDecision.RECOGNISED));
        certStep(null, issuer, statusBody(CertificateAction.SUSPEND, CERT, "LOST"));
        ledger.refused(ErrorCode.WRONG_STATE, caller(CHAOZHOU, Role.CLERK), ledger.next(CHAOZHOU, "recog-2", later(),
                recognise(TargetType.CERTIFICATE, CERT, RecognitionDecision.RECOGNISED)));
    }
}
