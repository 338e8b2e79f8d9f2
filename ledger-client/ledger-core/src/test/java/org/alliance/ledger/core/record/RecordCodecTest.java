package org.alliance.ledger.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.testkit.DemoAlliance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordCodecTest {
    private static final Instant T = Instant.parse("2026-11-23T01:30:00Z");
    private final DemoAlliance demo = new DemoAlliance(SignatureAlgorithm.SM2, HashAlgorithm.SM3);
    private final RecordFactory zz = demo.factory(DemoAlliance.ZHANGZHOU);

    private SignedRecord caseRecord() {
        return zz.create("case-2026-0001", T, null, new CaseBody("case-2026-0001", DemoAlliance.AGREEMENT_ID,
                DemoAlliance.ITEM, DemoAlliance.ZHANGZHOU, DemoAlliance.CHAOZHOU, DemoAlliance.subjectRef(), null,
                List.of(demo.doc("transfer-application")), true));
    }

    private static byte[] json(Object value) {
        return RecordCodec.toCanonicalJson(value);
    }

    private static ObjectNode tree(SignedRecord r) {
        return (ObjectNode) RecordCodec.toTree(r);
    }

    private static byte[] bytes(Object node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void refused(byte[] input, ErrorCode code) {
        assertThatThrownBy(() -> RecordCodec.parseBatch(input))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void everyBodyTypeRoundTripsThroughCanonicalJson() {
        List<SignedRecord> records = new ArrayList<>(demo.agreementRecords(demo.terms(), T));
        SignedRecord kase = caseRecord();
        records.add(kase);
        records.add(zz.createAfter("case-2026-0001/step-1", T, kase, new CaseStepBody("case-2026-0001",
                CaseAction.FORWARD, CaseState.RECEIVED, CaseState.FORWARDED, Role.CLERK, List.of())));
        records.add(zz.create("att-1", T, null, new IdentityAttestationBody(DemoAlliance.subjectRef(),
                AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK"), true, 0.97),
                0.82, new IdentityAttestationBody.FaceModel("arcface-r100", "1.2", demo.hashHex("m").substring(0, 64)),
                0.6, 0.0001, AttestationDecision.ACCEPTED, List.of(), "kiosk-zz-001")));
        records.add(zz.create("recog-1", T, null, new RecognitionBody(TargetType.CERTIFICATE,
                "SIT01-350600-2026-000001", DemoAlliance.AGREEMENT_ID, DemoAlliance.ITEM,
                RecognitionDecision.REFUSED, "RESULT_NOT_VALID", "sm3:" + "ab".repeat(32))));
        records.add(zz.create("cert-1/issue", T, null, new CertificateBody(CertificateAction.ISSUE,
                "SIT01-350600-2026-000001", "SIT01", "case-2026-0001", DemoAlliance.subjectRef(),
                demo.doc("certificate-file"), "2026-11-30", null, null)));
        records.add(zz.create("ckpt-1", T, null, new CheckpointBody("sm3", List.of("tx1", "tx2"), 2,
                demo.hashHex("root"))));

        ArrayNode array = RecordCodec.toTree(records).deepCopy();
        List<SignedRecord> parsed = RecordCodec.parseBatch(bytes(array));

        assertThat(parsed).isEqualTo(records);
        for (SignedRecord r : parsed) {
            assertThat(r.verifySignature()).isNotNull();
            assertThat(RecordCodec.hash(r.record())).hasSize(32);
            assertThat(PersonalDataScanner.scan(r)).isEmpty();
        }
        assertThat(RecordCodec.parse(json(kase))).isEqualTo(kase);
    }

    private SignedRecord attestation(IdentityAttestationBody.FaceModel model) {
        return zz.create("att-2", T, null, new IdentityAttestationBody(DemoAlliance.subjectRef(),
                AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK"), true, 0.97), 0.82, model,
                0.6, 0.0001, AttestationDecision.ACCEPTED, List.of(), "kiosk-zz-001"));
    }

    @Test
    void anAttestationNamesItsModelSetAndLicenceAndOlderRecordsWithoutThemStayValid() {
        String sha = demo.hashHex("m").substring(0, 64);
        SignedRecord licensed = attestation(new IdentityAttestationBody.FaceModel("dlib-resnet", "1-onnx", sha,
                "dlib-cc0", "CC0-1.0"));
        ObjectNode model = (ObjectNode) tree(licensed).get("record").get("body").get("model");
        assertThat(model.get("set").asText()).isEqualTo("dlib-cc0");
        assertThat(model.get("licence").asText()).isEqualTo("CC0-1.0");
        assertThat(RecordCodec.parse(json(licensed))).isEqualTo(licensed);
        assertThat(RecordCodec.parse(json(licensed)).verifySignature()).isNotNull();

        // A record signed before the fields existed has neither key, and parses and verifies as it was.
        SignedRecord older = attestation(new IdentityAttestationBody.FaceModel("dlib-resnet", "1-onnx", sha));
        ObjectNode olderModel = (ObjectNode) tree(older).get("record").get("body").get("model");
        assertThat(olderModel.has("set")).isFalse();
        assertThat(olderModel.has("licence")).isFalse();
        assertThat(RecordCodec.parse(json(older))).isEqualTo(older);
        assertThat(RecordCodec.parse(json(older)).verifySignature()).isNotNull();

        // The licence is signed: changing it breaks the record's canonical hash and signature.
        ObjectNode changed = tree(licensed);
        ((ObjectNode) changed.get("record").get("body").get("model")).put("licence", "MIT");
        assertThat(RecordCodec.hash(RecordCodec.parse(bytes(changed)).record()))
                .isNotEqualTo(RecordCodec.hash(licensed.record()));
        assertThatThrownBy(() -> RecordCodec.parse(bytes(changed)).verifySignature())
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));

        // An explicit null is not the absent field of an older record.
        ObjectNode nulled = tree(older);
        ((ObjectNode) nulled.get("record").get("body").get("model")).putNull("licence");
        refused(bytes(nulled), ErrorCode.MALFORMED_INPUT);
        assertThatThrownBy(() -> new IdentityAttestationBody.FaceModel("m", "1", sha, "dlib-cc0", " "))
                .hasMessageContaining("model.licence");
        assertThatThrownBy(() -> new IdentityAttestationBody.FaceModel("m", "1", sha, "dlib-cc0", "CC0\n1.0"))
                .hasMessageContaining("model.licence");
        assertThatThrownBy(() -> new IdentityAttestationBody.FaceModel("m", "1", sha, "dlib-cc0",
                "x".repeat(IdentityAttestationBody.FaceModel.MAX_LICENCE_CHARS + 1))).hasMessageContaining("model.licence");
        assertThatThrownBy(() -> new IdentityAttestationBody.FaceModel("m", "1", sha, "dlib cc0", "CC0-1.0"))
                .hasMessageContaining("model.set");
    }

    @Test
    void singleObjectIsABatchOfOne() {
        SignedRecord r = caseRecord();
        assertThat(RecordCodec.parseBatch(json(r))).containsExactly(r);
    }

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        ObjectNode top = tree(caseRecord());
        top.put("extra", 1);
        refused(bytes(top), ErrorCode.UNKNOWN_FIELD);

        ObjectNode env = tree(caseRecord());
        ((ObjectNode) env.get("record")).put("note", "x");
        refused(bytes(env), ErrorCode.UNKNOWN_FIELD);

        ObjectNode body = tree(caseRecord());
        ((ObjectNode) body.get("record").get("body")).put("applicantName", "x");
        refused(bytes(body), ErrorCode.UNKNOWN_FIELD);

        ObjectNode nested = tree(caseRecord());
        ((ObjectNode) nested.get("record").get("body").get("materialHashes").get(0)).put("size", 3);
        refused(bytes(nested), ErrorCode.UNKNOWN_FIELD);
    }

    @Test
    void malformedInputIsRefused() {
        refused("{".getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_INPUT);
        refused("[]".getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_INPUT);
        refused("42".getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_INPUT);

        ObjectNode wrongType = tree(caseRecord());
        ((ObjectNode) wrongType.get("record")).put("version", "1");
        refused(bytes(wrongType), ErrorCode.MALFORMED_INPUT);

        ObjectNode explicitNull = tree(caseRecord());
        ((ObjectNode) explicitNull.get("record")).putNull("prev");
        refused(bytes(explicitNull), ErrorCode.MALFORMED_INPUT);

        ObjectNode missing = tree(caseRecord());
        ((ObjectNode) missing.get("record").get("body")).remove("assisted");
        refused(bytes(missing), ErrorCode.MALFORMED_INPUT);

        ObjectNode badType = tree(caseRecord());
        ((ObjectNode) badType.get("record")).put("type", "CASE_STEP");
        refused(bytes(badType), ErrorCode.MALFORMED_INPUT);

        ObjectNode badTime = tree(caseRecord());
        ((ObjectNode) badTime.get("record")).put("time", "2026-11-23 01:30:00");
        refused(bytes(badTime), ErrorCode.MALFORMED_INPUT);

        ObjectNode badId = tree(caseRecord());
        ((ObjectNode) badId.get("record")).put("id", "-starts-with-dash");
        refused(bytes(badId), ErrorCode.MALFORMED_INPUT);

        String dup = "{\"record\":{},\"record\":{}}";
        refused(dup.getBytes(StandardCharsets.UTF_8), ErrorCode.MALFORMED_INPUT);
    }

    @Test
    void hashesOfTheWrongLengthAreBadHash() {
        ObjectNode shortRef = tree(caseRecord());
        ((ObjectNode) shortRef.get("record").get("body")).put("subjectRef", "abcd");
        refused(bytes(shortRef), ErrorCode.BAD_HASH);

        ObjectNode badPrev = tree(caseRecord());
        ((ObjectNode) badPrev.get("record")).put("prev", "sm3:" + "ab".repeat(31));
        refused(bytes(badPrev), ErrorCode.BAD_HASH);

        ObjectNode upper = tree(caseRecord());
        ((ObjectNode) upper.get("record").get("body").get("materialHashes").get(0))
                .put("hash", demo.hashHex("x").toUpperCase(java.util.Locale.ROOT));
        refused(bytes(upper), ErrorCode.BAD_HASH);
    }

    @Test
    void oversizeInputStringsArraysAndBatchesAreRefused() {
        refused(new byte[RecordCodec.MAX_INPUT_BYTES + 1], ErrorCode.VALUE_TOO_LARGE);
        assertThatThrownBy(() -> RecordCodec.parse(new byte[RecordCodec.MAX_RECORD_BYTES + 1]))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALUE_TOO_LARGE));

        ObjectNode longString = tree(caseRecord());
        ((ObjectNode) longString.get("record").get("body").get("materialHashes").get(0))
                .put("label", "a".repeat(RecordCodec.MAX_STRING_BYTES + 1));
        refused(bytes(longString), ErrorCode.VALUE_TOO_LARGE);

        ObjectNode longArray = tree(caseRecord());
        ArrayNode materials = (ArrayNode) longArray.get("record").get("body").get("materialHashes");
        for (int i = 0; i < RecordCodec.MAX_ARRAY_ENTRIES; i++) {
            materials.add(materials.get(0));
        }
        refused(bytes(longArray), ErrorCode.VALUE_TOO_LARGE);

        ArrayNode tooMany = RecordCodec.toTree(List.of()).deepCopy();
        ObjectNode one = tree(caseRecord());
        for (int i = 0; i <= RecordCodec.MAX_BATCH_RECORDS; i++) {
            tooMany.add(one);
        }
        // 501 copies exceed the byte limit too; either refusal is VALUE_TOO_LARGE.
        refused(bytes(tooMany), ErrorCode.VALUE_TOO_LARGE);
    }

    @Test
    void aTamperedRecordNoLongerVerifies() {
        ObjectNode t = tree(caseRecord());
        ((ObjectNode) t.get("record").get("body")).put("assisted", false);
        SignedRecord tampered = RecordCodec.parse(bytes(t));
        assertThatThrownBy(tampered::verifySignature)
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));

        ObjectNode garbageKey = tree(caseRecord());
        ((ObjectNode) garbageKey.get("signature")).put("publicKey", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        SignedRecord badKey = RecordCodec.parse(bytes(garbageKey));
        assertThatThrownBy(badKey::verifySignature)
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_SIGNATURE));

        ObjectNode notBase64 = tree(caseRecord());
        ((ObjectNode) notBase64.get("signature")).put("value", "not base64!");
        refused(bytes(notBase64), ErrorCode.BAD_SIGNATURE);

        ObjectNode unknownAlg = tree(caseRecord());
        ((ObjectNode) unknownAlg.get("signature")).put("alg", "rsa");
        refused(bytes(unknownAlg), ErrorCode.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void bothSignatureAlgorithmsSignAndVerify(SignatureAlgorithm alg) {
        DemoAlliance d = new DemoAlliance(alg, HashAlgorithm.SHA256);
        SignedRecord r = d.factory(DemoAlliance.SHANTOU).create("ckpt-1", T, null,
                new CheckpointBody("sha256", List.of("tx1"), 1, d.hashHex("r")));
        assertThat(r.signature().alg()).isEqualTo(alg.id());
        assertThat(RecordCodec.parse(json(r)).verifySignature()).isNotNull();
        assertThat(RecordCodec.taggedHash(r.record())).startsWith("sha256:").hasSize(7 + 64);
    }

    @Test
    void bodiesCheckTheirOwnConsistency() {
        assertThatThrownBy(() -> new CaseStepBody("c", CaseAction.APPROVE, CaseState.RECEIVED, CaseState.APPROVED,
                Role.APPROVER, List.of())).hasMessageContaining("does not move");
        assertThatThrownBy(() -> new CertificateBody(CertificateAction.ISSUE, "SIT01-350600-2026-000001", "OTHER",
                "c", DemoAlliance.subjectRef(), demo.doc("f"), "2026-01-01", null, null))
                .hasMessageContaining("typeCode");
        assertThatThrownBy(() -> new CertificateBody(CertificateAction.REVOKE, "SIT01-350600-2026-000001", null,
                null, null, null, null, null, null)).hasMessageContaining("reason");
        assertThatThrownBy(() -> new CertificateBody(CertificateAction.REVOKE, "not-a-cert-id", null,
                null, null, null, null, null, "LOST")).hasMessageContaining("certificateId");
        assertThatThrownBy(() -> new CatalogueItem("X", "t", "r", 0, List.of())).hasMessageContaining("timeLimitDays");
        assertThatThrownBy(() -> new IdentityAttestationBody(DemoAlliance.subjectRef(), AttestationMethod.FACE_AND_ID_CARD,
                new IdentityAttestationBody.Liveness("ACTION_CHALLENGE", List.of("BLINK"), true, null), 0.5,
                new IdentityAttestationBody.FaceModel("m", "1", demo.hashHex("m").substring(0, 64)), 0.6, 0.001,
                AttestationDecision.ACCEPTED, List.of(), "kiosk")).hasMessageContaining("ACCEPTED");
        assertThatThrownBy(() -> new CheckpointBody("sha256", List.of("a"), 2, demo.hashHex("x")))
                .hasMessageContaining("count");
        assertThatThrownBy(() -> new AgreementBody(AgreementAction.SIGN, "a", 1, demo.terms(), "sm3:" + demo.hashHex("x")))
                .hasMessageContaining("terms");
    }
}
