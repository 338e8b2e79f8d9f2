package org.alliance.ledger.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseStepBody;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.Role;
import org.junit.jupiter.api.Test;

class PackageVerifierTest {
    private static final KeyPair ZZ = Keys.generate(SignatureAlgorithm.SM2);
    private static final KeyPair CZ = Keys.generate(SignatureAlgorithm.SM2);
    private static final KeyPair XM = Keys.generate(SignatureAlgorithm.ECDSA_P256);
    private static final KeyPair NODE = Keys.generate(SignatureAlgorithm.ECDSA_P256);
    private static final TrustStore TRUST = TrustStore.fromPems(Map.of(
            "ZhangzhouMSP.pem", Keys.toPem(ZZ.getPublic()), "ChaozhouMSP.pem", Keys.toPem(CZ.getPublic()),
            "XiamenMSP.pem", Keys.toPem(XM.getPublic()), "AuditMSP.node.pem", Keys.toPem(NODE.getPublic())));
    private static final PackageVerifier VERIFIER = new PackageVerifier(new BundleVerifier(TRUST));
    private static final String CASE = "case-1";
    private static final String CERT = "SIT01-350600-2026-000001";
    private static final String SUBJECT_REF = "5a".repeat(32);
    private static final Instant T0 = Instant.parse("2026-11-02T01:00:00Z");

    /** The world: a case received, forwarded, approved and issued; its certificate issued and revoked; one recognition. */
    private static final List<SignedRecord> RECORDS = records();
    private static final List<EvidenceBundle> BUNDLES = TestBundles.inOneBlock(RECORDS, NODE, "tx-9");

    private static List<SignedRecord> records() {
        RecordFactory zz = new RecordFactory("ZhangzhouMSP", HashAlgorithm.SM3, ZZ);
        RecordFactory cz = new RecordFactory("ChaozhouMSP", HashAlgorithm.SM3, CZ);
        RecordFactory xm = new RecordFactory("XiamenMSP", HashAlgorithm.SM3, XM);
        DocumentHash file = new DocumentHash("certificate", "sm3", "ab".repeat(32));
        return List.of(
                zz.create("rec-case", T0, null, new CaseBody(CASE, "agr-1", "SIT01", "ZhangzhouMSP", "ChaozhouMSP",
                        SUBJECT_REF, null, List.of(), true)),
                zz.create("rec-fwd", T0.plusSeconds(60), null, step(CaseAction.FORWARD, Role.CLERK)),
                cz.create("rec-apr", T0.plusSeconds(3600), null, step(CaseAction.APPROVE, Role.APPROVER)),
                zz.create("rec-iss", T0.plusSeconds(7200), null, step(CaseAction.ISSUE, Role.ISSUER)),
                zz.create("rec-cert", T0.plusSeconds(7300), null, new CertificateBody(CertificateAction.ISSUE, CERT, "SIT01",
                        CASE, SUBJECT_REF, file, "2026-11-02", null, null)),
                zz.create("rec-revoke", T0.plusSeconds(9000), null, new CertificateBody(CertificateAction.REVOKE, CERT, null,
                        null, null, null, null, null, "ISSUED_IN_ERROR")),
                xm.create("rec-recog", T0.plusSeconds(8000), null, new RecognitionBody(TargetType.CERTIFICATE, CERT, "agr-1",
                        "SIT01", RecognitionDecision.RECOGNISED, null)));
    }

    private static CaseStepBody step(CaseAction action, Role role) {
        return new CaseStepBody(CASE, action, action.leaves(CaseState.RECEIVED) ? CaseState.RECEIVED
                : action.leaves(CaseState.FORWARDED) ? CaseState.FORWARDED : CaseState.APPROVED, action.to(), role, List.of());
    }

    private static EvidenceBundle bundle(String recordId) {
        return BUNDLES.get(RECORDS.stream().map(r -> r.record().id()).toList().indexOf(recordId));
    }

