package org.alliance.ledger.chaincode;

import static org.alliance.ledger.chaincode.ContractHarness.AUDIT;
import static org.alliance.ledger.chaincode.ContractHarness.CZ;
import static org.alliance.ledger.chaincode.ContractHarness.ST;
import static org.alliance.ledger.chaincode.ContractHarness.ZZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.alliance.ledger.chaincode.ContractHarness.Outcome;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.log.AllianceLog;
import org.alliance.ledger.core.merkle.InclusionProof;
import org.alliance.ledger.core.merkle.MerkleTree;
import org.alliance.ledger.core.merkle.MerkleVerifier;
import org.alliance.ledger.core.record.AgreementAction;
import org.alliance.ledger.core.record.AgreementBody;
import org.alliance.ledger.core.record.AttestationDecision;
import org.alliance.ledger.core.record.AttestationMethod;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CatalogueItem;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.CheckpointBody;
import org.alliance.ledger.core.record.CheckpointSignature;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.IdentityAttestationBody;
import org.alliance.ledger.core.record.LogCheckpointBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.ledger.PendingBatch;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.rules.EvidenceRules;
import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.state.CompositeKey;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every transaction of the contract through a mocked stub over a fake ledger, with real client
 * certificates: the allowed path and each refusal, checking the error code in the payload and
 * that a refused transaction touched no state.
 */
