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

    /** A private key file and its public key file. */
    private record KeyFiles(Path key, Path pub) {
    }

    /** Generates a key pair with OpenSSL: PKCS#8 private key {@code NAME.key}, SPKI {@code NAME.pub}. */
    private KeyFiles opensslKeyPair(String name, String curve) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + curve, "-out", key.toString());
        openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
        return new KeyFiles(key, pub);
    }

    private static void assertCliVerifies(Path verificationKey, Path sig, Path message, String... alg) {
        List<String> args = new ArrayList<>(List.of("verify", "--pub", verificationKey.toString(), "--sig", sig.toString()));
        args.addAll(List.of(alg));
        args.add(message.toString());
        assertThat(run(args.toArray(String[]::new)).line()).isEqualTo("signature valid");
    }

    private Path cliSign(Path key, Path message) {
        Path sig = dir.resolve("cli.sig");
        assertThat(run("sign", "--key", key.toString(), "--out", sig.toString(), message.toString()).code()).isZero();
        return sig;
    }

    @Test
    void sm2BothWays() throws Exception {
        KeyFiles pair = opensslKeyPair("sm2", "SM2");
        Path message = message();

        Path opensslSig = dir.resolve("openssl.sig");
        openssl("pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt", SM2_ID, "-inkey", pair.key().toString(),
                "-in", message.toString(), "-out", opensslSig.toString());
        assertCliVerifies(pair.pub(), opensslSig, message, "--alg", "sm2");

        Path cliSig = cliSign(pair.key(), message);
        assertThat(openssl("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", SM2_ID, "-pubin",
                "-inkey", pair.pub().toString(), "-in", message.toString(), "-sigfile", cliSig.toString()))
                .contains("Signature Verified Successfully");
    }

    @Test
    void ecdsaP256BothWays() throws Exception {
        KeyFiles pair = opensslKeyPair("p256", "P-256");
        Path message = message();

        Path opensslSig = dir.resolve("openssl.sig");
        openssl("dgst", "-sha256", "-sign", pair.key().toString(), "-out", opensslSig.toString(), message.toString());
        assertCliVerifies(pair.pub(), opensslSig, message, "--alg", "ecdsa-p256");

        Path cliSig = cliSign(pair.key(), message);
        assertThat(openssl("dgst", "-sha256", "-verify", pair.pub().toString(), "-signature", cliSig.toString(),
                message.toString())).contains("Verified OK");
    }

    @Test
    void opensslCertificateAsVerificationKey() throws Exception {
        Path key = opensslKeyPair("sm2", "SM2").key();
        Path cert = dir.resolve("sm2.crt");
        openssl("req", "-new", "-x509", "-key", key.toString(), "-sm3", "-subj", "/CN=ZhangzhouMSP", "-days", "1",
                "-out", cert.toString());
        Path message = message();
        assertCliVerifies(cert, cliSign(key, message), message);
    }
}