    /** The timeline as {@code GET /api/audit/cases/{id}/timeline} serves it, every step on one page. */
    private static ObjectNode timelineView() {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("caseId", CASE).put("itemCode", "SIT01").put("acceptingOrg", "ZhangzhouMSP").put("homeOrg", "ChaozhouMSP")
                .put("state", "ISSUED").put("assisted", true).put("receivedAt", T0.toString()).put("timeLimitDays", 5)
                .put("deadline", "2026-11-09T15:59:59.999999999Z").put("completedAt", T0.plusSeconds(7200).toString())
                .put("overdue", false).put("asOf", "2026-11-03T00:00:00Z");
        ArrayNode steps = v.putArray("steps");
        addStep(steps, 0, "RECEIVE", null, "RECEIVED", "ZhangzhouMSP", "CLERK", T0, 0, "rec-case");
        addStep(steps, 1, "FORWARD", "RECEIVED", "FORWARDED", "ZhangzhouMSP", "CLERK", T0.plusSeconds(60), 60, "rec-fwd");
        addStep(steps, 2, "APPROVE", "FORWARDED", "APPROVED", "ChaozhouMSP", "APPROVER", T0.plusSeconds(3600), 3540, "rec-apr");
        addStep(steps, 3, "ISSUE", "APPROVED", "ISSUED", "ZhangzhouMSP", "ISSUER", T0.plusSeconds(7200), 3600, "rec-iss");
        v.put("bookmark", "");
        return v;
    }

    private static void addStep(ArrayNode steps, int seq, String action, String from, String to, String org, String role,
            Instant time, long duration, String recordId) {
        ObjectNode s = steps.addObject();
        s.put("seq", seq).put("action", action).put("from", from).put("to", to).put("actorOrg", org)
                .put("actorRole", role).put("time", time.toString()).put("durationSeconds", duration).put("recordId", recordId);
        s.putObject("ledger").put("txId", "tx-9").put("batchId", "tx-9");
    }

    private static ObjectNode historyView() {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("certificateId", CERT).put("status", "REVOKED").put("issuerOrg", "ZhangzhouMSP").put("caseId", CASE)
                .put("itemCode", "SIT01");
        ArrayNode h = v.putArray("history");
        h.addObject().put("seq", 0).put("recordId", "rec-cert").put("action", "ISSUE").put("status", "VALID")
                .putNull("reason").put("time", T0.plusSeconds(7300).toString());
        h.addObject().put("seq", 1).put("recordId", "rec-revoke").put("action", "REVOKE").put("status", "REVOKED")
                .put("reason", "ISSUED_IN_ERROR").put("time", T0.plusSeconds(9000).toString());
        v.put("bookmark", "");
        return v;
    }

    private static ObjectNode recognitionsView() {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("targetId", CERT);
        v.putArray("recognitions").addObject().put("recognitionId", "rec-recog").put("targetType", "CERTIFICATE")
                .put("targetId", CERT).put("recognisingOrg", "XiamenMSP").put("issuingOrg", "ZhangzhouMSP")
                .put("agreementId", "agr-1").put("itemCode", "SIT01").put("decision", "RECOGNISED").putNull("reason")
                .put("time", T0.plusSeconds(8000).toString());
        v.put("bookmark", "");
        return v;
    }

    private static EvidencePackage timeline() {
        return new EvidencePackage(1, EvidencePackage.Kind.CASE_TIMELINE, CASE, timelineView(),
                List.of(bundle("rec-case"), bundle("rec-fwd"), bundle("rec-apr"), bundle("rec-iss")));
    }

    private static EvidencePackage history() {
        return new EvidencePackage(1, EvidencePackage.Kind.CERTIFICATE_HISTORY, CERT, historyView(),
                List.of(bundle("rec-cert"), bundle("rec-revoke")));
    }

    private static EvidencePackage recognitions() {
        return new EvidencePackage(1, EvidencePackage.Kind.RECOGNITIONS, CERT, recognitionsView(),
                List.of(bundle("rec-recog")));
    }

