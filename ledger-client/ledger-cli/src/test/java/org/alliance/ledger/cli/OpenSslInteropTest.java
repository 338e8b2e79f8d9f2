package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures interoperate with OpenSSL 3 in both directions. Skipped only where no {@code
 * openssl} binary is installed. OpenSSL's SM2 default user id is empty, so it is given the GM/T
 * 0009 id explicitly, as the ledger's documentation tells users to.
 */
class OpenSslInteropTest {
    private static final String SM2_ID = "distid:1234567812345678";

    @TempDir
    Path dir;

    @BeforeAll
    static void requireOpenSsl() {
        boolean present;
        try {
            present = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "openssl binary not found");
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", command, output).isZero();
        return output;
    }

    private Path message() throws IOException {
        return Files.writeString(dir.resolve("message.txt"), "cross-region case 2026-0001 forwarded\n");
    }

    @Test
    void sm2BothWays() throws Exception {
        Path key = dir.resolve("sm2.key");
        Path pub = dir.resolve("sm2.pub");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", key.toString());
        openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
        Path message = message();

        Path opensslSig = dir.resolve("openssl.sig");
        openssl("pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt", SM2_ID, "-inkey", key.toString(),
                "-in", message.toString(), "-out", opensslSig.toString());
        assertThat(run("verify", "--key", pub.toString(), "--sig", opensslSig.toString(), "--alg", "sm2",
                message.toString()).line()).isEqualTo("signature valid");

        Path cliSig = dir.resolve("cli.sig");
        assertThat(run("sign", "--key", key.toString(), "--out", cliSig.toString(), message.toString()).code()).isZero();
        assertThat(openssl("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", SM2_ID, "-pubin",
                "-inkey", pub.toString(), "-in", message.toString(), "-sigfile", cliSig.toString()))
                .contains("Signature Verified Successfully");
    }

    @Test
    void ecdsaP256BothWays() throws Exception {
        Path key = dir.resolve("p256.key");
        Path pub = dir.resolve("p256.pub");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
        Path message = message();

        Path opensslSig = dir.resolve("openssl.sig");
        openssl("dgst", "-sha256", "-sign", key.toString(), "-out", opensslSig.toString(), message.toString());
        assertThat(run("verify", "--key", pub.toString(), "--sig", opensslSig.toString(), "--alg", "ecdsa-p256",
                message.toString()).line()).isEqualTo("signature valid");

        Path cliSig = dir.resolve("cli.sig");
        assertThat(run("sign", "--key", key.toString(), "--out", cliSig.toString(), message.toString()).code()).isZero();
        assertThat(openssl("dgst", "-sha256", "-verify", pub.toString(), "-signature", cliSig.toString(),
                message.toString())).contains("Verified OK");
    }

    @Test
    void opensslCertificateAsVerificationKey() throws Exception {
        Path key = dir.resolve("sm2.key");
        Path cert = dir.resolve("sm2.crt");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", key.toString());
        openssl("req", "-new", "-x509", "-key", key.toString(), "-sm3", "-subj", "/CN=ZhangzhouMSP", "-days", "1",
                "-out", cert.toString());
        Path message = message();
        Path sig = dir.resolve("cli.sig");
        assertThat(run("sign", "--key", key.toString(), "--out", sig.toString(), message.toString()).code()).isZero();
        assertThat(run("verify", "--key", cert.toString(), "--sig", sig.toString(), message.toString()).line())
                .isEqualTo("signature valid");
    }
}
