package org.alliance.ledger.core.rules;

import static org.alliance.ledger.core.testkit.DemoAlliance.AGREEMENT_ID;
import static org.alliance.ledger.core.testkit.DemoAlliance.AUDIT;
import static org.alliance.ledger.core.testkit.DemoAlliance.CHAOZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ITEM;
import static org.alliance.ledger.core.testkit.DemoAlliance.SHANTOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.ZHANGZHOU;
import static org.alliance.ledger.core.testkit.DemoAlliance.caller;
import static org.alliance.ledger.core.testkit.DemoAlliance.subjectRef;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.CertificateStatus;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo case of DEMO-ALLIANCE.md end to end: an applicant registered in Chaozhou proves their
 * identity at a Zhangzhou kiosk and files a pension insurance transfer; Zhangzhou receives and
 * forwards it, Chaozhou approves remotely, Zhangzhou issues the result with an electronic
 * certificate, Shantou recognises the certificate, and the certificate is later revoked.
 */
class DemoCaseTest {
    static final String CASE_ID = "case-2026-0001";
    static final String CERT_ID = "SIT01-350600-2026-000001";
    static final Instant AGREED = Instant.parse("2026-11-20T01:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-11-23T01:10:00Z");

    static Stream<Arguments> algorithms() {
        return Stream.of(Arguments.of(SignatureAlgorithm.SM2, HashAlgorithm.SM3),
                Arguments.of(SignatureAlgorithm.ECDSA_P256, HashAlgorithm.SHA256));
    }

    static IdentityAttestationBody acceptedAttestation(DemoAlliance demo) {
        return new IdentityAttestationBody(subjectRef(), AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK", "TURN_LEFT"), true, 0.98),
                0.87, new IdentityAttestationBody.FaceModel("arcface-r100", "2.1", demo.hashHex("model").substring(0, 64)),
                0.62, 0.0001, AttestationDecision.ACCEPTED, List.of(), "kiosk-zz-0007");
    }