    /** Edits a package's JSON and reads it back, as a tampered file would be read. */
    private static EvidencePackage edited(EvidencePackage p, Consumer<ObjectNode> edit) {
        ObjectNode json = (ObjectNode) p.toJson();
        edit.accept(json);
        return EvidencePackage.parse(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<Verdict.Check> failed(PackageVerdict v) {
        List<Verdict.Check> out = new ArrayList<>(v.viewChecks());
        v.bundles().forEach(b -> out.addAll(b.verdict().checks()));
        return out.stream().filter(c -> c.outcome() != Verdict.Outcome.PASS).toList();
    }

    @Test
    void knownGoodPackagesOfEveryKindAreValid() {
        for (EvidencePackage p : List.of(timeline(), history(), recognitions())) {
            PackageVerdict v = VERIFIER.verify(p);
            assertThat(failed(v)).as(p.kind().name()).isEmpty();
            assertThat(v.status()).isEqualTo(Verdict.Status.VALID);
            assertThat(v.valid()).isTrue();
            assertThat(v.bundles()).allMatch(b -> b.verdict().valid());
            assertThat(v.notVerifiedOffline()).contains(PackageVerifier.COMPLETENESS_NOTE);
        }
        PackageVerdict t = VERIFIER.verify(timeline());
        assertThat(t.bundles()).extracting(PackageVerdict.BundleResult::recordId)
                .containsExactly("rec-case", "rec-fwd", "rec-apr", "rec-iss");
        assertThat(t.viewChecks()).extracting(Verdict.Check::name).containsExactly(PackageVerifier.VIEW_SUBJECT,
                PackageVerifier.VIEW_COMPLETE, PackageVerifier.CITED_BUNDLE, PackageVerifier.VIEW_FACTS,
                PackageVerifier.CITED_BUNDLE, PackageVerifier.VIEW_FACTS, PackageVerifier.CITED_BUNDLE,
                PackageVerifier.VIEW_FACTS, PackageVerifier.CITED_BUNDLE, PackageVerifier.VIEW_FACTS,
                PackageVerifier.UNCITED_BUNDLE, PackageVerifier.VIEW_SUMMARY);
        assertThat(t.notVerifiedOffline()).contains("deadline", "overdue", "steps[].durationSeconds");
    }

    @Test
    void canonicalJsonRoundTripKeepsThePackage() {
        for (EvidencePackage p : List.of(timeline(), history(), recognitions())) {
            EvidencePackage again = EvidencePackage.parse(p.toCanonicalJson());
            assertThat(again.toCanonicalJson()).isEqualTo(p.toCanonicalJson());
            assertThat(VERIFIER.verify(again).valid()).isTrue();
        }
    }

    @Test
    void derivedNumbersAreReportedAsUnverifiedAndDoNotAffectTheVerdict() {
        EvidencePackage p = edited(timeline(), j -> {
            ((ObjectNode) j.get("view").get("steps").get(2)).put("durationSeconds", 1);
            ((ObjectNode) j.get("view")).put("overdue", true);
        });
        PackageVerdict v = VERIFIER.verify(p);
        assertThat(v.valid()).isTrue();
        assertThat(v.notVerifiedOffline()).contains("steps[].durationSeconds", "overdue");
    }

    @Test
    void aFlippedBitInOneBundlesRecordIsInvalid() {
        EvidencePackage p = edited(timeline(), j -> {
            ObjectNode body = (ObjectNode) j.get("bundles").get(0).get("record").get("record").get("body");
            body.put("agreementId", "agr-0"); // '1' ^ 1: a single flipped bit in a member the view does not show
        });
        PackageVerdict v = VERIFIER.verify(p);
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.bundles().get(0).verdict().valid()).isFalse();
        assertThat(failed(v)).extracting(Verdict.Check::name)
                .contains(BundleVerifier.RECORD_SIGNATURE, BundleVerifier.RECORD_HASH);
        assertThat(v.bundles().subList(1, 4)).allMatch(b -> b.verdict().valid());
    }

    @Test
    void aChangedViewFactIsInvalidForEachKind() {
        Map<EvidencePackage, Consumer<ObjectNode>> rows = Map.of(
                timeline(), j -> ((ObjectNode) j.get("view").get("steps").get(2)).put("actorOrg", "ZhangzhouMSP"),
                history(), j -> ((ObjectNode) j.get("view").get("history").get(1)).put("status", "SUSPENDED"),
                recognitions(), j -> ((ObjectNode) j.get("view").get("recognitions").get(0)).put("decision", "REFUSED"));
        rows.forEach((p, edit) -> {
            PackageVerdict v = VERIFIER.verify(edited(p, edit));
            assertThat(v.status()).as(p.kind().name()).isEqualTo(Verdict.Status.INVALID);
            assertThat(failed(v)).as(p.kind().name()).extracting(Verdict.Check::name).contains(PackageVerifier.VIEW_FACTS);
            assertThat(v.bundles()).allMatch(b -> b.verdict().valid());
        });
        PackageVerdict time = VERIFIER.verify(edited(timeline(),
                j -> ((ObjectNode) j.get("view").get("steps").get(1)).put("time", T0.plusSeconds(61).toString())));
        assertThat(failed(time)).singleElement().satisfies(c -> assertThat(c.reason()).contains("time", "rec-fwd"));
    }

    @Test
    void aTimelineStepsTransactionIdIsCheckedAgainstAFabricBundlesBatch() {
        // On Fabric the batch id is the id of the transaction that wrote it, which the Fabric anchor
        // verifier proves is in the block; here only the view check is under test.
        EvidencePackage fabric = edited(timeline(), j -> j.get("bundles").forEach(b -> ((ObjectNode) b).putObject("anchor")
                .put("ledger", "fabric").put("txId", "tx-9")));
        PackageVerdict v = VERIFIER.verify(fabric);
        assertThat(v.viewChecks()).allMatch(c -> c.outcome() == Verdict.Outcome.PASS);
        PackageVerdict other = VERIFIER.verify(edited(fabric,
                j -> ((ObjectNode) j.get("view").get("steps").get(1).get("ledger")).put("txId", "tx-8")));
        assertThat(other.viewChecks()).filteredOn(c -> c.outcome() == Verdict.Outcome.FAIL).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("ledger.txId", "rec-fwd"));
    }

