package org.alliance.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.alliance.ledger.cli.anchor.FabricBundleTampering;
import org.alliance.ledger.core.bundle.EvidenceBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify-bundle} on a bundle from the real Fabric network (a saved test resource) with a
 * trust directory of the four org CAs and record-signing keys: exit 0 with every check listed for
 * the bundle, exit 1 naming the failing check for a tampered one, exit 2 for an unreadable one.
 */
class VerifyFabricBundleCommandTest {
    private static final String OWNED = "fabric-bundle/case-step-approve-owned.json";
    private static final List<String> ORGS = List.of("AuditMSP", "ChaozhouMSP", "ShantouMSP", "ZhangzhouMSP");

    @TempDir
    static Path dir;
    private static Path trust;
    private static Path good;

    @BeforeAll
    static void copyTheSavedBundleAndTrustDirectory() throws IOException {
        trust = Files.createDirectories(dir.resolve("trust"));
        for (String org : ORGS) {
            for (String kind : List.of("ca", "record")) {
                Files.write(trust.resolve(org + "." + kind + ".pem"), resource("fabric-bundle/trust/" + org + "." + kind + ".pem"));
            }
        }
        good = Files.write(dir.resolve("approve.json"), resource(OWNED));
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = VerifyFabricBundleCommandTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aRealFabricBundleVerifiesWithExitZeroAndEveryCheckListed() {
        CliRun run = CliRun.run("verify-bundle", "--trust", trust.toString(), good.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
        String text = run.text();
        assertThat(text).startsWith(good + ": VALID");
        for (String check : List.of("RECORD_SIGNATURE", "MERKLE_PATH", "FABRIC_BLOCK", "TX_IN_BLOCK", "BLOCK_SIGNATURES",
                "VALIDATION_CODE", "BATCH_WRITE", "ENDORSER_CERTIFICATE", "ENDORSEMENT_SIGNATURE", "ENDORSEMENT_POLICY")) {
            assertThat(text).containsPattern("PASS +" + check + " ");
        }
        assertThat(text).contains("MAJORITY of the 4 orgs needs 3", "[ZhangzhouMSP] must be among them");

        CliRun elsewhere = CliRun.run("verify-bundle", "--chaincode", "evidence2", "--trust", trust.toString(), good.toString());
        assertThat(elsewhere.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(elsewhere.text()).containsPattern("FAIL +FABRIC_BLOCK .*not the evidence chaincode 'evidence2'");
    }

    @Test
    void aTamperedFabricBundleFailsWithExitOneNamingTheCheck() throws IOException {
        EvidenceBundle bundle = EvidenceBundle.parse(Files.readAllBytes(good));
        EvidenceBundle other = EvidenceBundle.parse(resource("fabric-bundle/certificate-issue.json"));
        FabricBundleTampering.Variant dropped = FabricBundleTampering.variants(bundle, "ZhangzhouMSP", other).stream()
                .filter(v -> v.name().equals("the owner org's endorsement dropped")).findFirst().orElseThrow();
        Path tampered = Files.write(dir.resolve("tampered.json"), dropped.bundle().toCanonicalJson());
        CliRun run = CliRun.run("verify-bundle", "--json", "--trust", trust.toString(), tampered.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.text()).contains("\"status\":\"INVALID\"")
                .containsPattern("\"name\":\"ENDORSEMENT_POLICY\",\"outcome\":\"FAIL\",\"reason\":\"[^\"]*owner \\[ZhangzhouMSP\\] did not endorse");
    }

    @Test
    void anUnreadableAnchorIsAFailedCheckAndAnUnreadableFileIsExitTwo() throws IOException {
        String json = Files.readString(good).replaceFirst("\"block\":\"[^\"]*\"", "\"block\":\"AAAA\"");
        Path broken = Files.writeString(dir.resolve("broken.json"), json);
        CliRun run = CliRun.run("verify-bundle", "--trust", trust.toString(), broken.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.text()).containsPattern("FAIL +FABRIC_BLOCK ");
        Path notJson = Files.writeString(dir.resolve("not.json"), "{\"bundleVersion\":1,");
        CliRun.run("verify-bundle", "--trust", trust.toString(), notJson.toString()).fails(ExitCodes.USAGE);
    }
}
