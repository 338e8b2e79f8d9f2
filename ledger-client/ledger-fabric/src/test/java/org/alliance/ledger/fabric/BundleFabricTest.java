package org.alliance.ledger.fabric;

import static org.alliance.ledger.fabric.FabricAlliance.CZ;
import static org.alliance.ledger.fabric.FabricAlliance.ITEM;
import static org.alliance.ledger.fabric.FabricAlliance.ST;
import static org.alliance.ledger.fabric.FabricAlliance.ZZ;
import static org.alliance.ledger.fabric.FabricAlliance.caller;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.alliance.ledger.cli.anchor.FabricAnchorVerifier;
import org.alliance.ledger.cli.anchor.FabricBundleTampering;
import org.alliance.ledger.core.bundle.BundleVerifier;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.alliance.ledger.core.bundle.TrustStore;
import org.alliance.ledger.core.bundle.Verdict;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.demo.DemoAlliance;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.CaseBody;
import org.alliance.ledger.core.record.CaseState;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.RecognitionBody;
import org.alliance.ledger.core.record.RecognitionDecision;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.record.TargetType;
import org.junit.jupiter.api.Test;

/**
 * Evidence bundles of every kind of record the service writes, taken from the real network and
 * verified offline with nothing but the alliance's org CA certificates and record-signing keys;
 * then every tampered variant of each is rejected with the failing check named.
 */
class BundleFabricTest extends FabricSuite {

