package org.alliance.ledger.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysTest {

    /**
     * Reads a test resource generated once with OpenSSL 3.0.
     *
     * @param name the file name next to this class
     * @return the bytes
     */
    static byte[] resource(String name) {
        try (InputStream in = KeysTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(resource(name), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void pemRoundTrip(SignatureAlgorithm alg) {
        KeyPair pair = Keys.generate(alg);
        String privatePem = Keys.toPem(pair.getPrivate());
        String publicPem = Keys.toPem(pair.getPublic());
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n");
        PrivateKey privateKey = Keys.readPrivateKeyPem(privatePem);
        PublicKey publicKey = Keys.readPublicKeyPem(publicPem);
        assertThat(privateKey.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(publicKey.getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(Keys.algorithmOf(publicKey)).isEqualTo(alg);
        assertThat(Keys.algorithmOf(privateKey)).isEqualTo(alg);
        assertThat(Keys.publicKeyFromDer(publicKey.getEncoded()).getEncoded()).isEqualTo(publicKey.getEncoded());
        assertThat(Keys.toPem(privateKey)).isEqualTo(privatePem);
    }

    @Test
    void readsOpenSslKeysCertificatesAndSec1() {
        assertThat(Keys.algorithmOf(Keys.readPrivateKeyPem(text("sm2-openssl.key.pem")))).isEqualTo(SignatureAlgorithm.SM2);
        assertThat(Keys.algorithmOf(Keys.readPublicKeyPem(text("sm2-openssl.pub.pem")))).isEqualTo(SignatureAlgorithm.SM2);
        assertThat(Keys.readPublicKeyPem(text("sm2-openssl.cert.pem")).getEncoded())
                .isEqualTo(Keys.readPublicKeyPem(text("sm2-openssl.pub.pem")).getEncoded());
        assertThat(Keys.algorithmOf(Keys.readPrivateKeyPem(text("p256-openssl.key.pem"))))
                .isEqualTo(SignatureAlgorithm.ECDSA_P256);
        assertThat(Keys.readPrivateKeyPem(text("p256-openssl.sec1.pem")).getEncoded())
                .isEqualTo(Keys.readPrivateKeyPem(text("p256-openssl.key.pem")).getEncoded());
    }

    @Test
    void refusesWrongFormatsWithClearMessages() {
        assertThatThrownBy(() -> Keys.readPrivateKeyPem(text("rsa.key.pem")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("RSA");
        assertThatThrownBy(() -> Keys.readPublicKeyPem(text("rsa.pub.pem")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("RSA");
        assertThatThrownBy(() -> Keys.readPrivateKeyPem(text("p384.key.pem")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("curve");
        assertThatThrownBy(() -> Keys.readPublicKeyPem(text("p384.pub.pem")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("curve");
        assertThatThrownBy(() -> Keys.readPrivateKeyPem(text("p256-encrypted.key.pem")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> Keys.readPrivateKeyPem(text("p256-openssl.pub.pem")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("public key");
        assertThatThrownBy(() -> Keys.readPublicKeyPem(text("p256-openssl.key.pem")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("private key");
        assertThatThrownBy(() -> Keys.readPrivateKeyPem("not a key"))
                .isInstanceOf(CryptoException.class).hasMessageContaining("no PEM");
        assertThatThrownBy(() -> Keys.readPublicKeyPem(text("sm2-openssl.pub.pem") + text("p256-openssl.pub.pem")))
                .isInstanceOf(CryptoException.class).hasMessageContaining("more than one");
    }

    @Test
    void refusesTruncatedAndCorruptedPem() {
        String pem = text("sm2-openssl.key.pem");
        assertThatThrownBy(() -> Keys.readPrivateKeyPem(pem.substring(0, pem.length() / 2)))
                .isInstanceOf(CryptoException.class);
        String lines = pem.substring(0, 40) + "!!!!" + pem.substring(44);
        assertThatThrownBy(() -> Keys.readPrivateKeyPem(lines)).isInstanceOf(CryptoException.class);
        String shortBody = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEG\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Keys.readPrivateKeyPem(shortBody)).isInstanceOf(CryptoException.class);
    }

    @Test
    void publicKeyDerMustBeStrictAndComplete() {
        byte[] der = Keys.generate(SignatureAlgorithm.SM2).getPublic().getEncoded();
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
        assertThatThrownBy(() -> Keys.publicKeyFromDer(trailing)).isInstanceOf(CryptoException.class);
        byte[] truncated = java.util.Arrays.copyOf(der, der.length - 1);
        assertThatThrownBy(() -> Keys.publicKeyFromDer(truncated)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Keys.publicKeyFromDer(new byte[0])).isInstanceOf(CryptoException.class);
    }
}
