package org.alliance.ledger.core.rules;

import static org.alliance.ledger.core.testkit.DemoAlliance.AGREEMENT_ID;
import static org.alliance.ledger.core.testkit.DemoAlliance.AUDIT;
import static org.alliance.ledger.core.testkit.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.SHANTOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ZHANGZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AgreementTerms;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.record.MemberRole;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.Test;

/** Proposing, signing and amending agreements. */
class AgreementRulesTest {
    static final Instant T = Instant.parse("2026-11-20T01:00:00Z");
    final DemoAlliance demo = new DemoAlliance(SignatureAlgorithm.SM2, HashAlgorithm.SM3);
    final TestLedger ledger = new TestLedger(demo);

    SignedRecord propose(String org, String id, int version, AgreementTerms terms) {
        return ledger.next(org, AGREEMENT_ID + "/v" + version + "/" + id, T,
                new AgreementBody(AgreementAction.PROPOSE, AGREEMENT_ID, version, terms, null));
    }

    SignedRecord sign(String org, int version, String contentHash) {
        return ledger.next(org, AGREEMENT_ID + "/v" + version + "/sign/" + org, T,
                new AgreementBody(AgreementAction.SIGN, AGREEMENT_ID, version, null, contentHash));
    }

    String proposeV1() {
        SignedRecord p = propose(ZHANGZHOU, "propose", 1, demo.terms());
        ledger.submit(caller(ZHANGZHOU, Role.ADMIN), p);
        return RecordCodec.taggedHash(p.record());
    }

    @Test
    void theVersionBecomesActiveOnlyWithEverySignature() {
        String content = proposeV1();
        for (String org : List.of(ZHANGZHOU, CHAOZHOU, SHANTOU)) {
            ledger.submit(caller(org, Role.ADMIN), sign(org, 1, content));
            assertThat(ledger.rules().agreement(AGREEMENT_ID).activeVersion()).isZero();
        }
        // The auditor org signs the agreement it oversees, though it writes nothing else.
        ledger.submit(caller(AUDIT, Role.ADMIN), sign(AUDIT, 1, content));
        AgreementView view = ledger.rules().agreement(AGREEMENT_ID);
        assertThat(view.activeVersion()).isEqualTo(1);
        assertThat(view.active().orElseThrow().status()).isEqualTo(AgreementVersionView.Status.ACTIVE);
        assertThat(view.active().orElseThrow().signatories()).containsExactly(AUDIT, CHAOZHOU, SHANTOU, ZHANGZHOU);
        assertThat(RecordCodec.fromJson(RecordCodec.toCanonicalJson(view), AgreementView.class)).isEqualTo(view);
    }

    @Test
    void proposalsNeedAListedRegionsAdminAndTheNextVersion() {
        ledger.refused(ErrorCode.WRONG_ROLE, caller(ZHANGZHOU, Role.CLERK), propose(ZHANGZHOU, "p", 1, demo.terms()));
        ledger.refused(ErrorCode.READ_ONLY, caller(AUDIT, Role.ADMIN), propose(AUDIT, "p", 1, demo.terms()));
        demo.addOrg("XiamenMSP");
        ledger.refused(ErrorCode.NOT_A_MEMBER, caller("XiamenMSP", Role.ADMIN), propose("XiamenMSP", "p", 1, demo.terms()));
        ledger.refused(ErrorCode.VERSION_CONFLICT, caller(ZHANGZHOU, Role.ADMIN), propose(ZHANGZHOU, "p", 2, demo.terms()));
        proposeV1();
        ledger.refused(ErrorCode.VERSION_CONFLICT, caller(CHAOZHOU, Role.ADMIN), propose(CHAOZHOU, "again", 2, demo.terms()));
    }

    @Test
    void membersKeysMustBeRealKeysAndTheProposerMustUseOneOfItsOwn() {
        List<Member> members = new ArrayList<>(demo.terms().members());
        Member zz = members.get(0);
        members.set(0, new Member(zz.mspId(), zz.regionName(), zz.regionCode(), zz.role(),
                List.of(Base64.getEncoder().encodeToString(new byte[] {48, 3, 2, 1, 0}))));
        AgreementTerms badKey = new AgreementTerms(members, DemoAlliance.items(), List.of(), demo.terms().textHash());
        ledger.refused(ErrorCode.BAD_SIGNATURE, caller(CHAOZHOU, Role.ADMIN), propose(CHAOZHOU, "p", 1, badKey));

        SignedRecord byStranger = new DemoAlliance(SignatureAlgorithm.SM2, HashAlgorithm.SM3).factory(ZHANGZHOU)
                .create(AGREEMENT_ID + "/v1", T, null, new AgreementBody(AgreementAction.PROPOSE, AGREEMENT_ID, 1, demo.terms(), null));
        ledger.refused(ErrorCode.UNKNOWN_SIGNING_KEY, caller(ZHANGZHOU, Role.ADMIN), byStranger);
    }

