package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.alliance.ledger.cli.CliRun.runWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignVerifyCommandsTest {
    private static final byte[] MESSAGE = "evidence record bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signThenVerify(SignatureAlgorithm alg) throws Exception {
        KeyPair pair = Keys.generate(alg);
        Path key = write("key.pem", Keys.toPem(pair.getPrivate()));
        Path pub = write("pub.pem", Keys.toPem(pair.getPublic()));
        Path message = write("message.bin", MESSAGE);

        CliRun signed = run("sign", "--key", key.toString(), message.toString());
        assertThat(signed.code()).isZero();
        assertThat(signed.err()).isEmpty();
        byte[] der = signed.out();
        assertThat(Signatures.verify(alg, pair.getPublic(), MESSAGE, der)).isTrue();
        Path sig = write("sig.der", der);
        assertThat(run("verify", "--pub", pub.toString(), "--sig", sig.toString(), message.toString()).line())
                .isEqualTo("signature valid");
        assertThat(runWith(MESSAGE, "verify", "--pub", pub.toString(), "--sig", sig.toString(), "--alg", alg.id()).line())
                .isEqualTo("signature valid");
        // --key is accepted as an alias of --pub, for symmetry with sign.
        assertThat(runWith(MESSAGE, "verify", "--key", pub.toString(), "--sig", sig.toString()).line())
                .isEqualTo("signature valid");

        Path out = dir.resolve("out.der");
        assertThat(runWith(MESSAGE, "sign", "--key", key.toString(), "--alg", alg.id(), "--out", out.toString()).code()).isZero();
        assertThat(Signatures.verify(alg, pair.getPublic(), MESSAGE, Files.readAllBytes(out))).isTrue();

        byte[] tamperedMessage = MESSAGE.clone();
        tamperedMessage[0] ^= 1;
        assertThat(runWith(tamperedMessage, "verify", "--pub", pub.toString(), "--sig", sig.toString())
                .fails(ExitCodes.INVALID).err()).endsWith("signature invalid\n");
        byte[] tamperedSig = der.clone();
        tamperedSig[der.length - 1] ^= 1;
        Path badSig = write("bad.der", tamperedSig);
        run("verify", "--pub", pub.toString(), "--sig", badSig.toString(), message.toString()).fails(ExitCodes.INVALID);
        Path otherPub = write("other.pem", Keys.toPem(Keys.generate(alg).getPublic()));
        run("verify", "--pub", otherPub.toString(), "--sig", sig.toString(), message.toString()).fails(ExitCodes.INVALID);
        Path garbageSig = write("garbage.der", "not a signature");
        run("verify", "--pub", pub.toString(), "--sig", garbageSig.toString(), message.toString()).fails(ExitCodes.INVALID);
    }

    @Test
    void keysInWrongFormatsAreUsageErrors() throws Exception {
        KeyPair sm2 = Keys.generate(SignatureAlgorithm.SM2);
        Path message = write("m", MESSAGE);
        Path privatePem = write("sm2.key", Keys.toPem(sm2.getPrivate()));
        Path publicPem = write("sm2.pub", Keys.toPem(sm2.getPublic()));
        Path sig = write("sig", Signatures.sign(SignatureAlgorithm.SM2, sm2.getPrivate(), MESSAGE));

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair rsaPair = rsa.generateKeyPair();
        Path rsaPrivate = write("rsa.key", pem("PRIVATE KEY", rsaPair.getPrivate().getEncoded()));
        Path rsaPublic = write("rsa.pub", pem("PUBLIC KEY", rsaPair.getPublic().getEncoded()));

        assertThat(run("sign", "--key", rsaPrivate.toString(), message.toString()).fails(ExitCodes.USAGE).err())
                .contains("RSA");
        assertThat(run("verify", "--pub", rsaPublic.toString(), "--sig", sig.toString(), message.toString())
                .fails(ExitCodes.USAGE).err()).contains("RSA");
        assertThat(run("sign", "--key", publicPem.toString(), message.toString()).fails(ExitCodes.USAGE).err())
                .contains("public key");
        assertThat(run("verify", "--pub", privatePem.toString(), "--sig", sig.toString(), message.toString())
                .fails(ExitCodes.USAGE).err()).contains("private key");
        Path garbage = write("garbage.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        run("sign", "--key", garbage.toString(), message.toString()).fails(ExitCodes.USAGE);
        run("sign", "--key", dir.resolve("missing.pem").toString(), message.toString()).fails(ExitCodes.USAGE);
        assertThat(run("sign", "--key", privatePem.toString(), "--alg", "ecdsa-p256", message.toString())
                .fails(ExitCodes.USAGE).err()).contains("does not match");
        run("sign", "--key", privatePem.toString(), "--alg", "rsa", message.toString()).fails(ExitCodes.USAGE);
        run("verify", "--pub", publicPem.toString(), "--sig", dir.resolve("nosig").toString(), message.toString())
                .fails(ExitCodes.USAGE);
        runWith(MESSAGE, "verify", "--pub", publicPem.toString(), "--sig", "-").fails(ExitCodes.USAGE);
        run("sign", message.toString()).fails(ExitCodes.USAGE);
        run("sign", "--key", privatePem.toString(), "--out", dir.resolve("no/such/dir/sig").toString(), message.toString())
                .fails(ExitCodes.USAGE);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