    @Test
    void aChangedSummaryFactIsInvalid() {
        for (Consumer<ObjectNode> edit : List.<Consumer<ObjectNode>>of(
                j -> ((ObjectNode) j.get("view")).put("homeOrg", "XiamenMSP"),
                j -> ((ObjectNode) j.get("view")).put("assisted", false),
                j -> ((ObjectNode) j.get("view")).put("state", "CLOSED"))) {
            PackageVerdict v = VERIFIER.verify(edited(timeline(), edit));
            assertThat(failed(v)).extracting(Verdict.Check::name).containsExactly(PackageVerifier.VIEW_SUMMARY);
        }
        PackageVerdict v = VERIFIER.verify(edited(history(), j -> ((ObjectNode) j.get("view")).put("issuerOrg", "XiamenMSP")));
        assertThat(failed(v)).extracting(Verdict.Check::name).containsExactly(PackageVerifier.VIEW_SUMMARY);
    }

    @Test
    void aCitedRecordWithoutItsBundleIsInvalid() {
        PackageVerdict v = VERIFIER.verify(edited(timeline(), j -> ((ArrayNode) j.get("bundles")).remove(2)));
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(failed(v)).extracting(Verdict.Check::name, Verdict.Check::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(PackageVerifier.CITED_BUNDLE, Verdict.Outcome.FAIL),
                org.assertj.core.groups.Tuple.tuple(PackageVerifier.VIEW_FACTS, Verdict.Outcome.NOT_CHECKED));
        assertThat(failed(v).get(0).reason()).contains("rec-apr");
    }