    @Test
    void signaturesMustNameTheProposalOnceEach() {
        ledger.refused(ErrorCode.UNKNOWN_AGREEMENT, caller(CHAOZHOU, Role.ADMIN), sign(CHAOZHOU, 1, "sm3:" + demo.hashHex("x")));
        String content = proposeV1();
        ledger.refused(ErrorCode.BAD_HASH, caller(CHAOZHOU, Role.ADMIN), sign(CHAOZHOU, 1, "sm3:" + demo.hashHex("other")));
        ledger.refused(ErrorCode.VERSION_CONFLICT, caller(CHAOZHOU, Role.ADMIN), sign(CHAOZHOU, 2, content));
        ledger.refused(ErrorCode.WRONG_ROLE, caller(CHAOZHOU, Role.APPROVER), sign(CHAOZHOU, 1, content));
        ledger.submit(caller(CHAOZHOU, Role.ADMIN), sign(CHAOZHOU, 1, content));
        SignedRecord twice = ledger.next(CHAOZHOU, AGREEMENT_ID + "/v1/sign-again", T,
                new AgreementBody(AgreementAction.SIGN, AGREEMENT_ID, 1, null, content));
        ledger.refused(ErrorCode.WRONG_STATE, caller(CHAOZHOU, Role.ADMIN), twice);
        demo.addOrg("XiamenMSP");
        ledger.refused(ErrorCode.NOT_A_MEMBER, caller("XiamenMSP", Role.ADMIN), sign("XiamenMSP", 1, content));
    }

    @Test
    void anAmendmentNeedsTheOldSignatoriesAndTheNewMembers() {
        ledger.activateDemoAgreement(T);
        demo.addOrg("XiamenMSP");
        List<Member> members = new ArrayList<>(demo.terms().members());
        members.add(demo.member("XiamenMSP", "厦门市", "3502", MemberRole.REGION));
        List<CatalogueItem> items = new ArrayList<>(DemoAlliance.items());
        items.add(org.alliance.ledger.core.demo.DemoAlliance.item(DemoAlliance.AMENDMENT_ITEM));
        SignedRecord v2 = propose(ZHANGZHOU, "propose", 2, new AgreementTerms(members, items, List.of(), demo.terms().textHash()));
        ledger.submit(caller(ZHANGZHOU, Role.ADMIN), v2);
        String content = RecordCodec.taggedHash(v2.record());
        assertThat(ledger.rules().agreement(AGREEMENT_ID).versions().get(1).signatories()).hasSize(5);

        CaseBody newItemCase = new CaseBody("case-9", AGREEMENT_ID, DemoAlliance.AMENDMENT_ITEM, ZHANGZHOU, CHAOZHOU,
                DemoAlliance.subjectRef(), null, List.of(), false);
        for (String org : List.of(ZHANGZHOU, CHAOZHOU, SHANTOU, AUDIT)) {
            ledger.submit(caller(org, Role.ADMIN), sign(org, 2, content));
        }
        // Version 1 stays in force until the new member has signed too.
        assertThat(ledger.rules().agreement(AGREEMENT_ID).activeVersion()).isEqualTo(1);
        ledger.refused(ErrorCode.UNKNOWN_ITEM, caller(ZHANGZHOU, Role.CLERK), ledger.next(ZHANGZHOU, "case-9", T, newItemCase));
        ledger.submit(caller("XiamenMSP", Role.ADMIN), sign("XiamenMSP", 2, content));

        AgreementView view = ledger.rules().agreement(AGREEMENT_ID);
        assertThat(view.activeVersion()).isEqualTo(2);
        assertThat(view.versions()).extracting(AgreementVersionView::status)
                .containsExactly(AgreementVersionView.Status.SUPERSEDED, AgreementVersionView.Status.ACTIVE);
        ledger.write(caller(ZHANGZHOU, Role.CLERK), "case-9", T, newItemCase);
        ledger.write(caller("XiamenMSP", Role.SERVICE), "att-xm-1", T, DemoCaseTest.acceptedAttestation(demo));
    }

    @Test
    void casesNeedAnActiveAgreement() {
        ledger.activateDemoAgreement(T);
        SignedRecord other = ledger.next(ZHANGZHOU, "other/v1", T,
                new AgreementBody(AgreementAction.PROPOSE, "other", 1, demo.terms(), null));
        ledger.submit(caller(ZHANGZHOU, Role.ADMIN), other);
        ledger.refused(ErrorCode.AGREEMENT_NOT_ACTIVE, caller(ZHANGZHOU, Role.CLERK), ledger.next(ZHANGZHOU, "case-1", T,
                new CaseBody("case-1", "other", DemoAlliance.ITEM, ZHANGZHOU, CHAOZHOU, DemoAlliance.subjectRef(), null,
                        List.of(), false)));
        ledger.refused(ErrorCode.UNKNOWN_AGREEMENT, caller(ZHANGZHOU, Role.CLERK), ledger.next(ZHANGZHOU, "case-1", T,
                new CaseBody("case-1", "nowhere", DemoAlliance.ITEM, ZHANGZHOU, CHAOZHOU, DemoAlliance.subjectRef(), null,
                        List.of(), false)));
    }
}
