package org.alliance.ledger.core.rules;

import static org.alliance.ledger.core.testkit.DemoAlliance.AGREEMENT_ID;
import static org.alliance.ledger.core.testkit.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ITEM;
import static org.alliance.ledger.core.testkit.DemoAlliance.ZHANGZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules, as a direct ledger client meets them: a personal string in any field of any record
 * is refused with PERSONAL_DATA, a document label that is not from the item's catalogue with
 * UNKNOWN_MATERIAL, a reason that is not a code with UNKNOWN_REASON; and nothing is written.
 */
class PersonalDataRulesTest extends ActiveDemoLedger {
    static final String CERT = "SIT01-350600-2026-000001";
    final Caller clerk = caller(ZHANGZHOU, Role.CLERK);


    private CaseBody receive(String caseId, List<DocumentHash> materials) {
        return new CaseBody(caseId, AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, DemoAlliance.subjectRef(), null, materials,
                false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"idcard:440507-19770707-3226", "id-440507.19770707.3226", "x-4405_0719_7707_0732_26",
        "id-350602-850315-777"})
    void anIdNumberInAMaterialLabelIsPersonalData(String label) {
        ledger.refused(ErrorCode.PERSONAL_DATA, clerk, ledger.next(ZHANGZHOU, "case-1", T,
                receive("case-1", List.of(demo.doc(label)))));
    }

    @Test
    void anIdNumberInACaseIdOrAnAttestationsDeviceIdIsPersonalData() {
        ledger.refused(ErrorCode.PERSONAL_DATA, clerk, ledger.next(ZHANGZHOU, "case-1", T,
                receive("case-350602-19850315-7774", List.of())));
        IdentityAttestationBody att = new IdentityAttestationBody(DemoAlliance.subjectRef(),
                AttestationMethod.FACE_AND_ID_CARD, new IdentityAttestationBody.Liveness("ACTION_CHALLENGE",
                        List.of("BLINK"), true, null), 0.9, new IdentityAttestationBody.FaceModel("m", "1",
                        demo.hashHex("m")), 0.5, 0.001, AttestationDecision.ACCEPTED, List.of(), "350602-19850315-7774");
        ledger.refused(ErrorCode.PERSONAL_DATA, caller(ZHANGZHOU, Role.SERVICE), ledger.next(ZHANGZHOU, "att-1", T, att));
    }

    @Test
    void materialLabelsMustBeTheItemsCatalogueCodes() {
        ledger.refused(ErrorCode.UNKNOWN_MATERIAL, clerk, ledger.next(ZHANGZHOU, "case-1", T,
                receive("case-1", List.of(demo.doc("scan-of-my-card.jpg")))));
        // An approval note is allowed on a step, but not on the receipt.
        ledger.refused(ErrorCode.UNKNOWN_MATERIAL, clerk, ledger.next(ZHANGZHOU, "case-1", T,
                receive("case-1", List.of(demo.doc("note:AS_FILED")))));
        ledger.write(clerk, "case-1", T, receive("case-1", List.of(demo.doc("transfer-application"),
                demo.doc("contribution-record"), demo.doc("id"))));
    }

    @Test
    void stepDocumentsAreMaterialsNotesWithReasonCodesOrTheIssuingWindow() {
        ledger.receive("case-1", T);
        ledger.step("case-1", CaseAction.FORWARD, T.plusSeconds(60));
        Caller approver = caller(CHAOZHOU, Role.APPROVER);
        for (String label : List.of("approve-note", "note:LI-ZIYOU", "note:lost", "issue-window:W1")) {
            ledger.refused(ErrorCode.UNKNOWN_MATERIAL, approver, ledger.next(CHAOZHOU, "case-1/2", T.plusSeconds(120),
                    approve(label)));
        }
        ledger.write(approver, "case-1/2", T.plusSeconds(120), approve("note:MATERIAL_INCOMPLETE"));
        assertThat(ledger.rules().caseTimeline("case-1", T).steps().get(2).attachments())
                .extracting(DocumentHash::label).containsExactly("note:MATERIAL_INCOMPLETE");
    }

    private CaseStepBody approve(String label) {
        return new CaseStepBody("case-1", CaseAction.APPROVE, CaseState.FORWARDED, CaseState.APPROVED, Role.APPROVER,
                List.of(demo.doc(label)));
    }

    @Test
    void reasonsAreCodesWithAnOptionalNoteHash() {
        assertThatThrownBy(() -> TestLedger.statusBody(CertificateAction.SUSPEND, CERT, "身份证４４０５０７１９７７０７０７３２２６"))
                .isInstanceOfSatisfying(RuleException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_REASON);
                    assertThat(e.getMessage()).doesNotContain("４４０５０７");
                });
        assertThatThrownBy(() -> new RecognitionBody(TargetType.CERTIFICATE, CERT, AGREEMENT_ID, ITEM,
                RecognitionDecision.REFUSED, "持证人李自由挂失")).isInstanceOfSatisfying(RuleException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_REASON));
        assertThatThrownBy(() -> new CertificateBody(CertificateAction.REINSTATE, CERT, null, null, null, null, null,
                null, null, "sm3:" + "ab".repeat(32))).hasMessageContaining("noteHash needs a reason");
        ledger.approvedCase("case-1", T);
        ledger.step("case-1", CaseAction.ISSUE, T.plusSeconds(10_800));
        Caller issuer = caller(ZHANGZHOU, Role.ISSUER);
        ledger.write(issuer, "cert/issue", T.plusSeconds(11_000), ledger.issueBody(CERT, "case-1"));
        String noteHash = "sm3:" + demo.hashHex("the holder called to say the card was lost");
        ledger.write(issuer, "cert/suspend", T.plusSeconds(11_100), new CertificateBody(CertificateAction.SUSPEND,
                CERT, null, null, null, null, null, null, "LOST", noteHash));
        assertThat(ledger.rules().certificate(CERT).state().reason()).isEqualTo("LOST");
        assertThat(ledger.rules().record("cert/suspend").orElseThrow().signedRecord().record().body())
                .isInstanceOfSatisfying(CertificateBody.class, b -> assertThat(b.noteHash()).isEqualTo(noteHash));
        ledger.assertNoPersonalData();
    }
}
