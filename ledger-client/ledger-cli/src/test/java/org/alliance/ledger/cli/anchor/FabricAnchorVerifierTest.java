package org.alliance.ledger.cli.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The Fabric anchor verifier on bundles taken from the real four-org network (saved under
 * {@code fabric-bundle/}, with the network's org CA certificates and the run's record-signing
 * keys): they verify offline, and every tampered variant is rejected with the failing check named.
 * The fabric suite's {@code BundleFabricTest} does the same on fresh bundles of every record kind.
 */
class FabricAnchorVerifierTest {
    static final List<String> ORGS = List.of("AuditMSP", "ChaozhouMSP", "ShantouMSP", "ZhangzhouMSP");
    /** Chaozhou's approval of a case Zhangzhou accepted: the case key is Zhangzhou's. */
    static final String OWNED = "fabric-bundle/case-step-approve-owned.json";
    /** A certificate issued in one batch with the issue step, at leaf 1 of 2. */
    static final String TWO_RECORDS = "fabric-bundle/certificate-issue.json";

    static byte[] resource(String name) {
        try (InputStream in = FabricAnchorVerifierTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TrustStore trust(boolean withCas) {
        Map<String, String> pems = new TreeMap<>();
        for (String org : ORGS) {
            pems.put(org + ".record.pem", new String(resource("fabric-bundle/trust/" + org + ".record.pem"), StandardCharsets.US_ASCII));
            if (withCas) {
                pems.put(org + ".ca.pem", new String(resource("fabric-bundle/trust/" + org + ".ca.pem"), StandardCharsets.US_ASCII));
            }
        }
        return TrustStore.fromPems(pems);
    }

    static BundleVerifier verifier(TrustStore trust) {
        return new BundleVerifier(trust, List.of(new FabricAnchorVerifier()));
    }

    static Verdict.Check check(Verdict v, String name) {
        return v.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                "no check " + name + " in " + v));
    }

    @Test
    void realBundlesVerifyOfflineWithOnlyTheOrgCas() {
        for (String name : List.of(OWNED, TWO_RECORDS)) {
            Verdict v = verifier(trust(true)).verify(EvidenceBundle.parse(resource(name)));
            assertThat(v.status()).as(name + ": " + v).isEqualTo(Verdict.Status.VALID);
            assertThat(v.checks()).extracting(Verdict.Check::name).containsExactly(BundleVerifier.RECORD_FORMAT,
                    BundleVerifier.RECORD_SIGNATURE, BundleVerifier.RECORD_SIGNER_TRUSTED, BundleVerifier.RECORD_HASH,
                    BundleVerifier.MERKLE_PATH, FabricAnchorVerifier.FABRIC_BLOCK, FabricAnchorVerifier.TX_IN_BLOCK,
                    FabricAnchorVerifier.BLOCK_SIGNATURES, FabricAnchorVerifier.VALIDATION_CODE,
                    FabricAnchorVerifier.BATCH_WRITE, FabricAnchorVerifier.ENDORSER_CERTIFICATE,
                    FabricAnchorVerifier.ENDORSEMENT_SIGNATURE, FabricAnchorVerifier.ENDORSEMENT_POLICY);
            assertThat(check(v, FabricAnchorVerifier.ENDORSEMENT_POLICY).reason()).contains("MAJORITY of the 4 orgs needs 3");
            assertThat(check(v, FabricAnchorVerifier.BLOCK_SIGNATURES).reason()).contains("SmartBFT needs 3");
        }
        Verdict owned = verifier(trust(true)).verify(EvidenceBundle.parse(resource(OWNED)));
        assertThat(check(owned, FabricAnchorVerifier.ENDORSEMENT_POLICY).reason()).contains("owners", "[ZhangzhouMSP]");
        Verdict two = verifier(trust(true)).verify(EvidenceBundle.parse(resource(TWO_RECORDS)));
        assertThat(check(two, BundleVerifier.MERKLE_PATH).reason()).contains("of 2");
    }

    @Test
    void everyTamperedVariantIsRejectedWithTheFailingCheckNamed() {
        EvidenceBundle good = EvidenceBundle.parse(resource(OWNED));
        EvidenceBundle other = EvidenceBundle.parse(resource(TWO_RECORDS));
        List<FabricBundleTampering.Variant> variants = FabricBundleTampering.variants(good, "ZhangzhouMSP", other);
        assertThat(variants).hasSizeGreaterThanOrEqualTo(12);
        for (FabricBundleTampering.Variant t : variants) {
            // Through the bundle's exported form, as an auditor would receive it.
            Verdict v = verifier(trust(true)).verify(EvidenceBundle.parse(t.bundle().toCanonicalJson()));
            assertThat(v.status()).as(t.name()).isEqualTo(Verdict.Status.INVALID);
            Verdict.Check failed = check(v, t.failingCheck());
            assertThat(failed.outcome()).as(t.name() + ": " + v).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(failed.reason()).as(t.name()).contains(t.reason());
        }
    }

    @Test
    void withoutTheOrgCasNothingOnTheLedgerSideIsProven() {
        Verdict v = verifier(trust(false)).verify(EvidenceBundle.parse(resource(OWNED)));
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(check(v, BundleVerifier.RECORD_SIGNER_TRUSTED).outcome()).isEqualTo(Verdict.Outcome.PASS);
        for (String name : List.of(FabricAnchorVerifier.BLOCK_SIGNATURES, FabricAnchorVerifier.ENDORSER_CERTIFICATE,
                FabricAnchorVerifier.ENDORSEMENT_POLICY)) {
            assertThat(check(v, name).outcome()).as(name).isEqualTo(Verdict.Outcome.FAIL);
        }
        assertThat(check(v, FabricAnchorVerifier.ENDORSER_CERTIFICATE).reason()).contains("not an org of the alliance");
    }

    @Test
    void aDamagedAnchorIsAFailedCheckNotAnError() {
        EvidenceBundle good = EvidenceBundle.parse(resource(OWNED));
        var content = (com.fasterxml.jackson.databind.node.ObjectNode) ((EvidenceBundle.FabricAnchor) good.anchor()).content();
        for (String damage : List.of("notbase64!", "", "H4sIAAAAAAAA")) {
            content.put("block", damage);
            Verdict v = verifier(trust(true)).verify(new EvidenceBundle(good.bundleVersion(), good.record(), good.recordHash(),
                    good.batch(), new EvidenceBundle.FabricAnchor(content)));
            assertThat(check(v, FabricAnchorVerifier.FABRIC_BLOCK).outcome()).as(damage).isEqualTo(Verdict.Outcome.FAIL);
            assertThat(check(v, FabricAnchorVerifier.ENDORSEMENT_POLICY).outcome()).isEqualTo(Verdict.Outcome.NOT_CHECKED);
        }
    }
}