    @Test
    void bundlesOfEveryRecordKindAreProvenByTheMembers() throws IOException {
        String run = alliance.run;
        String caseId = "bcase-" + run;
        String certId = alliance.certificateId(900);
        Instant t0 = alliance.agreed.plus(Duration.ofHours(2));
        alliance.write(ZZ, Role.SERVICE, "batt-" + run, t0, DemoFlowFabricTest.attestation());
        alliance.write(ZZ, Role.CLERK, caseId, t0.plusSeconds(60), new CaseBody(caseId, alliance.agreementId, ITEM, ZZ, CZ,
                alliance.subjectRef(), "batt-" + run, List.of(alliance.doc("transfer-application")), false));
        alliance.write(ZZ, Role.CLERK, caseId + "/forward", t0.plusSeconds(120),
                DemoFlowFabricTest.step(caseId, CaseAction.FORWARD, CaseState.RECEIVED, Role.CLERK));
        // Chaozhou decides on a case Zhangzhou accepted: the case key is Zhangzhou's, so its peer must endorse.
        alliance.write(CZ, Role.APPROVER, caseId + "/approve", t0.plusSeconds(180),
                DemoFlowFabricTest.step(caseId, CaseAction.APPROVE, CaseState.FORWARDED, Role.APPROVER));
        alliance.write(ST, Role.CLERK, "brecog-" + run, t0.plusSeconds(240), new RecognitionBody(TargetType.APPROVAL,
                caseId, alliance.agreementId, ITEM, RecognitionDecision.RECOGNISED, null));
        Instant issued = t0.plusSeconds(300);
        SignedRecord issueStep = alliance.next(ZZ, caseId + "/issue", issued,
                DemoFlowFabricTest.step(caseId, CaseAction.ISSUE, CaseState.APPROVED, Role.ISSUER));
        SignedRecord cert = alliance.next(ZZ, certId + "/issue", issued, new CertificateBody(CertificateAction.ISSUE,
                certId, "SIT01", caseId, alliance.subjectRef(), alliance.doc("certificate-file"), "2026-12-01", null, null));
        alliance.committedEverywhere(alliance.ledger(ZZ).submit(caller(ZZ, Role.ISSUER), List.of(issueStep, cert)));
        alliance.write(ZZ, Role.ISSUER, certId + "/revoke", t0.plusSeconds(360), new CertificateBody(CertificateAction.REVOKE,
                certId, null, null, null, null, null, null, "DATA_CORRECTED"));

        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("agreement-propose", alliance.agreementId + "/v1");
        kinds.put("agreement-sign", alliance.agreementId + "/v1/sign/" + CZ);
        kinds.put("attestation", "batt-" + run);
        kinds.put("case-receipt", caseId);
        kinds.put("case-step-forward", caseId + "/forward");
        kinds.put("case-step-approve-owned", caseId + "/approve");
        kinds.put("recognition", "brecog-" + run);
        kinds.put("case-step-issue", caseId + "/issue");
        kinds.put("certificate-issue", certId + "/issue");
        kinds.put("certificate-revoke", certId + "/revoke");

        // Written out as an auditor receives them; ledger-cli's saved test bundles come from here.
        Path out = Files.createDirectories(alliance.state().resolveSibling("bundle-samples"));
        Map<String, String> pems = new TreeMap<>();
        try (Stream<Path> files = Files.list(writeTrustDirectory(Files.createDirectories(out.resolve("trust"))))) {
            for (Path f : files.toList()) {
                pems.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        TrustStore trust = TrustStore.fromPems(pems);
        BundleVerifier verifier = new BundleVerifier(trust, List.of(new FabricAnchorVerifier()));
        Map<String, EvidenceBundle> bundles = new LinkedHashMap<>();
        long bytes = 0;
        long nanos = 0;
        for (Map.Entry<String, String> k : kinds.entrySet()) {
            byte[] json = alliance.ledger(ST).bundle(k.getValue()).toCanonicalJson();
            Files.write(out.resolve(k.getKey() + ".json"), json);
            assertThat(json.length).as(k.getKey()).isLessThan(EvidenceBundle.MAX_BYTES);
            bytes += json.length;
            EvidenceBundle bundle = EvidenceBundle.parse(json);
            long start = System.nanoTime();
            Verdict v = verifier.verify(bundle);
            nanos += System.nanoTime() - start;
            assertThat(v.status()).as(k.getKey() + ": " + v).isEqualTo(Verdict.Status.VALID);
            assertThat(policy(v)).as(k.getKey()).contains("MAJORITY of the 4 orgs needs 3");
            bundles.put(k.getKey(), bundle);
        }
        System.err.printf("fabric bundles: %d kinds, %d bytes on average, verified in %.1f ms on average%n",
                kinds.size(), bytes / kinds.size(), nanos / 1e6 / kinds.size());

        // State-based endorsement: Chaozhou's approval and Zhangzhou's issue change Zhangzhou's case,
        // so Zhangzhou had to endorse; the receipt created the case, under MAJORITY alone.
        assertThat(policy(verifier.verify(bundles.get("case-step-approve-owned")))).contains("owners", "[" + ZZ + "]");
        assertThat(policy(verifier.verify(bundles.get("case-step-issue")))).contains("[" + ZZ + "]");
        assertThat(policy(verifier.verify(bundles.get("case-receipt")))).doesNotContain("owners");

        EvidenceBundle other = bundles.get("attestation");
        for (Map.Entry<String, EvidenceBundle> e : bundles.entrySet()) {
            String owner = e.getKey().equals("case-step-approve-owned") ? ZZ : null;
            for (FabricBundleTampering.Variant t : FabricBundleTampering.variants(e.getValue(), owner,
                    e.getValue() == other ? bundles.get("recognition") : other)) {
                Verdict v = verifier.verify(EvidenceBundle.parse(t.bundle().toCanonicalJson()));
                String what = e.getKey() + ", " + t.name();
                assertThat(v.status()).as(what).isEqualTo(Verdict.Status.INVALID);
                assertThat(v.checks()).as(what + ": " + v).anySatisfy(c -> {
                    assertThat(c.name()).isEqualTo(t.failingCheck());
                    assertThat(c.outcome()).isEqualTo(Verdict.Outcome.FAIL);
                    assertThat(c.reason()).contains(t.reason());
                });
            }
        }
    }

    private static String policy(Verdict v) {
        return v.checks().stream().filter(c -> c.name().equals(FabricAnchorVerifier.ENDORSEMENT_POLICY)).findFirst()
                .orElseThrow().reason();
    }

    /** The alliance's org CA certificates and this run's record-signing keys, as an auditor gets them. */
    static Path writeTrustDirectory(Path dir) throws IOException {
        for (int i = 0; i < FabricAlliance.ORGS.size(); i++) {
            String org = FabricAlliance.ORGS.get(i);
            String msp = DemoAlliance.mspIds().get(i);
            Files.copy(alliance.network.orgCa(org).resolve("ca." + org + ".alliance-cert.pem"), dir.resolve(msp + ".ca.pem"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(msp + ".record.pem"),
                    Keys.toPem(Keys.publicKeyFromDer(Base64.getDecoder().decode(alliance.signer(msp).publicKeyBase64()))));
        }
        return dir;
    }
}