    @Test
    void anExtraOrDuplicatedBundleIsInvalid() {
        PackageVerdict extra = VERIFIER.verify(edited(timeline(), j -> ((ArrayNode) j.get("bundles")).add(bundle("rec-cert").toJson())));
        assertThat(extra.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(failed(extra)).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo(PackageVerifier.UNCITED_BUNDLE);
            assertThat(c.reason()).contains("rec-cert");
        });
        PackageVerdict twice = VERIFIER.verify(edited(history(), j -> ((ArrayNode) j.get("bundles")).add(bundle("rec-cert").toJson())));
        assertThat(failed(twice)).extracting(Verdict.Check::name).contains(PackageVerifier.CITED_BUNDLE);
    }

    @Test
    void aViewWithAStepLeftOutOrAnotherPageOrSubjectIsInvalid() {
        PackageVerdict dropped = VERIFIER.verify(edited(timeline(), j -> {
            ((ArrayNode) j.get("view").get("steps")).remove(1);
            ((ArrayNode) j.get("bundles")).remove(1);
        }));
        assertThat(failed(dropped)).extracting(Verdict.Check::name).containsExactly(PackageVerifier.VIEW_COMPLETE);
        PackageVerdict paged = VERIFIER.verify(edited(history(), j -> ((ObjectNode) j.get("view")).put("bookmark", "bzoy")));
        assertThat(failed(paged)).extracting(Verdict.Check::name).containsExactly(PackageVerifier.VIEW_COMPLETE);
        PackageVerdict other = VERIFIER.verify(edited(recognitions(), j -> j.put("subject", "SIT01-350600-2026-000002")));
        assertThat(failed(other)).extracting(Verdict.Check::name)
                .containsExactly(PackageVerifier.VIEW_SUBJECT, PackageVerifier.VIEW_FACTS);
    }

    @Test
    void aRecordOfTheWrongKindIsInvalid() {
        // The certificate's issue cited as a case step, under the step's id in the view.
        PackageVerdict v = VERIFIER.verify(edited(timeline(), j -> {
            ((ObjectNode) j.get("view").get("steps").get(3)).put("recordId", "rec-cert");
            ((ArrayNode) j.get("bundles")).set(3, bundle("rec-cert").toJson());
        }));
        assertThat(failed(v)).extracting(Verdict.Check::name).containsExactly(PackageVerifier.VIEW_FACTS);
        assertThat(failed(v).get(0).reason()).contains("the record is a CERTIFICATE, not of a kind this view cites");
    }

    @Test
    void unknownFieldsWrongKindsAndVersionsAreRefusedAsInput() {
        assertRefused(timeline(), j -> j.put("extra", 1), JsonInputException.Kind.UNKNOWN_FIELD);
        assertRefused(timeline(), j -> ((ObjectNode) j.get("view")).put("note", "x"), JsonInputException.Kind.UNKNOWN_FIELD);
        assertRefused(timeline(), j -> ((ObjectNode) j.get("view").get("steps").get(0)).put("note", "x"),
                JsonInputException.Kind.UNKNOWN_FIELD);
        assertRefused(timeline(), j -> ((ObjectNode) j.get("bundles").get(0)).put("note", "x"),
                JsonInputException.Kind.UNKNOWN_FIELD);
        assertRefused(timeline(), j -> j.put("kind", "CASE_LIST"), JsonInputException.Kind.MALFORMED);
        assertRefused(timeline(), j -> j.put("kind", "CERTIFICATE_HISTORY"), JsonInputException.Kind.MALFORMED);
        assertRefused(history(), j -> j.put("kind", "RECOGNITIONS"), JsonInputException.Kind.MALFORMED);
        assertRefused(timeline(), j -> j.put("packageVersion", 2), JsonInputException.Kind.MALFORMED);
        assertRefused(timeline(), j -> j.remove("view"), JsonInputException.Kind.MALFORMED);
        assertRefused(timeline(), j -> ((ObjectNode) j.get("view").get("steps").get(0)).put("recordId", 7),
                JsonInputException.Kind.MALFORMED);
        assertThatThrownBy(() -> EvidencePackage.parse("{\"packageVersion\":1,\"packageVersion\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonInputException.class);
    }

    @Test
    void tooManyBundlesAreRefused() {
        List<EvidenceBundle> many = Collections.nCopies(EvidencePackage.MAX_BUNDLES + 1, bundle("rec-recog"));
        assertThatThrownBy(() -> new EvidencePackage(1, EvidencePackage.Kind.RECOGNITIONS, CERT, recognitionsView(), many))
                .isInstanceOfSatisfying(JsonInputException.class,
                        e -> assertThat(e.kind()).isEqualTo(JsonInputException.Kind.TOO_LARGE));
    }

    @Test
    void aVerdictsStatusMustFollowFromItsChecks() {
        PackageVerdict v = VERIFIER.verify(recognitions());
        assertThatThrownBy(() -> new PackageVerdict(Verdict.Status.INVALID, v.bundles(), v.viewChecks(), v.notVerifiedOffline()))
                .isInstanceOf(IllegalArgumentException.class);
        PackageVerdict failing = PackageVerdict.of(v.bundles(),
                List.of(Verdict.Check.fail(PackageVerifier.VIEW_FACTS, "changed")), v.notVerifiedOffline());
        assertThat(failing.status()).isEqualTo(Verdict.Status.INVALID);
    }

    @Test
    void thePackageIsImmutable() {
        EvidencePackage p = recognitions();
        JsonNode view = p.view();
        ((ObjectNode) view).put("targetId", "other");
        assertThat(p.view().get("targetId").textValue()).isEqualTo(CERT);
        assertThatThrownBy(() -> p.bundles().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    private static void assertRefused(EvidencePackage p, Consumer<ObjectNode> edit, JsonInputException.Kind kind) {
        assertThatThrownBy(() -> edited(p, edit)).isInstanceOfSatisfying(JsonInputException.class,
                e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
