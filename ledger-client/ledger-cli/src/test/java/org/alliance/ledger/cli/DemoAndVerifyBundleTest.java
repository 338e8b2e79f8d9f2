package org.alliance.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.bundle.ContainerJson;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.embedded.EmbeddedLedger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class DemoAndVerifyBundleTest {
    @TempDir
    static Path dir;

    private static CliRun firstRun;
    private static CliRun secondRun;

    @BeforeAll
    static void runTheDemoTwice() {
        firstRun = CliRun.run("demo", "--data", dir.toString());
        secondRun = CliRun.run("demo", "--data", dir.toString(), "--alg", "ecdsa-p256");
    }

    private static List<Path> bundles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("bundles"))) {
            return files.sorted().toList();
        }
    }

    private static String trust() {
        return dir.resolve("trust").toString();
    }

    @Test
    void theDemoRunsTwiceOnOneDataDirectory() throws IOException {
        assertThat(firstRun.code()).as(firstRun.err()).isEqualTo(ExitCodes.OK);
        assertThat(firstRun.text()).contains("new embedded ledger", "REFUSED WRONG_ORG", "REFUSED READ_ONLY",
                "Chaozhou approves", "working days, deadline", "verdict: VALID");
        assertThat(secondRun.code()).as(secondRun.err()).isEqualTo(ExitCodes.OK);
        assertThat(secondRun.text()).contains("reopened", "block(s) verified", "already on the ledger", "verdict: VALID");
        assertThat(bundles()).hasSize(2);
    }

    @Test
    void libraryLoggingShowsWarningsButNotInfoLines() {
        // simplelogger.properties: the ledger's INFO line on open must not clutter the walkthrough.
        Logger ledgerLog = LoggerFactory.getLogger(EmbeddedLedger.class);
        assertThat(ledgerLog.isInfoEnabled()).isFalse();
        assertThat(ledgerLog.isWarnEnabled()).isTrue();
    }

    @Test
    void theDemoNeverPrintsTheIdNumber() {
        // Synthetic ID numbers start with the Chaozhou prefix and a 1980 birth date.
        assertThat(firstRun.text() + secondRun.text()).doesNotContainPattern("44510219800101\\d{3}[0-9X]");
    }

    @Test
    void exportedBundlesVerifyFromTheCommandLine() throws IOException {
        for (Path b : bundles()) {
            CliRun run = CliRun.run("verify-bundle", b.toString(), "--trust", trust());
            assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(run.text()).startsWith(b + ": VALID");
        }
        CliRun json = CliRun.run("verify-bundle", "--json", bundles().get(0).toString(), "--trust", trust());
        JsonNode verdict = ContainerJson.parse(json.out(), 1 << 20);
        assertThat(verdict.get("status").textValue()).isEqualTo("VALID");
        assertThat(verdict.get("checks")).hasSize(10);
    }

    @Test
    void flippingABitOfRecordProofRootOrSignatureFailsWithExitOne() throws IOException {
        byte[] original = Files.readAllBytes(bundles().get(0));
        List<Consumer<ObjectNode>> edits = List.of(
                b -> rec(b).put("time", rec(b).get("time").textValue().replace("Z", ".1Z")),
                b -> rec(b).put("id", rec(b).get("id").textValue() + "x"),
                b -> batch(b).put("root", flipHex(batch(b).get("root").textValue())),
                b -> ((ArrayNode) batch(b).get("proof")).set(0, flipHex(batch(b).get("proof").get(0).textValue())),
                b -> ((ObjectNode) b.get("anchor")).put("signature", flipBase64(b.get("anchor").get("signature").textValue())),
                b -> ((ObjectNode) b.get("record").get("signature")).put("value",
                        flipBase64(b.get("record").get("signature").get("value").textValue())));
        for (int i = 0; i < edits.size(); i++) {
            ObjectNode bundle = (ObjectNode) ContainerJson.parse(original, 1 << 20);
            edits.get(i).accept(bundle);
            Path tampered = dir.resolve("tampered-" + i + ".json");
            Files.writeString(tampered, bundle.toString());
            CliRun run = CliRun.run("verify-bundle", tampered.toString(), "--trust", trust());
            assertThat(run.code()).as("edit %d: %s", i, run.text()).isEqualTo(ExitCodes.INVALID);
            assertThat(run.text()).contains("INVALID", "FAIL");
        }
    }

    private static ObjectNode rec(ObjectNode bundle) {
        return (ObjectNode) bundle.get("record").get("record");
    }

    private static ObjectNode batch(ObjectNode bundle) {
        return (ObjectNode) bundle.get("batch");
    }

    @Test
    void aWrongTrustDirectoryFailsAndBadInputIsExitTwo() throws IOException {
        Path wrong = Files.createDirectories(dir.resolve("wrong-trust"));
        KeyPair stranger = Keys.generate(SignatureAlgorithm.SM2);
        for (String org : List.of("ZhangzhouMSP", "ChaozhouMSP", "AuditMSP")) {
            Files.writeString(wrong.resolve(org + ".pem"), Keys.toPem(stranger.getPublic()));
        }
        String bundle = bundles().get(0).toString();
        assertThat(CliRun.run("verify-bundle", bundle, "--trust", wrong.toString()).code()).isEqualTo(ExitCodes.INVALID);

        Path empty = Files.createDirectories(dir.resolve("empty-trust"));
        CliRun.run("verify-bundle", bundle, "--trust", empty.toString()).fails(ExitCodes.USAGE);
        Path notJson = Files.writeString(dir.resolve("not-a-bundle.json"), "{\"bundleVersion\":1}");
        CliRun.run("verify-bundle", notJson.toString(), "--trust", trust()).fails(ExitCodes.USAGE);
        CliRun.run("verify-bundle", dir.resolve("missing.json").toString(), "--trust", trust()).fails(ExitCodes.USAGE);
        Path badPem = Files.createDirectories(dir.resolve("bad-trust"));
        Files.writeString(badPem.resolve("ZhangzhouMSP.pem"), "not a key", StandardCharsets.US_ASCII);
        CliRun.run("verify-bundle", bundle, "--trust", badPem.toString()).fails(ExitCodes.USAGE);
    }

    private static String flipHex(String hex) {
        byte[] b = Hex.decode(hex);
        b[0] ^= 1;
        return Hex.encode(b);
    }

    private static String flipBase64(String base64) {
        byte[] b = Base64.getDecoder().decode(base64);
        b[b.length / 2] ^= 1;
        return Base64.getEncoder().encodeToString(b);
    }
}