    static CaseBody demoCase(DemoAlliance demo, String caseId, String attestationId) {
        return new CaseBody(caseId, AGREEMENT_ID, ITEM, ZHANGZHOU, CHAOZHOU, subjectRef(), attestationId,
                List.of(demo.doc("transfer-application"), demo.doc("contribution-record")), false);
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void theDemoCaseRunsEndToEnd(SignatureAlgorithm sigAlg, HashAlgorithm hashAlg) {
        DemoAlliance demo = new DemoAlliance(sigAlg, hashAlg);
        TestLedger ledger = new TestLedger(demo);
        ledger.activateDemoAgreement(AGREED);
        AgreementView agreement = ledger.rules().agreement(AGREEMENT_ID);
        assertThat(agreement.activeVersion()).isEqualTo(1);
        assertThat(agreement.active().orElseThrow().signatures()).hasSize(4);

        ledger.write(caller(ZHANGZHOU, Role.SERVICE), "att-zz-0001", RECEIVED.minusSeconds(300), acceptedAttestation(demo));
        SignedRecord receive = ledger.next(ZHANGZHOU, CASE_ID, RECEIVED, demoCase(demo, CASE_ID, "att-zz-0001"));
        BatchReceipt receipt = ledger.submit(caller(ZHANGZHOU, Role.CLERK), receive);
        assertThat(receipt.records()).singleElement().satisfies(e -> assertThat(e.duplicate()).isFalse());

        Instant forwarded = RECEIVED.plus(Duration.ofMinutes(110));
        ledger.write(caller(ZHANGZHOU, Role.CLERK), CASE_ID + "/forward", forwarded, ledger.stepBody(CASE_ID, CaseAction.FORWARD, Role.CLERK));
        Instant approved = Instant.parse("2026-11-25T02:00:00Z");
        ledger.write(caller(CHAOZHOU, Role.APPROVER), CASE_ID + "/approve", approved, ledger.stepBody(CASE_ID, CaseAction.APPROVE, Role.APPROVER));

        // The result and its certificate are issued in one transaction.
        Instant issued = Instant.parse("2026-11-26T01:00:00Z");
        SignedRecord issueStep = ledger.next(ZHANGZHOU, CASE_ID + "/issue", issued, ledger.stepBody(CASE_ID, CaseAction.ISSUE, Role.ISSUER));
        SignedRecord cert = ledger.next(ZHANGZHOU, CERT_ID + "/issue", issued, new CertificateBody(CertificateAction.ISSUE,
                CERT_ID, "SIT01", CASE_ID, subjectRef(), demo.doc("certificate-file"), "2026-11-26", null, null));
        BatchReceipt both = ledger.submit(caller(ZHANGZHOU, Role.ISSUER), issueStep, cert);
        assertThat(both.records()).extracting(BatchReceipt.Entry::leafIndex).containsExactly(0, 1);
        Instant closed = issued.plus(Duration.ofMinutes(30));
        ledger.write(caller(ZHANGZHOU, Role.CLERK), CASE_ID + "/close", closed, ledger.stepBody(CASE_ID, CaseAction.CLOSE, Role.CLERK));

        Instant recognised = Instant.parse("2026-12-10T02:00:00Z");
        ledger.write(caller(SHANTOU, Role.CLERK), "recog-st-0001", recognised, new RecognitionBody(TargetType.CERTIFICATE,
                CERT_ID, AGREEMENT_ID, ITEM, RecognitionDecision.RECOGNISED, null));
        Instant revoked = Instant.parse("2027-01-05T03:00:00Z");
        ledger.write(caller(ZHANGZHOU, Role.ISSUER), CERT_ID + "/revoke", revoked, new CertificateBody(
                CertificateAction.REVOKE, CERT_ID, null, null, null, null, null, null, "DATA_CORRECTED"));
        Instant later = revoked.plus(Duration.ofDays(1));
        ledger.refused(ErrorCode.WRONG_STATE, caller(SHANTOU, Role.CLERK), ledger.next(SHANTOU, "recog-st-0002", later,
                new RecognitionBody(TargetType.CERTIFICATE, CERT_ID, AGREEMENT_ID, ITEM, RecognitionDecision.RECOGNISED, null)));
        ledger.write(caller(SHANTOU, Role.CLERK), "recog-st-0002", later, new RecognitionBody(TargetType.CERTIFICATE,
                CERT_ID, AGREEMENT_ID, ITEM, RecognitionDecision.REFUSED, "RESULT_NOT_VALID"));

        EvidenceRules rules = ledger.rules();
        // The auditor's view: every step, its duration, against the 15-working-day limit.
        CaseTimeline timeline = rules.caseTimeline(CASE_ID, later);
        assertThat(timeline.status().state()).isEqualTo(CaseState.CLOSED);
        assertThat(timeline.status().deadline()).isEqualTo("2026-12-14T15:59:59.999999999Z");
        assertThat(timeline.status().completedAt()).isEqualTo(issued.toString());
        assertThat(timeline.overdue()).isFalse();
        assertThat(timeline.steps()).extracting(CaseStepView::action).containsExactly(CaseAction.RECEIVE,
                CaseAction.FORWARD, CaseAction.APPROVE, CaseAction.ISSUE, CaseAction.CLOSE);
        assertThat(timeline.steps()).extracting(CaseStepView::actorOrg)
                .containsExactly(ZHANGZHOU, ZHANGZHOU, CHAOZHOU, ZHANGZHOU, ZHANGZHOU);
        assertThat(timeline.steps()).extracting(CaseStepView::durationSeconds).containsExactly(0L,
                Duration.between(RECEIVED, forwarded).toSeconds(), Duration.between(forwarded, approved).toSeconds(),
                Duration.between(approved, issued).toSeconds(), Duration.between(issued, closed).toSeconds());
        assertThat(ledger.world.owner(StateKeys.step(CASE_ID, 2))).contains(CHAOZHOU);
        assertThat(ledger.world.owner(StateKeys.caseKey(CASE_ID))).contains(ZHANGZHOU);
        assertThat(ledger.world.owner(StateKeys.certificate(CERT_ID))).contains(ZHANGZHOU);

        CertificateView certificate = rules.certificate(CERT_ID);
        assertThat(certificate.state().status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(certificate.history()).extracting(CertificateHistoryEntry::action)
                .containsExactly(CertificateAction.ISSUE, CertificateAction.REVOKE);
        assertThat(rules.recognitions(CERT_ID, 10, "").items()).extracting(RecognitionView::decision)
                .containsExactly(RecognitionDecision.RECOGNISED, RecognitionDecision.REFUSED);
        assertThat(rules.recognitions(CERT_ID, 10, "").items()).allSatisfy(v -> {
            assertThat(v.recognisingOrg()).isEqualTo(SHANTOU);
            assertThat(v.issuingOrg()).isEqualTo(ZHANGZHOU);
        });

        // The case's records form one hash chain.
        List<String> caseRecords = List.of(CASE_ID, CASE_ID + "/forward", CASE_ID + "/approve", CASE_ID + "/issue", CASE_ID + "/close");
        String prev = null;
        for (String id : caseRecords) {
            SignedRecord r = rules.record(id).orElseThrow().signedRecord();
            assertThat(r.record().prev()).isEqualTo(prev);
            prev = RecordCodec.taggedHash(r.record());
        }
        assertThat(rules.subjectHead("case/" + CASE_ID)).contains(prev);

        // Every record is provably in its batch.
        for (SignedRecord r : ledger.accepted) {
            StoredRecord stored = rules.record(r.record().id()).orElseThrow();
            BatchInfo batch = rules.batch(stored.batchId()).orElseThrow();
            MerkleVerifier.verifyInclusion(hashAlg, Hex.decode(stored.hash()),
                    rules.inclusionProof(r.record().id()), Hex.decode(batch.root()));
            assertThat(batch.alg()).isEqualTo(hashAlg.id());
        }
        assertThat(ledger.world.events()).allSatisfy(e -> assertThat(e.name()).isEqualTo(EvidenceRules.EVENT_NAME));
        assertThat(ledger.rules().recordsByOrg(AUDIT, null, null, 100, "").items())
                .extracting(RecordRef::type).containsOnly(org.alliance.ledger.core.record.RecordType.AGREEMENT);
        ledger.assertNoPersonalData();
    }
}
