package org.alliance.ledger.service.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.alliance.ledger.core.crypto.Signatures;
import org.alliance.ledger.service.config.AllianceProperties;
import org.alliance.ledger.service.config.DataDirectory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The signing key: development key on first run, PEM files and PKCS#12 stores of both algorithms. */
class SigningKeyLoaderTest {
    @TempDir
    Path dir;

    @Test
    void generatesAnSm2DevelopmentKeyOnceWithModeSixHundred() throws Exception {
        DataDirectory data = new DataDirectory(new AllianceProperties(dir, "ZhangzhouMSP"));
        KeyPair first = SigningKeyLoader.load(new SigningProperties(null, null, null, null), data);
        KeyPair again = SigningKeyLoader.load(new SigningProperties(null, null, null, null), data);
        assertThat(Keys.algorithmOf(first.getPrivate())).isEqualTo(SignatureAlgorithm.SM2);
        assertThat(again.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
        assertThat(Files.getPosixFilePermissions(dir.resolve(SigningKeyLoader.DEV_KEY_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertSigns(first);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void readsAPemKeyAndDerivesItsPublicKey(SignatureAlgorithm alg) throws Exception {
        KeyPair pair = Keys.generate(alg);
        Path pem = Files.writeString(dir.resolve("k.pem"), Keys.toPem(pair.getPrivate()), StandardCharsets.US_ASCII);
        KeyPair loaded = SigningKeyLoader.load(new SigningProperties(pem, null, null, null), data());
        assertThat(Keys.algorithmOf(loaded.getPrivate())).isEqualTo(alg);
        assertThat(loaded.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertSigns(loaded);
    }

    @Test
    void readsAPkcs12StoreOfAnEcdsaKey() throws Exception {
        KeyPair pair = Keys.generate(SignatureAlgorithm.ECDSA_P256);
        Path p12 = dir.resolve("k.p12");
        KeyStore store = KeyStore.getInstance("PKCS12", new BouncyCastleProvider());
        store.load(null, null);
        store.setKeyEntry("service", pair.getPrivate(), "secret".toCharArray(), new Certificate[] {selfSigned(pair)});
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "secret".toCharArray());
        }
        KeyPair loaded = SigningKeyLoader.load(new SigningProperties(null, p12, "secret", null), data());
        assertThat(loaded.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertSigns(loaded);
        assertThatThrownBy(() -> SigningKeyLoader.load(new SigningProperties(null, p12, "secret", "other"), data()))
                .hasMessageContaining("no key entry");
    }

    @Test
    void refusesTwoKeySources() {
        assertThatThrownBy(() -> new SigningProperties(dir, dir, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private DataDirectory data() {
        return new DataDirectory(new AllianceProperties(dir.resolve("data"), "ZhangzhouMSP"));
    }

    private static void assertSigns(KeyPair pair) {
        SignatureAlgorithm alg = Keys.algorithmOf(pair.getPrivate());
        byte[] msg = "attestation".getBytes(StandardCharsets.UTF_8);
        assertThat(Signatures.verify(alg, pair.getPublic(), msg, Signatures.sign(alg, pair.getPrivate(), msg))).isTrue();
    }

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=identity-service,O=ZhangzhouMSP");
        long now = System.currentTimeMillis();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(now - 60_000),
                new Date(now + 86_400_000L), name, pair.getPublic());
        return new JcaX509CertificateConverter().setProvider(new BouncyCastleProvider()).getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").setProvider(new BouncyCastleProvider()).build(pair.getPrivate())));
    }

}
