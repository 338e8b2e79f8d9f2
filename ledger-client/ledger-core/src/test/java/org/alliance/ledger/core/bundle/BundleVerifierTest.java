package org.alliance.ledger.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.record.CheckpointBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordFactory;
import org.alliance.ledger.core.record.SignedRecord;
import org.junit.jupiter.api.Test;

class BundleVerifierTest {
    private static final HashAlgorithm ALG = HashAlgorithm.SM3;
    private static final KeyPair ORG_KEY = Keys.generate(SignatureAlgorithm.SM2);
    private static final KeyPair NODE_KEY = Keys.generate(SignatureAlgorithm.ECDSA_P256);
    private static final TrustStore TRUST = TrustStore.fromPems(Map.of(
            "ZhangzhouMSP.pem", Keys.toPem(ORG_KEY.getPublic()),
            "AuditMSP.node.pem", Keys.toPem(NODE_KEY.getPublic())));
    private static final EvidenceBundle BUNDLE = bundle();

    /** Three records in one batch, anchored in a signed block; the bundle of the middle one. */
    private static EvidenceBundle bundle() {
        RecordFactory factory = new RecordFactory("ZhangzhouMSP", ALG, ORG_KEY);
        List<SignedRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(factory.create("checkpoint-" + i, Instant.parse("2026-11-22T08:30:00Z"), null,
                    new CheckpointBody("sha256", List.of("batch-" + i), 1, "ab".repeat(32))));
        }
        return TestBundles.inOneBlock(records, NODE_KEY, "tx-1").get(1);
    }

    private static Verdict verify(EvidenceBundle b) {
        return new BundleVerifier(TRUST).verify(b);
    }

    /** Applies an edit to the bundle's JSON and parses it again, as a tampered file would be read. */
    private static EvidenceBundle edited(UnaryOperator<ObjectNode> edit) {
        ObjectNode json = (ObjectNode) BUNDLE.toJson();
        return EvidenceBundle.parse(edit.apply(json).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String flipBit(String hexOrBase64, int bit, boolean base64) {
        byte[] bytes = base64 ? Base64.getDecoder().decode(hexOrBase64) : Hex.decode(hexOrBase64);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        return base64 ? Base64.getEncoder().encodeToString(bytes) : Hex.encode(bytes);
    }

    @Test
    void aCorrectBundleIsValidAndEveryCheckPasses() {
        Verdict v = verify(BUNDLE);
        assertThat(v.status()).isEqualTo(Verdict.Status.VALID);
        assertThat(v.valid()).isTrue();
        assertThat(v.checks()).extracting(Verdict.Check::name).containsExactly(BundleVerifier.RECORD_FORMAT,
                BundleVerifier.RECORD_SIGNATURE, BundleVerifier.RECORD_SIGNER_TRUSTED, BundleVerifier.RECORD_HASH,
                BundleVerifier.MERKLE_PATH, EmbeddedAnchorVerifier.BLOCK_HEADER, EmbeddedAnchorVerifier.ANCHOR_ROOT,
                EmbeddedAnchorVerifier.BLOCK_HASH, EmbeddedAnchorVerifier.BLOCK_SIGNATURE,
                EmbeddedAnchorVerifier.BLOCK_SIGNER_TRUSTED);
        assertThat(v.checks()).allMatch(c -> c.outcome() == Verdict.Outcome.PASS);
    }

    @Test
    void jsonRoundTripKeepsTheBundle() {
        EvidenceBundle again = EvidenceBundle.parse(BUNDLE.toCanonicalJson());
        assertThat(again.toCanonicalJson()).isEqualTo(BUNDLE.toCanonicalJson());
        assertThat(verify(again).valid()).isTrue();
    }

    @Test
    void flippingAnyBitOfRootProofRecordHashOrSignaturesFails() {
        String root = BUNDLE.batch().root();
        for (int bit = 0; bit < root.length() * 4; bit += 3) {
            int b = bit;
            assertInvalid(edited(j -> {
                ((ObjectNode) j.get("batch")).put("root", flipBit(root, b, false));
                return j;
            }), "root bit " + bit);
            assertInvalid(edited(j -> {
                j.put("recordHash", flipBit(BUNDLE.recordHash(), b, false));
                return j;
            }), "recordHash bit " + bit);
            for (int p = 0; p < BUNDLE.batch().proof().size(); p++) {
                int pi = p;
                assertInvalid(edited(j -> {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) j.get("batch").get("proof"))
                            .set(pi, flipBit(BUNDLE.batch().proof().get(pi), b, false));
                    return j;
                }), "proof " + p + " bit " + bit);
            }
        }
        String blockSig = ((EvidenceBundle.EmbeddedAnchor) BUNDLE.anchor()).signature();
        String recordSig = BUNDLE.record().get("signature").get("value").textValue();
        for (int bit = 0; bit < Base64.getDecoder().decode(blockSig).length * 8; bit += 3) {
            int b = bit;
            assertInvalid(edited(j -> {
                ((ObjectNode) j.get("anchor")).put("signature", flipBit(blockSig, b, true));
                return j;
            }), "block signature bit " + bit);
        }
        for (int bit = 0; bit < Base64.getDecoder().decode(recordSig).length * 8; bit += 3) {
            int b = bit;
            assertInvalid(edited(j -> {
                ((ObjectNode) j.get("record").get("signature")).put("value", flipBit(recordSig, b, true));
                return j;
            }), "record signature bit " + bit);
        }
    }

    @Test
    void flippingAnyByteOfTheRecordFailsOrIsRefusedAsInput() {
        byte[] record = RecordCodec.toCanonicalJson(BUNDLE.record().get("record"));
        for (int i = 0; i < record.length; i++) {
            byte[] changed = record.clone();
            changed[i] ^= 1;
            JsonNode node;
            try {
                node = org.alliance.ledger.core.bundle.ContainerJson.parse(changed, 1 << 20);
            } catch (JsonInputException e) {
                continue; // no longer JSON: a verifier refuses it as input
            }
            assertInvalid(edited(j -> {
                ((ObjectNode) j.get("record")).set("record", node);
                return j;
            }), "record byte " + i);
        }
    }

    @Test
    void aTamperedBlockHeaderFails() {
        assertInvalid(edited(j -> {
            ((ObjectNode) j.get("anchor").get("header")).put("number", 5);
            return j;
        }), "header number");
        Verdict v = verify(edited(j -> {
            ((ObjectNode) j.get("anchor").get("header")).put("batchRoot", "zz");
            return j;
        }));
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.checks()).anyMatch(c -> c.name().equals(EmbeddedAnchorVerifier.BLOCK_HEADER)
                && c.outcome() == Verdict.Outcome.FAIL);
    }

    @Test
    void keysOutsideTheTrustStoreFail() {
        KeyPair other = Keys.generate(SignatureAlgorithm.SM2);
        TrustStore wrong = TrustStore.fromPems(Map.of("ZhangzhouMSP.pem", Keys.toPem(other.getPublic()),
                "AuditMSP.pem", Keys.toPem(other.getPublic())));
        Verdict v = new BundleVerifier(wrong).verify(BUNDLE);
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.checks()).filteredOn(c -> c.outcome() == Verdict.Outcome.FAIL).extracting(Verdict.Check::name)
                .containsExactly(BundleVerifier.RECORD_SIGNER_TRUSTED, EmbeddedAnchorVerifier.BLOCK_SIGNER_TRUSTED);
        // The node key trusted for the wrong org does not help either.
        TrustStore swapped = TrustStore.fromPems(Map.of("ZhangzhouMSP.pem", Keys.toPem(NODE_KEY.getPublic()),
                "AuditMSP.pem", Keys.toPem(ORG_KEY.getPublic())));
        assertThat(new BundleVerifier(swapped).verify(BUNDLE).valid()).isFalse();
    }

    @Test
    void aFabricAnchorIsUnsupportedUntilAVerifierIsRegistered() {
        EvidenceBundle fabric = edited(j -> {
            ObjectNode anchor = j.putObject("anchor");
            anchor.put("ledger", "fabric");
            anchor.put("txId", "abc");
            return j;
        });
        Verdict v = verify(fabric);
        assertThat(v.status()).isEqualTo(Verdict.Status.UNSUPPORTED_ANCHOR);
        assertThat(v.valid()).isFalse();

        AnchorVerifier rejecting = new AnchorVerifier() {
            @Override
            public String ledger() {
                return "fabric";
            }

            @Override
            public List<Verdict.Check> verify(EvidenceBundle.Anchor anchor, EvidenceBundle.Batch batch, TrustStore trust) {
                return List.of(Verdict.Check.fail("ENDORSEMENTS", "no endorsements"));
            }
        };
        assertThat(new BundleVerifier(TRUST, List.of(rejecting)).verify(fabric).status()).isEqualTo(Verdict.Status.INVALID);
    }

    @Test
    void malformedBundlesAreRefusedAsInput() {
        assertThatThrownBy(() -> EvidenceBundle.parse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonInputException.class);
        assertThatThrownBy(() -> edited(j -> j.put("extra", 1)))
                .isInstanceOfSatisfying(JsonInputException.class,
                        e -> assertThat(e.kind()).isEqualTo(JsonInputException.Kind.UNKNOWN_FIELD));
        assertThatThrownBy(() -> edited(j -> j.put("bundleVersion", 2))).isInstanceOf(JsonInputException.class);
        assertThatThrownBy(() -> edited(j -> {
            ((ObjectNode) j.get("anchor")).put("ledger", "evm");
            return j;
        })).isInstanceOf(JsonInputException.class);
        assertThatThrownBy(() -> EvidenceBundle.parse("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonInputException.class);
    }

    @Test
    void trustStoreRefusesBadFilesNamingThem() {
        assertThatThrownBy(() -> TrustStore.fromPems(Map.of("ZhangzhouMSP.pem", "garbage")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZhangzhouMSP.pem");
        assertThatThrownBy(() -> TrustStore.fromPems(Map.of("-bad.pem", Keys.toPem(ORG_KEY.getPublic()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-bad.pem");
        assertThat(TRUST.orgs()).containsExactly("AuditMSP", "ZhangzhouMSP");
        assertThat(TRUST.keys("Unknown")).isEmpty();
    }

    private static void assertInvalid(EvidenceBundle b, String what) {
        assertThat(verify(b).status()).as(what).isEqualTo(Verdict.Status.INVALID);
    }
}
