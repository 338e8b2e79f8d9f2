package org.alliance.ledger.fabric;

import static org.alliance.ledger.fabric.FabricAlliance.AUDIT;
import static org.alliance.ledger.fabric.FabricAlliance.CZ;
import static org.alliance.ledger.fabric.FabricAlliance.ITEM;
import static org.alliance.ledger.fabric.FabricAlliance.ST;
import static org.alliance.ledger.fabric.FabricAlliance.ZZ;
import static org.alliance.ledger.fabric.FabricAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.CertificateStatus;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.rules.AgreementView;
import org.alliance.ledger.core.rules.BatchReceipt;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.rules.CaseStepView;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.rules.RecognitionView;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.rules.StoredRecord;
import org.junit.jupiter.api.Test;

/**
 * The demo alliance's flow through the Fabric Gateway on the real network: every write is
 * endorsed by a majority of the orgs' peers, ordered by the four SmartBFT orderers and read back
 * through each org's own peer.
 */
class DemoFlowFabricTest extends FabricSuite {

    static IdentityAttestationBody attestation() {
        return new IdentityAttestationBody(alliance.subjectRef(), AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK", "TURN_LEFT"), true, 0.98),
                0.87, new IdentityAttestationBody.FaceModel("arcface-r100", "2.1", "cd".repeat(32)),
                0.62, 0.0001, AttestationDecision.ACCEPTED, List.of(), "kiosk-zz-0007");
    }

    static CaseStepBody step(String caseId, CaseAction action, CaseState from, Role role) {
        return new CaseStepBody(caseId, action, from, action.to(), role, List.of());
    }