class EvidenceContractTest {
    static final String AGREEMENT = "alliance-2026";
    static final String OTHER_AGREEMENT = "enterprise-2026";
    static final String PENSION = "PENSION-TRANSFER";
    static final String HOUSING = "HOUSING-FUND";
    static final String ENTERPRISE = "ENT-SETUP";
    static final String CASE = "case-2026-0001";
    static final String CERT = "SIT01-350600-2026-000001";
    static final String SUBJECT = "5a".repeat(32);
    static final Instant AGREED = Instant.parse("2026-11-20T01:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-11-23T01:10:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    final ContractHarness h = new ContractHarness();

    @BeforeEach
    void activateAgreements() {
        List<CatalogueItem> items = List.of(
                new CatalogueItem(PENSION, "pension insurance transfer", "where last insured", 15, List.of("transfer application")),
                new CatalogueItem(HOUSING, "housing fund withdrawal", "where the account is held", 3, List.of("reason proof")));
        h.activate(AGREEMENT, h.terms(List.of(ZZ, CZ, ST, AUDIT), items), List.of(ZZ, CZ, ST, AUDIT), AGREED);
        h.activate(OTHER_AGREEMENT, h.terms(List.of(ZZ, CZ), List.of(new CatalogueItem(ENTERPRISE,
                "enterprise registration", "where registered", 3, List.of("application form")))), List.of(ZZ, CZ), AGREED);
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static void assertCanonical(String json) {
        assertThat(json).isEqualTo(new String(CanonicalJson.canonicalize(json), StandardCharsets.UTF_8));
    }

    static DocumentHash doc(String label) {
        return new DocumentHash(label, "sha256", Hex.encode(HashAlgorithm.SHA256.digest(label.getBytes(StandardCharsets.UTF_8))));
    }

    static IdentityAttestationBody attestation(AttestationDecision decision) {
        return new IdentityAttestationBody(SUBJECT, AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK", "TURN_LEFT"), true, 0.98),
                decision == AttestationDecision.ACCEPTED ? 0.87 : 0.31,
                new IdentityAttestationBody.FaceModel("arcface-r100", "2.1", "cd".repeat(32)),
                0.62, 0.0001, decision,
                decision == AttestationDecision.ACCEPTED ? List.of() : List.of("SIMILARITY_BELOW_THRESHOLD"), "kiosk-zz-0007");
    }

    static CaseBody caseBody(String caseId, String agreement, String item, String attestationId) {
        return new CaseBody(caseId, agreement, item, ZZ, CZ, SUBJECT, attestationId, List.of(doc("transfer-application")), false);
    }

    static CaseStepBody step(CaseAction action, CaseState from, Role role) {
        return new CaseStepBody(CASE, action, from, action.to(), role, List.of());
    }

    static CertificateBody issueCertificate() {
        return new CertificateBody(CertificateAction.ISSUE, CERT, "SIT01", CASE, SUBJECT, doc("certificate-file"),
                "2026-11-26", null, null);
    }

    static CertificateBody changeCertificate(CertificateAction action, String reason) {
        return new CertificateBody(action, CERT, null, null, null, null, null, null, reason);
    }

    static RecognitionBody recognition(RecognitionDecision decision, String item, String reason) {
        return new RecognitionBody(TargetType.CERTIFICATE, CERT, AGREEMENT, item, decision, reason);
    }

    /** A proposal of a third agreement between Zhangzhou and Shantou, not yet submitted. */
    SignedRecord thirdProposal() {
        var terms = h.terms(List.of(ZZ, ST), List.of(new CatalogueItem("X-1", "x", "x", 1, List.of("x"))));
        return h.next(ZZ, "third/v1", AGREED, new AgreementBody(AgreementAction.PROPOSE, "third", 1, terms, null));
    }

    Outcome attest(String id, Instant time, AttestationDecision decision) {
        return h.submitRecords(ZZ, "service", EvidenceContract::recordAttestation, h.next(ZZ, id, time, attestation(decision)));
    }

    Outcome receive() {
        attest("att-zz-0001", RECEIVED.minusSeconds(300), AttestationDecision.ACCEPTED).ok();
        return h.submitRecords(ZZ, "clerk", EvidenceContract::receiveCase,
                h.next(ZZ, CASE, RECEIVED, caseBody(CASE, AGREEMENT, PENSION, "att-zz-0001")));
    }

    Outcome stepAs(String org, String role, String id, Instant time, CaseStepBody body) {
        return h.submitRecords(org, role, EvidenceContract::recordCaseStep, h.next(org, id, time, body));
    }

    static final Instant FORWARDED = RECEIVED.plus(Duration.ofMinutes(110));
    static final Instant APPROVED = Instant.parse("2026-11-25T02:00:00Z");
    static final Instant ISSUED = Instant.parse("2026-11-26T01:00:00Z");

    void receiveForwardApprove() {
        receive().ok();
        stepAs(ZZ, "clerk", CASE + "/forward", FORWARDED, step(CaseAction.FORWARD, CaseState.RECEIVED, Role.CLERK)).ok();
        stepAs(CZ, "approver", CASE + "/approve", APPROVED, step(CaseAction.APPROVE, CaseState.FORWARDED, Role.APPROVER)).ok();
    }

    /** Issue step and certificate in one mixed batch, as the service does. */
    Outcome issueWithCertificate() {
        SignedRecord issueStep = h.next(ZZ, CASE + "/issue", ISSUED, step(CaseAction.ISSUE, CaseState.APPROVED, Role.ISSUER));
        SignedRecord cert = h.next(ZZ, CERT + "/issue", ISSUED, issueCertificate());
        return h.submitRecords(ZZ, "issuer", EvidenceContract::submitBatch, issueStep, cert);
    }

    @Nested
    class Agreements {
        @Test
        void activatedAgreementIsVisible() {
            String json = h.query((c, ctx) -> c.getAgreement(ctx, AGREEMENT));
            assertCanonical(json);
            JsonNode view = tree(json);
            assertThat(view.get("activeVersion").asInt()).isEqualTo(1);
            assertThat(h.ledger.keys()).contains(CompositeKey.of("agr", AGREEMENT));
        }

        @Test
        void proposalRefusals() {
            SignedRecord proposal = thirdProposal();
            h.submitRecords(ZZ, "clerk", EvidenceContract::recordAgreement, proposal).refused(ErrorCode.WRONG_ROLE);
            h.submitRecords(ST, "admin", EvidenceContract::recordAgreement, proposal).refused(ErrorCode.WRONG_ORG);
            h.submitRecords(ZZ, "auditor", EvidenceContract::recordAgreement, proposal).refused(ErrorCode.READ_ONLY);
            h.submit(ZZ, "admin", AGREED, (c, ctx) -> c.recordAgreement(ctx, "{\"record\":")).refused(ErrorCode.MALFORMED_INPUT);
            h.submitRecords(ZZ, "admin", EvidenceContract::recordAgreement, proposal).ok();
        }

        @Test
        void signingTwiceIsWrongState() {
            SignedRecord proposal = thirdProposal();
            h.submitRecords(ZZ, "admin", EvidenceContract::recordAgreement, proposal).ok();
            String content = RecordCodec.taggedHash(proposal.record());
            var sign = new AgreementBody(AgreementAction.SIGN, "third", 1, null, content);
            h.submitRecords(ZZ, "admin", EvidenceContract::recordAgreement, h.next(ZZ, "third/v1/sign/zz", AGREED, sign)).ok();
            h.submitRecords(ZZ, "admin", EvidenceContract::recordAgreement, h.next(ZZ, "third/v1/sign/zz-again", AGREED, sign))
                    .refused(ErrorCode.WRONG_STATE);
        }

        @Test
        void unknownAgreementIsRefused() {
            h.evaluate(AGREED, (c, ctx) -> c.getAgreement(ctx, "nope")).refused(ErrorCode.UNKNOWN_AGREEMENT);
        }
    }

    @Nested
    class Attestations {
        @Test
        void serviceMayAttestAndTheReceiptIsCanonical() {
            Outcome ok = attest("att-1", RECEIVED, AttestationDecision.ACCEPTED);
            JsonNode receipt = tree(ok.ok());
            assertCanonical(ok.result());
            assertThat(receipt.get("batchId").asText()).isEqualTo(ok.tx().stub.getTxId());
            assertThat(receipt.get("records").get(0).get("id").asText()).isEqualTo("att-1");
        }

        @Test
        void refusals() {
            SignedRecord r = h.next(ZZ, "att-2", RECEIVED, attestation(AttestationDecision.ACCEPTED));
            h.submitRecords(ZZ, "approver", EvidenceContract::recordAttestation, r).refused(ErrorCode.WRONG_ROLE);
            h.submitRecords(CZ, "service", EvidenceContract::recordAttestation, r).refused(ErrorCode.WRONG_ORG);
            h.submitRecords(ZZ, "service", EvidenceContract::receiveCase, r).refused(ErrorCode.MALFORMED_INPUT);
            h.submit(ZZ, "service", RECEIVED, (c, ctx) -> c.recordAttestation(ctx, "[]")).refused(ErrorCode.MALFORMED_INPUT);
            h.submit(ZZ, "service", RECEIVED, (c, ctx) -> c.recordAttestation(ctx, "not json")).refused(ErrorCode.MALFORMED_INPUT);
        }
    }

    @Nested
    class Cases {
        @Test
        void acceptingClerkReceivesAndTheCaseKeyIsOwnedByTheAcceptingOrg() {
            Outcome ok = receive();
            ok.ok();
            verify(ok.tx().stub, times(1)).setEvent(eq(EvidenceRules.EVENT_NAME), any());
            assertThat(new String(ok.tx().eventPayload, StandardCharsets.UTF_8)).isEqualTo(ok.result());
            String caseKey = CompositeKey.of("case", CASE);
            assertThat(StateBasedEndorsementFactory.getInstance()
                    .newStateBasedEndorsement(h.ledger.validationParameter(caseKey)).listOrgs()).containsExactly(ZZ);
            assertThat(ok.tx().policies.keySet()).allSatisfy(k -> assertThat(CompositeKey.split(k).get(0)).isIn("case", "step"));
        }

        @Test
        void refusals() {
            attest("att-zz-0001", RECEIVED.minusSeconds(300), AttestationDecision.ACCEPTED).ok();
            attest("att-zz-0002", RECEIVED.minusSeconds(200), AttestationDecision.REJECTED).ok();
            SignedRecord good = h.next(ZZ, CASE, RECEIVED, caseBody(CASE, AGREEMENT, PENSION, "att-zz-0001"));
            h.submitRecords(ZZ, "approver", EvidenceContract::receiveCase, good).refused(ErrorCode.WRONG_ROLE);
            h.submitRecords(CZ, "clerk", EvidenceContract::receiveCase, good).refused(ErrorCode.WRONG_ORG);
            // Chaozhou signing a case that names Zhangzhou as the accepting org.
            h.submitRecords(CZ, "clerk", EvidenceContract::receiveCase,
                    h.next(CZ, CASE, RECEIVED, caseBody(CASE, AGREEMENT, PENSION, null))).refused(ErrorCode.WRONG_ORG);
            h.submitRecords(ZZ, "clerk", EvidenceContract::receiveCase,
                    h.next(ZZ, CASE, RECEIVED, caseBody(CASE, AGREEMENT, "NO-SUCH-ITEM", null))).refused(ErrorCode.UNKNOWN_ITEM);
            h.submitRecords(ZZ, "clerk", EvidenceContract::receiveCase,
                    h.next(ZZ, CASE, RECEIVED, caseBody(CASE, OTHER_AGREEMENT, PENSION, null)))
                    .refused(ErrorCode.ITEM_NOT_IN_AGREEMENT);
            h.submitRecords(ZZ, "clerk", EvidenceContract::receiveCase,
                    h.next(ZZ, CASE, RECEIVED, caseBody(CASE, AGREEMENT, PENSION, "att-zz-0002"))).refused(ErrorCode.WRONG_STATE);
            String extraField = ContractHarness.json(good).replaceFirst("^\\{", "{\"comment\":\"x\",");
            h.submit(ZZ, "clerk", RECEIVED, (c, ctx) -> c.receiveCase(ctx, extraField)).refused(ErrorCode.UNKNOWN_FIELD);
            h.submitRecords(ZZ, "clerk", EvidenceContract::receiveCase, good).ok();
        }

        @Test
        void stepsFollowTheStateMachineAndApprovalsAreOwnedByTheHomeOrg() {
            receive().ok();
            CaseStepBody approve = step(CaseAction.APPROVE, CaseState.FORWARDED, Role.APPROVER);
            stepAs(CZ, "approver", CASE + "/approve-early", FORWARDED, approve).refused(ErrorCode.WRONG_STATE);
            CaseStepBody forward = step(CaseAction.FORWARD, CaseState.RECEIVED, Role.CLERK);
            stepAs(CZ, "clerk", CASE + "/forward", FORWARDED, forward).refused(ErrorCode.WRONG_ORG);
            stepAs(ZZ, "approver", CASE + "/forward", FORWARDED, forward).refused(ErrorCode.WRONG_ROLE);
            stepAs(ZZ, "clerk", CASE + "/forward", FORWARDED, forward).ok();
            stepAs(ZZ, "approver", CASE + "/approve", APPROVED, approve).refused(ErrorCode.WRONG_ORG);
            stepAs(CZ, "clerk", CASE + "/approve", APPROVED, approve).refused(ErrorCode.WRONG_ROLE);
            Outcome approved = stepAs(CZ, "approver", CASE + "/approve", APPROVED, approve);
            approved.ok();
            // The approval step belongs to the home org; the case summary stays the accepting org's.
            approved.tx().policies.forEach((key, policy) -> assertThat(StateBasedEndorsementFactory.getInstance()
                    .newStateBasedEndorsement(policy).listOrgs())
                    .containsExactly(CompositeKey.split(key).get(0).equals("step") ? CZ : ZZ));
            assertThat(approved.tx().policies.keySet()).extracting(k -> CompositeKey.split(k).get(0))
                    .containsExactlyInAnyOrder("step", "case");
            stepAs(ZZ, "clerk", "ghost/forward", FORWARDED, new CaseStepBody("ghost", CaseAction.FORWARD, CaseState.RECEIVED,
                    CaseState.FORWARDED, Role.CLERK, List.of())).refused(ErrorCode.UNKNOWN_CASE);
            h.submit(ZZ, "clerk", APPROVED, (c, ctx) -> c.recordCaseStep(ctx, "")).refused(ErrorCode.MALFORMED_INPUT);
        }

        @Test
        void timelineAsOfTheGivenTimeOrTheTransactionTime() {
            receiveForwardApprove();
            JsonNode timeline = tree(h.query((c, ctx) -> c.getCaseTimeline(ctx, CASE, "2026-11-25T03:00:00Z")));
            assertThat(timeline.get("asOf").asText()).isEqualTo("2026-11-25T03:00:00Z");
            assertThat(timeline.get("steps")).hasSize(3);
            assertThat(timeline.get("overdue").asBoolean()).isFalse();
            Instant late = Instant.parse("2027-03-01T00:00:00Z");
            JsonNode now = tree(h.evaluate(late, (c, ctx) -> c.getCaseTimeline(ctx, CASE, "")).ok());
            assertThat(now.get("asOf").asText()).isEqualTo(late.toString());
            assertThat(now.get("overdue").asBoolean()).isTrue();
            h.evaluate(late, (c, ctx) -> c.getCaseTimeline(ctx, CASE, "yesterday")).refused(ErrorCode.MALFORMED_INPUT);
            h.evaluate(late, (c, ctx) -> c.getCaseTimeline(ctx, "nope", "")).refused(ErrorCode.UNKNOWN_CASE);
        }
    }

    @Nested
    class Certificates {
        @Test
        void issuedInAMixedBatchWithTheIssueStep() {
            receiveForwardApprove();
            Outcome both = issueWithCertificate();
            JsonNode receipt = tree(both.ok());
            assertThat(receipt.get("records")).extracting(n -> n.get("type").asText())
                    .containsExactly("CASE_STEP", "CERTIFICATE");
            verify(both.tx().stub, times(1)).setEvent(eq(EvidenceRules.EVENT_NAME), any());
            assertThat(StateBasedEndorsementFactory.getInstance()
                    .newStateBasedEndorsement(h.ledger.validationParameter(CompositeKey.of("cert", CERT))).listOrgs())
                    .containsExactly(ZZ);
            JsonNode cert = tree(h.query((c, ctx) -> c.getCertificate(ctx, CERT)));
            assertThat(cert.get("state").get("status").asText()).isEqualTo("VALID");
        }

        @Test
        void refusals() {
            receiveForwardApprove();
            SignedRecord issue = h.next(ZZ, CERT + "/issue", ISSUED, issueCertificate());
            h.submitRecords(ZZ, "clerk", EvidenceContract::recordCertificate, issue).refused(ErrorCode.WRONG_ROLE);
            h.submitRecords(CZ, "issuer", EvidenceContract::recordCertificate,
                    h.next(CZ, CERT + "/issue", ISSUED, issueCertificate())).refused(ErrorCode.WRONG_ORG);
            h.submit(ZZ, "issuer", ISSUED, (c, ctx) -> c.recordCertificate(ctx, "null")).refused(ErrorCode.MALFORMED_INPUT);
            h.submitRecords(ZZ, "issuer", EvidenceContract::recordCertificate, issue).ok();
            h.submitRecords(ZZ, "issuer", EvidenceContract::recordCertificate, h.next(ZZ, CERT + "/reinstate",
                    ISSUED.plusSeconds(60), changeCertificate(CertificateAction.REINSTATE, "RECOVERED")))
                    .refused(ErrorCode.WRONG_STATE);
            h.submitRecords(ZZ, "issuer", EvidenceContract::recordCertificate, h.next(ZZ, CERT + "/suspend",
                    ISSUED.plusSeconds(60), changeCertificate(CertificateAction.SUSPEND, "FRAUD_SUSPECTED"))).ok();
            h.evaluate(ISSUED, (c, ctx) -> c.getCertificate(ctx, "SIT01-350600-2026-999999"))
                    .refused(ErrorCode.UNKNOWN_CERTIFICATE);
        }
    }

    @Nested
    class Recognitions {
        @BeforeEach
        void issued() {
            receiveForwardApprove();
            issueWithCertificate().ok();
        }

        @Test
        void anotherMemberRecognisesAndRecognitionsPage() {
            Instant t = Instant.parse("2026-12-10T02:00:00Z");
            for (int i = 1; i <= 3; i++) {
                h.submitRecords(ST, "clerk", EvidenceContract::recordRecognition, h.next(ST, "recog-st-000" + i,
                        t.plusSeconds(i), recognition(RecognitionDecision.RECOGNISED, PENSION, null))).ok();
            }
            List<String> ids = new ArrayList<>();
            String bookmark = "";
            int pages = 0;
            do {
                final String b = bookmark;
                JsonNode page = tree(h.query((c, ctx) -> c.recognitions(ctx, CERT, "2", b)));
                page.get("items").forEach(n -> ids.add(n.get("recognitionId").asText()));
                bookmark = page.get("bookmark").asText();
                pages++;
            } while (!bookmark.isEmpty());
            assertThat(ids).containsExactly("recog-st-0001", "recog-st-0002", "recog-st-0003");
            assertThat(pages).isEqualTo(2);
            h.evaluate(t, (c, ctx) -> c.recognitions(ctx, CERT, "0", "")).refused(ErrorCode.MALFORMED_INPUT);
            h.evaluate(t, (c, ctx) -> c.recognitions(ctx, CERT, "two", "")).refused(ErrorCode.MALFORMED_INPUT);
            h.evaluate(t, (c, ctx) -> c.recognitions(ctx, CERT, "2", "!!")).refused(ErrorCode.MALFORMED_INPUT);
        }

        @Test
        void refusals() {
            Instant t = Instant.parse("2026-12-10T02:00:00Z");
            SignedRecord ok = h.next(ST, "recog-st-0001", t, recognition(RecognitionDecision.RECOGNISED, PENSION, null));
            h.submitRecords(ST, "issuer", EvidenceContract::recordRecognition, ok).refused(ErrorCode.WRONG_ROLE);
            h.submitRecords(CZ, "clerk", EvidenceContract::recordRecognition, ok).refused(ErrorCode.WRONG_ORG);
            h.submitRecords(ZZ, "clerk", EvidenceContract::recordRecognition, h.next(ZZ, "recog-zz-0001", t,
                    recognition(RecognitionDecision.RECOGNISED, PENSION, null))).refused(ErrorCode.WRONG_ORG);
            h.submitRecords(ST, "clerk", EvidenceContract::recordRecognition, h.next(ST, "recog-st-0001", t,
                    recognition(RecognitionDecision.RECOGNISED, HOUSING, null))).refused(ErrorCode.MALFORMED_INPUT);
            h.submitRecords(ZZ, "issuer", EvidenceContract::recordCertificate, h.next(ZZ, CERT + "/revoke", t,
                    changeCertificate(CertificateAction.REVOKE, "DATA_CORRECTED"))).ok();
            h.submitRecords(ST, "clerk", EvidenceContract::recordRecognition, ok).refused(ErrorCode.WRONG_STATE);
        }
    }

    @Nested
    class Checkpoints {
        @Test
        void checkpointOverEarlierBatches() {
            Outcome a = attest("att-1", RECEIVED, AttestationDecision.ACCEPTED);
            Outcome b = attest("att-2", RECEIVED.plusSeconds(1), AttestationDecision.ACCEPTED);
            List<String> batchIds = List.of(tree(a.ok()).get("batchId").asText(), tree(b.ok()).get("batchId").asText());
            List<byte[]> roots = batchIds.stream()
                    .map(id -> Hex.decode(tree(h.query((c, ctx) -> c.getBatch(ctx, id))).get("root").asText())).toList();
            String root = Hex.encode(MerkleTree.of(HashAlgorithm.SHA256, roots).root());
            Instant t = RECEIVED.plusSeconds(60);
            CheckpointBody body = new CheckpointBody("sha256", batchIds, 2, root);
            h.submitRecords(ZZ, "clerk", EvidenceContract::recordCheckpoint, h.next(ZZ, "cp-zz-1", t, body))
                    .refused(ErrorCode.WRONG_ROLE);
            h.submitRecords(AUDIT, "service", EvidenceContract::recordCheckpoint, h.next(AUDIT, "cp-audit-1", t,
                    new CheckpointBody("sha256", batchIds, 2, root))).refused(ErrorCode.READ_ONLY);
            h.submitRecords(ZZ, "service", EvidenceContract::recordCheckpoint, h.next(ZZ, "cp-zz-1", t,
                    new CheckpointBody("sha256", batchIds, 2, "00".repeat(32)))).refused(ErrorCode.BAD_HASH);
            h.submitRecords(CZ, "service", EvidenceContract::recordCheckpoint, h.next(ZZ, "cp-zz-1", t, body))
                    .refused(ErrorCode.WRONG_ORG);
            h.submit(ZZ, "service", t, (c, ctx) -> c.recordCheckpoint(ctx, "{}")).refused(ErrorCode.MALFORMED_INPUT);
            h.submitRecords(ZZ, "service", EvidenceContract::recordCheckpoint, h.next(ZZ, "cp-zz-1", t, body)).ok();
        }

        /** The signed alliance log checkpoint of these batch roots, co-signed by the other members given. */
        LogCheckpointBody logCheckpoint(List<byte[]> batchRoots, Instant t, List<String> witnesses, List<String> proof) {
            AllianceLog log = new AllianceLog("DEMO-ALLIANCE", HashAlgorithm.SHA256);
            batchRoots.forEach(log::append);
            Checkpoint c = log.checkpoint(ZZ, t);
            byte[] bytes = c.canonicalBytes();
            return new LogCheckpointBody(c.allianceId(), c.treeSize(), c.root(), c.hashAlg(),
                    CheckpointSignature.sign(bytes, ZZ, h.key(ZZ)),
                    witnesses.stream().map(w -> CheckpointSignature.sign(bytes, w, h.key(w))).toList(), proof);
        }

        @Test
        void logCheckpointsAreCoSignedAndNeverShrink() {
            List<byte[]> roots = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String batchId = tree(attest("att-" + i, RECEIVED.plusSeconds(i), AttestationDecision.ACCEPTED).ok())
                        .get("batchId").asText();
                roots.add(Hex.decode(tree(h.query((c, ctx) -> c.getBatch(ctx, batchId))).get("root").asText()));
            }
            Instant t = RECEIVED.plusSeconds(60);
            h.submitRecords(ZZ, "service", EvidenceContract::recordLogCheckpoint,
                    h.next(ZZ, "alog-1", t, logCheckpoint(roots.subList(0, 2), t, List.of(CZ, ST), List.of()))).ok();
            // Co-signed with a key Chaozhou never registered.
            LogCheckpointBody good = logCheckpoint(roots, t.plusSeconds(1), List.of(CZ, ST),
                    MerkleTree.of(HashAlgorithm.SHA256, roots).consistencyProof(2, 3).hashes().stream().map(Hex::encode)
                            .toList());
            Checkpoint c = new Checkpoint(Checkpoint.FORMAT, good.allianceId(), ZZ, good.treeSize(), good.root(), good.alg(),
                    t.plusSeconds(1).toString());
            LogCheckpointBody foreign = new LogCheckpointBody(good.allianceId(), good.treeSize(), good.root(), good.alg(),
                    good.signature(), List.of(CheckpointSignature.sign(c.canonicalBytes(), CZ,
                            Signer.of(Keys.generate(SignatureAlgorithm.ECDSA_P256)))), good.proof());
            h.submitRecords(ZZ, "service", EvidenceContract::recordLogCheckpoint, h.next(ZZ, "alog-2", t.plusSeconds(1),
                    foreign)).refused(ErrorCode.BAD_SIGNATURE);
            // Cutting history back to one batch root.
            h.submitRecords(ZZ, "service", EvidenceContract::recordLogCheckpoint, h.next(ZZ, "alog-2", t.plusSeconds(1),
                    logCheckpoint(roots.subList(0, 1), t.plusSeconds(1), List.of(), List.of()))).refused(ErrorCode.WRONG_STATE);
            h.submitRecords(ZZ, "service", EvidenceContract::recordLogCheckpoint,
                    h.next(ZZ, "alog-2", t.plusSeconds(1), good)).ok();
        }
    }

    @Nested
    class Batches {
        @Test
        void aBatchIsAllOrNothing() {
            receive().ok();
            SignedRecord forward = h.next(ZZ, CASE + "/forward", FORWARDED, step(CaseAction.FORWARD, CaseState.RECEIVED, Role.CLERK));
            // The second record would need the home org: the whole batch is refused, nothing written.
            SignedRecord approve = h.signer(ZZ).create(CASE + "/approve", FORWARDED, RecordCodec.taggedHash(forward.record()),
                    step(CaseAction.APPROVE, CaseState.FORWARDED, Role.CLERK));
            h.submitRecords(ZZ, "clerk", EvidenceContract::submitBatch, forward, approve).refused(ErrorCode.WRONG_ORG);
            h.evaluate(FORWARDED, (c, ctx) -> c.getRecord(ctx, CASE + "/forward")).refused(ErrorCode.UNKNOWN_RECORD);
            h.submit(ZZ, "clerk", FORWARDED, (c, ctx) -> c.submitBatch(ctx, "[")).refused(ErrorCode.MALFORMED_INPUT);
            h.submitRecords(ZZ, "auditor", EvidenceContract::submitBatch, forward).refused(ErrorCode.READ_ONLY);
        }

        @Test
        void typedTransactionsTakeOnlyTheirType() {
            receiveForwardApprove();
            SignedRecord issueStep = h.next(ZZ, CASE + "/issue", ISSUED, step(CaseAction.ISSUE, CaseState.APPROVED, Role.ISSUER));
            SignedRecord cert = h.next(ZZ, CERT + "/issue", ISSUED, issueCertificate());
            h.submitRecords(ZZ, "issuer", EvidenceContract::recordCaseStep, issueStep, cert).refused(ErrorCode.MALFORMED_INPUT);
        }

        @Test
        void recordsBatchesAndProofsAreQueryable() {
            receiveForwardApprove();
            Outcome both = issueWithCertificate();
            String batchId = tree(both.ok()).get("batchId").asText();
            JsonNode stored = tree(h.query((c, ctx) -> c.getRecord(ctx, CERT + "/issue")));
            assertThat(stored.get("batchId").asText()).isEqualTo(batchId);
            assertThat(stored.get("leafIndex").asInt()).isEqualTo(1);
            JsonNode batch = tree(h.query((c, ctx) -> c.getBatch(ctx, batchId)));
            String proofJson = h.query((c, ctx) -> c.getInclusionProof(ctx, CERT + "/issue"));
            assertCanonical(proofJson);
            assertThat(tree(proofJson).get("hashes")).isNotEmpty()
                    .allSatisfy(hash -> assertThat(hash.asText()).matches("[0-9a-f]{64}"));
            InclusionProof proof = InclusionProof.fromJson(proofJson, HashAlgorithm.SHA256);
            MerkleVerifier.verifyInclusion(HashAlgorithm.SHA256, Hex.decode(stored.get("hash").asText()), proof,
                    Hex.decode(batch.get("root").asText()));
            h.evaluate(ISSUED, (c, ctx) -> c.getRecord(ctx, "nope")).refused(ErrorCode.UNKNOWN_RECORD);
            h.evaluate(ISSUED, (c, ctx) -> c.getBatch(ctx, "nope")).refused(ErrorCode.UNKNOWN_RECORD);
            h.evaluate(ISSUED, (c, ctx) -> c.getInclusionProof(ctx, "nope")).refused(ErrorCode.UNKNOWN_RECORD);
        }

        @Test
        void rangeQueriesPageWithRoundTrippingBookmarks() {
            receiveForwardApprove();
            List<String> byOrg = pageAll((ctx, b) -> h.contract.recordsByOrg(ctx, ZZ, "", "", "2", b));
            assertThat(byOrg).containsSubsequence("att-zz-0001", CASE, CASE + "/forward").doesNotContain(CASE + "/approve");
            List<String> byItem = pageAll((ctx, b) -> h.contract.recordsByItem(ctx, PENSION, "", "", "1", b));
            assertThat(byItem).containsExactly(CASE, CASE + "/forward", CASE + "/approve");
            List<String> window = pageAll((ctx, b) -> h.contract.recordsByTime(ctx, RECEIVED.toString(),
                    APPROVED.toString(), "1", b));
            assertThat(window).containsExactly(CASE, CASE + "/forward");
            h.evaluate(ISSUED, (c, ctx) -> c.recordsByTime(ctx, "soon", "", "5", "")).refused(ErrorCode.MALFORMED_INPUT);
            h.evaluate(ISSUED, (c, ctx) -> c.recordsByTime(ctx, APPROVED.toString(), RECEIVED.toString(), "5", ""))
                    .refused(ErrorCode.MALFORMED_INPUT);
            h.evaluate(ISSUED, (c, ctx) -> c.recordsByOrg(ctx, ZZ, "", "", "1001", "")).refused(ErrorCode.MALFORMED_INPUT);
        }

        private List<String> pageAll(BiFunction<Context, String, String> q) {
            List<String> ids = new ArrayList<>();
            String bookmark = "";
            do {
                final String b = bookmark;
                String json = h.query((c, ctx) -> q.apply(ctx, b));
                assertCanonical(json);
                JsonNode page = tree(json);
                page.get("items").forEach(n -> ids.add(n.get("id").asText()));
                bookmark = page.get("bookmark").asText();
            } while (!bookmark.isEmpty());
            return ids;
        }
    }

    @Nested
    class Identity {
        @Test
        void aClientWithoutRoleMayNotWrite() {
            SignedRecord r = h.next(ZZ, "att-1", RECEIVED, attestation(AttestationDecision.ACCEPTED));
            h.run(TestIdentities.withoutRole(ZZ, "CN=user9,OU=client"), RECEIVED, true,
                    (c, ctx) -> c.recordAttestation(ctx, ContractHarness.json(r))).refused(ErrorCode.WRONG_ROLE);
        }

        @Test
        void anAdminNodeOuWithoutAttributeMayAdminister() {
            SignedRecord proposal = thirdProposal();
            h.run(TestIdentities.withoutRole(ZZ, "CN=Admin@zhangzhou,OU=admin"), AGREED, true,
                    (c, ctx) -> c.recordAgreement(ctx, ContractHarness.json(proposal))).ok();
        }

        @Test
        void queriesNeedNoRoleAndNeverWrite() {
            receive().ok();
            Outcome q = h.run(TestIdentities.withoutRole(ST, "CN=viewer,OU=client"), RECEIVED, false,
                    (c, ctx) -> c.getRecord(ctx, CASE));
            assertThat(tree(q.ok()).get("signedRecord").get("record").get("id").asText()).isEqualTo(CASE);
            verify(q.tx().stub, never()).putState(anyString(), any());
            verify(q.tx().stub, never()).setEvent(anyString(), any());
        }
    }

    @Nested
    class Simulation {
        /** The JSON of pending batches, as a client sends it. */
        String pending(Caller caller, SignedRecord... records) {
            return new String(RecordCodec.toCanonicalJson(List.of(new PendingBatch(caller, List.of(records)))),
                    StandardCharsets.UTF_8);
        }

        Outcome simulate(String org, String role, Instant time, String pending, SignedRecord... candidate) {
            return h.run(TestIdentities.withRole(org, role), time, false,
                    (c, ctx) -> c.simulate(ctx, pending, ContractHarness.json(candidate)));
        }

        @Test
        void aCandidateIsJudgedAfterThePendingBatchesAndNothingIsWritten() {
            SignedRecord receive = h.next(ZZ, CASE, RECEIVED, caseBody(CASE, AGREEMENT, PENSION, null));
            SignedRecord forward = h.signer(ZZ).createAfter(CASE + "/forward", FORWARDED, receive,
                    step(CaseAction.FORWARD, CaseState.RECEIVED, Role.CLERK));
            Caller clerk = new Caller(ZZ, Role.CLERK, "clerk@zz");

            // Alone, the forward names a case the ledger does not have.
            simulate(ZZ, "clerk", FORWARDED, "[]", forward).refused(ErrorCode.UNKNOWN_CASE);
            // After the pending receive it passes, and the receipt is the one a submission would get.
            Outcome ok = simulate(ZZ, "clerk", FORWARDED, pending(clerk, receive), forward);
            JsonNode receipt = tree(ok.ok());
            assertThat(receipt.get("records").get(0).get("id").asText()).isEqualTo(CASE + "/forward");
            assertThat(receipt.get("records").get(0).get("duplicate").asBoolean()).isFalse();
            verify(ok.tx().stub, never()).putState(anyString(), any());
            verify(ok.tx().stub, never()).setStateValidationParameter(anyString(), any());
            verify(ok.tx().stub, never()).setEvent(anyString(), any());
            h.evaluate(FORWARDED, (c, ctx) -> c.getRecord(ctx, CASE)).refused(ErrorCode.UNKNOWN_RECORD);

            // A pending batch already on the ledger is an identical resubmission: a no-op.
            h.submitRecords(ZZ, "clerk", EvidenceContract::receiveCase, receive).ok();
            simulate(ZZ, "clerk", FORWARDED, pending(clerk, receive), forward).ok();
            // The rules still judge the candidate: a clerk of the home org may not forward.
            SignedRecord wrongOrg = h.signer(CZ).createAfter(CASE + "/forward", FORWARDED, receive,
                    step(CaseAction.FORWARD, CaseState.RECEIVED, Role.CLERK));
            simulate(CZ, "clerk", FORWARDED, "[]", wrongOrg).refused(ErrorCode.WRONG_ORG);
        }

        @Test
        void refusals() {
            SignedRecord receive = h.next(ZZ, CASE, RECEIVED, caseBody(CASE, AGREEMENT, PENSION, null));
            // Another org's backlog is not this client's to vouch for.
            simulate(CZ, "clerk", RECEIVED, pending(new Caller(ZZ, Role.CLERK, "clerk@zz"), receive),
                    h.next(CZ, "att-cz", RECEIVED, attestation(AttestationDecision.ACCEPTED)))
                    .refused(ErrorCode.WRONG_ORG);
            simulate(ZZ, "auditor", RECEIVED, "[]", receive).refused(ErrorCode.READ_ONLY);
            simulate(ZZ, "clerk", RECEIVED, "{", receive).refused(ErrorCode.MALFORMED_INPUT);
            simulate(ZZ, "clerk", RECEIVED, "[{\"caller\":{\"mspId\":\"ZhangzhouMSP\",\"role\":\"clerk\"},\"records\":[]}]",
                    receive).refused(ErrorCode.MALFORMED_INPUT);
        }
    }

    @Nested
    class SubjectHeads {
        @Test
        void theHeadIsTheLatestRecordsHashOrEmpty() {
            assertThat(h.query((c, ctx) -> c.getSubjectHead(ctx, "case/" + CASE))).isEmpty();
            receive().ok();
            SignedRecord received = RecordCodec.fromJson(
                    h.query((c, ctx) -> c.getRecord(ctx, CASE)).getBytes(StandardCharsets.UTF_8),
                    org.alliance.ledger.core.rules.StoredRecord.class).signedRecord();
            assertThat(h.query((c, ctx) -> c.getSubjectHead(ctx, "case/" + CASE)))
                    .isEqualTo(RecordCodec.taggedHash(received.record()));
        }
    }
}
