package org.alliance.ledger.core.rules;

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
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.Test;

/** Receiving cases and the state machine of their steps. */
class CaseRulesTest extends ActiveDemoLedger {
    final Caller clerk = caller(ZHANGZHOU, Role.CLERK);


    CaseBody caseBody(String agreementId, String item, String accepting, String home, String attestationId) {
        return new CaseBody("case-1", agreementId, item, accepting, home, DemoAlliance.subjectRef(), attestationId,
                List.of(demo.doc("transfer-application")), true);
    }

    void refuseReceive(ErrorCode code, Caller who, CaseBody body) {
        ledger.refused(code, who, ledger.next(who.mspId(), "case-1", T, body));
    }

    @Test
    void receivingChecksRoleOrgItemAndMembers() {
        refuseReceive(ErrorCode.WRONG_ROLE, caller(ZHANGZHOU, Role.APPROVER), caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, null));
        refuseReceive(ErrorCode.WRONG_ORG, caller(SHANTOU, Role.CLERK), caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, null));
        refuseReceive(ErrorCode.UNKNOWN_ITEM, clerk, caseBody(AGREEMENT_ID, "NO-SUCH-ITEM", ZHANGZHOU, CHAOZHOU, null));
        refuseReceive(ErrorCode.WRONG_ORG, clerk, caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, AUDIT, null));
        refuseReceive(ErrorCode.NOT_A_MEMBER, clerk, caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, "XiamenMSP", null));
        refuseReceive(ErrorCode.UNKNOWN_RECORD, clerk, caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, "att-none"));
        refuseReceive(ErrorCode.READ_ONLY, caller(AUDIT, Role.CLERK), caseBody(AGREEMENT_ID, ITEM, AUDIT, CHAOZHOU, null));
    }

    @Test
    void anItemOutsideTheNamedAgreementIsRefused() {
        // A second alliance among the same members covers an extra item; the demo agreement does not.
        CatalogueItem extra = new CatalogueItem("LABOUR-ARBITRATION", "劳动仲裁", "where the employer registers", 45, List.of("transfer application"));
        AgreementTerms terms = new AgreementTerms(demo.terms().members(), List.of(extra), List.of(), demo.terms().textHash());
        SignedRecord p = ledger.next(ZHANGZHOU, "second/v1", T, new AgreementBody(AgreementAction.PROPOSE, "second", 1, terms, null));
        ledger.submit(caller(ZHANGZHOU, Role.ADMIN), p);
        for (String org : List.of(ZHANGZHOU, CHAOZHOU, SHANTOU, AUDIT)) {
            ledger.write(caller(org, Role.ADMIN), "second/v1/sign/" + org, T, new AgreementBody(AgreementAction.SIGN,
                    "second", 1, null, RecordCodec.taggedHash(p.record())));
        }
        refuseReceive(ErrorCode.ITEM_NOT_IN_AGREEMENT, clerk, caseBody(AGREEMENT_ID, "LABOUR-ARBITRATION", ZHANGZHOU, CHAOZHOU, null));
        ledger.write(clerk, "case-1", T, caseBody("second", "LABOUR-ARBITRATION", ZHANGZHOU, CHAOZHOU, null));
    }

    @Test
    void anAttestationMustBeAcceptedAndAboutTheSameSubject() {
        IdentityAttestationBody ok = DemoCaseTest.acceptedAttestation(demo);
        IdentityAttestationBody rejected = new IdentityAttestationBody(ok.subjectRef(), ok.method(), ok.liveness(), 0.31,
                ok.model(), ok.threshold(), ok.falseMatchRate(), AttestationDecision.REJECTED, List.of("LOW_SIMILARITY"),
                ok.deviceId());
        IdentityAttestationBody otherPerson = new IdentityAttestationBody(demo.hashHex("someone else"), ok.method(),
                ok.liveness(), ok.similarity(), ok.model(), ok.threshold(), ok.falseMatchRate(), ok.decision(), List.of(),
                ok.deviceId());
        Caller service = caller(ZHANGZHOU, Role.SERVICE);
        ledger.write(service, "att-rejected", T, rejected);
        ledger.write(service, "att-other", T, otherPerson);
        ledger.write(service, "att-ok", T, ok);
        refuseReceive(ErrorCode.WRONG_STATE, clerk, caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, "att-rejected"));
        refuseReceive(ErrorCode.MALFORMED_INPUT, clerk, caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, "att-other"));
        ledger.write(clerk, "case-1", T, caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, "att-ok"));
        assertThat(ledger.rules().caseTimeline("case-1", T).status().attestationId()).isEqualTo("att-ok");
    }

    @Test
    void anAttestationSupportsAReceiptForADayAfterTheCheckAndNotBeforeIt() {
        Caller service = caller(ZHANGZHOU, Role.SERVICE);
        ledger.write(service, "att-ok", T, DemoCaseTest.acceptedAttestation(demo));
        CaseBody body = caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, "att-ok");
        ledger.refused(ErrorCode.WRONG_STATE, clerk, ledger.next(ZHANGZHOU, "case-1", T.plus(Duration.ofHours(24))
                .plusSeconds(1), body));
        ledger.refused(ErrorCode.BAD_TIME, clerk, ledger.next(ZHANGZHOU, "case-1",
                T.minus(RulesConfig.DEFAULT_MAX_CLOCK_SKEW).minusSeconds(1), body));
        ledger.write(clerk, "case-1", T.plus(Duration.ofHours(24)), body);
    }

    @Test
    void aCaseIdIsReceivedOnce() {
        ledger.receive("case-1", T);
        SignedRecord again = ledger.next(ZHANGZHOU, "case-1-again", T, caseBody(AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, null));
        ledger.refused(ErrorCode.DUPLICATE_RECORD, clerk, new SignedRecord(again.record(), again.signature()));
    }

    @Test
    void eachTransitionBelongsToOneOrgAndRole() {
        ledger.receive("case-1", T);
        Instant t = T.plusSeconds(60);
        ledger.refused(ErrorCode.WRONG_STATE, caller(CHAOZHOU, Role.APPROVER), ledger.next(CHAOZHOU, "case-1/1", t,
                new CaseStepBody("case-1", CaseAction.APPROVE, CaseState.FORWARDED, CaseState.APPROVED, Role.APPROVER, List.of())));
        ledger.refused(ErrorCode.WRONG_STATE, caller(CHAOZHOU, Role.APPROVER), ledger.next(CHAOZHOU, "case-1/1", t,
                new CaseStepBody("case-1", CaseAction.ISSUE, CaseState.APPROVED, CaseState.ISSUED, Role.APPROVER, List.of())));
        CaseStepBody forward = ledger.stepBody("case-1", CaseAction.FORWARD, Role.CLERK);
        ledger.refused(ErrorCode.WRONG_ORG, caller(CHAOZHOU, Role.CLERK), ledger.next(CHAOZHOU, "case-1/1", t, forward));
        ledger.refused(ErrorCode.WRONG_ROLE, caller(ZHANGZHOU, Role.ISSUER), ledger.next(ZHANGZHOU, "case-1/1", t, forward));
        ledger.refused(ErrorCode.WRONG_ROLE, clerk, ledger.next(ZHANGZHOU, "case-1/1", t,
                new CaseStepBody("case-1", CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED, Role.SERVICE, List.of())));
        ledger.refused(ErrorCode.BAD_TIME, clerk, ledger.next(ZHANGZHOU, "case-1/1", T.minusSeconds(1), forward));
        ledger.refused(ErrorCode.UNKNOWN_CASE, clerk, ledger.next(ZHANGZHOU, "case-2/1", t,
                new CaseStepBody("case-2", CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED, Role.CLERK, List.of())));
        ledger.step("case-1", CaseAction.FORWARD, t);
        CaseStepBody approveNow = ledger.stepBody("case-1", CaseAction.APPROVE, Role.APPROVER);
        ledger.refused(ErrorCode.WRONG_ORG, caller(ZHANGZHOU, Role.APPROVER), ledger.next(ZHANGZHOU, "case-1/2", t, approveNow));
        ledger.refused(ErrorCode.WRONG_ROLE, caller(CHAOZHOU, Role.CLERK), ledger.next(CHAOZHOU, "case-1/2", t, approveNow));
        ledger.refused(ErrorCode.WRONG_ORG, caller(SHANTOU, Role.APPROVER), ledger.next(SHANTOU, "case-1/2", t, approveNow));
        ledger.step("case-1", CaseAction.APPROVE, t);
        assertThat(ledger.rules().caseTimeline("case-1", t).status().state()).isEqualTo(CaseState.APPROVED);
    }

    @Test
    void materialRequestsLoopBackAndARejectionCompletesTheCase() {
        ledger.receive("case-1", T);
        Instant t = T;
        for (CaseAction a : List.of(CaseAction.FORWARD, CaseAction.REQUEST_MATERIAL, CaseAction.SUPPLEMENT,
                CaseAction.REQUEST_MATERIAL, CaseAction.SUPPLEMENT, CaseAction.REJECT, CaseAction.CLOSE)) {
            t = t.plus(Duration.ofHours(20));
            ledger.step("case-1", a, t);
        }
        CaseTimeline timeline = ledger.rules().caseTimeline("case-1", t);
        assertThat(timeline.status().state()).isEqualTo(CaseState.CLOSED);
        assertThat(timeline.status().issued()).isFalse();
        assertThat(timeline.status().completedAt()).isEqualTo(t.minus(Duration.ofHours(20)).toString());
        assertThat(timeline.steps()).hasSize(8);
        assertThat(timeline.steps().subList(1, 8)).extracting(CaseStepView::durationSeconds)
                .containsOnly(Duration.ofHours(20).toSeconds());
        assertThat(timeline.steps()).extracting(CaseStepView::seq).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(ledger.world.owner(StateKeys.step("case-1", 2))).contains(CHAOZHOU);
        assertThat(ledger.world.owner(StateKeys.step("case-1", 3))).contains(ZHANGZHOU);
        ledger.refused(ErrorCode.WRONG_STATE, clerk, ledger.next(ZHANGZHOU, "case-1/8", t,
                new CaseStepBody("case-1", CaseAction.CLOSE, CaseState.ISSUED, CaseState.CLOSED, Role.CLERK, List.of())));
    }

    @Test
    void anOpenCaseBecomesOverduePastItsDeadline() {
        ledger.receive("case-1", T);
        CaseTimeline timeline = ledger.rules().caseTimeline("case-1", T);
        // Monday 23 Nov + 15 working days = Monday 14 Dec, end of day in Shanghai.
        Instant deadline = Instant.parse("2026-12-14T15:59:59.999999999Z");
        assertThat(timeline.status().deadline()).isEqualTo(deadline.toString());
        assertThat(ledger.rules().caseTimeline("case-1", deadline).overdue()).isFalse();
        assertThat(ledger.rules().caseTimeline("case-1", deadline.plusNanos(1)).overdue()).isTrue();
    }

    @Test
    void aLateResultStaysOverdue() {
        ledger.receive("case-1", T);
        ledger.step("case-1", CaseAction.FORWARD, T.plusSeconds(60));
        Instant late = Instant.parse("2026-12-15T02:00:00Z");
        ledger.step("case-1", CaseAction.REJECT, late);
        assertThat(ledger.rules().caseTimeline("case-1", late).overdue()).isTrue();
    }

    @Test
    void agreementHolidaysAndConfiguredHolidaysExtendTheDeadline() {
        TestLedger withHoliday = new TestLedger(demo, new RulesConfig(RulesConfig.DEFAULT_MAX_CLOCK_SKEW, RulesConfig.DEFAULT_MAX_SUBMIT_DELAY,
                java.util.Set.of(java.time.LocalDate.of(2026, 12, 1)), java.util.Set.of(), WorkingDayCalendar.ALLIANCE_ZONE));
        withHoliday.activateDemoAgreement(T.minus(Duration.ofDays(3)));
        withHoliday.receive("case-1", T);
        assertThat(withHoliday.rules().caseTimeline("case-1", T).status().deadline())
                .isEqualTo("2026-12-15T15:59:59.999999999Z");
    }
}