    @Test
    void theDemoAllianceFlowRunsThroughTheGateway() {
        String run = alliance.run;
        String caseId = "case-" + run;
        String certId = alliance.certificateId(0);
        Instant t0 = alliance.agreed.plus(Duration.ofHours(1));

        // The agreement, signed by all four orgs, as every org sees it.
        for (String org : List.of(ZZ, CZ, ST, AUDIT)) {
            AgreementView agreement = alliance.ledger(org).agreement(alliance.agreementId);
            assertThat(agreement.activeVersion()).isEqualTo(1);
            assertThat(agreement.active().orElseThrow().signatures()).hasSize(4);
        }

        // An identity attestation at Zhangzhou's kiosk, then the case it supports.
        alliance.write(ZZ, Role.SERVICE, "att-" + run, t0, attestation());
        Instant received = t0.plus(Duration.ofMinutes(5));
        alliance.write(ZZ, Role.CLERK, caseId, received, new CaseBody(caseId, alliance.agreementId, ITEM, ZZ, CZ,
                alliance.subjectRef(), "att-" + run, List.of(alliance.doc("transfer-application")), false));
        Instant forwarded = received.plus(Duration.ofMinutes(110));
        alliance.write(ZZ, Role.CLERK, caseId + "/forward", forwarded,
                step(caseId, CaseAction.FORWARD, CaseState.RECEIVED, Role.CLERK));

        // The home region decides: Zhangzhou's approver is refused, Chaozhou's approves.
        Instant approved = forwarded.plus(Duration.ofHours(20));
        CaseStepBody approve = step(caseId, CaseAction.APPROVE, CaseState.FORWARDED, Role.APPROVER);
        refused(ErrorCode.WRONG_ORG, () -> alliance.write(ZZ, Role.APPROVER, caseId + "/approve", approved, approve));
        alliance.write(CZ, Role.APPROVER, caseId + "/approve", approved, approve);

        // Shantou recognises Chaozhou's approval.
        Instant recognised = approved.plus(Duration.ofHours(1));
        alliance.write(ST, Role.CLERK, "recog-approval-" + run, recognised, new RecognitionBody(TargetType.APPROVAL,
                caseId, alliance.agreementId, ITEM, RecognitionDecision.RECOGNISED, null));

        // The result and its certificate in one transaction, then the case is closed.
        Instant issued = recognised.plus(Duration.ofHours(1));
        SignedRecord issueStep = alliance.next(ZZ, caseId + "/issue", issued,
                step(caseId, CaseAction.ISSUE, CaseState.APPROVED, Role.ISSUER));
        SignedRecord cert = alliance.next(ZZ, certId + "/issue", issued, new CertificateBody(CertificateAction.ISSUE,
                certId, "SIT01", caseId, alliance.subjectRef(), alliance.doc("certificate-file"), "2026-12-01", null, null));
        BatchReceipt both = alliance.committedEverywhere(
                alliance.ledger(ZZ).submit(caller(ZZ, Role.ISSUER), List.of(issueStep, cert)));
        assertThat(both.records()).extracting(BatchReceipt.Entry::leafIndex).containsExactly(0, 1);
        Instant closed = issued.plus(Duration.ofMinutes(30));
        alliance.write(ZZ, Role.CLERK, caseId + "/close", closed,
                step(caseId, CaseAction.CLOSE, CaseState.ISSUED, Role.CLERK));
        for (String org : List.of(ZZ, CZ, ST, AUDIT)) {
            assertThat(alliance.ledger(org).certificate(certId).state().status()).as(org).isEqualTo(CertificateStatus.VALID);
        }

        // The certificate is revoked, and every org sees the new status through its own peer.
        Instant revoked = closed.plus(Duration.ofHours(2));
        alliance.write(ZZ, Role.ISSUER, certId + "/revoke", revoked, new CertificateBody(CertificateAction.REVOKE,
                certId, null, null, null, null, null, null, "DATA_CORRECTED"));
        for (String org : List.of(ZZ, CZ, ST, AUDIT)) {
            assertThat(alliance.ledger(org).certificate(certId).state().status()).as(org).isEqualTo(CertificateStatus.REVOKED);
            assertThat(alliance.ledger(org).certificate(certId).history()).extracting(h -> h.action())
                    .containsExactly(CertificateAction.ISSUE, CertificateAction.REVOKE);
        }
        assertThat(alliance.ledger(AUDIT).recognitions(caseId, 10, "").items()).singleElement().satisfies(v -> {
            assertThat(v.recognisingOrg()).isEqualTo(ST);
            assertThat(v.issuingOrg()).isEqualTo(CZ);
            assertThat(v.decision()).isEqualTo(RecognitionDecision.RECOGNISED);
        });

        // The auditor's view: every step with its duration, against the item's deadline.
        Instant asOf = revoked.plus(Duration.ofMinutes(1));
        CaseTimeline timeline = alliance.ledger(AUDIT).caseTimeline(caseId, asOf);
        assertThat(timeline.status().state()).isEqualTo(CaseState.CLOSED);
        assertThat(timeline.steps()).extracting(CaseStepView::action).containsExactly(CaseAction.RECEIVE,
                CaseAction.FORWARD, CaseAction.APPROVE, CaseAction.ISSUE, CaseAction.CLOSE);
        assertThat(timeline.steps()).extracting(CaseStepView::actorOrg).containsExactly(ZZ, ZZ, CZ, ZZ, ZZ);
        assertThat(timeline.steps()).extracting(CaseStepView::durationSeconds).containsExactly(0L,
                Duration.between(received, forwarded).toSeconds(), Duration.between(forwarded, approved).toSeconds(),
                Duration.between(approved, issued).toSeconds(), Duration.between(issued, closed).toSeconds());
        // 15 working days: at least three weeks after receipt, and the case closed well within them.
        Instant deadline = Instant.parse(timeline.status().deadline());
        assertThat(deadline).isAfter(received.plus(Duration.ofDays(20)));
        assertThat(timeline.status().completedAt()).isEqualTo(issued.toString());
        assertThat(timeline.overdue()).isFalse();

        // The auditor org never writes, neither as auditor nor with any other role.
        SignedRecord auditRecognition = alliance.signer(AUDIT).create("recog-audit-" + run, asOf, null,
                new RecognitionBody(TargetType.APPROVAL, caseId, alliance.agreementId, ITEM, RecognitionDecision.RECOGNISED, null));
        refused(ErrorCode.READ_ONLY, () -> alliance.ledger(AUDIT).submit(caller(AUDIT, Role.AUDITOR), List.of(auditRecognition)));
        refused(ErrorCode.READ_ONLY, () -> alliance.ledger(AUDIT).submit(caller(AUDIT, Role.CLERK), List.of(auditRecognition)));
        assertThat(alliance.ledger(AUDIT).record("recog-audit-" + run)).isEmpty();

        // Every record of the case is provably in its batch, and its bundle names the Fabric transaction.
        for (String id : List.of(caseId, caseId + "/forward", caseId + "/approve", caseId + "/issue", certId + "/issue")) {
            StoredRecord stored = alliance.ledger(ST).record(id).orElseThrow();
            EvidenceBundle bundle = alliance.ledger(ST).bundle(id);
            MerkleVerifier.verifyInclusion(stored.signedRecord().record().hashAlgorithm(), Hex.decode(stored.hash()),
                    alliance.ledger(ST).inclusionProof(id), Hex.decode(bundle.batch().root()));
            assertThat(bundle.anchor().toJson().get("txId").asText()).isEqualTo(stored.batchId());
            assertThat(bundle.anchor().toJson().get("block").asText()).isNotEmpty();
        }
        assertThat(alliance.ledger(ST).recognitions(caseId, 10, "").items()).extracting(RecognitionView::recognitionId)
                .containsExactly("recog-approval-" + run);
    }
}
