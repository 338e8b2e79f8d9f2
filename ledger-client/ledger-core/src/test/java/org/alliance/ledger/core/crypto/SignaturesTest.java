package org.alliance.ledger.core.crypto;

import static org.alliance.ledger.core.crypto.KeysTest.resource;
import static org.alliance.ledger.core.crypto.KeysTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignaturesTest {
    private static final byte[] MESSAGE = "case-2026-0001/step-2".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void roundTripAndTamperDetection(SignatureAlgorithm alg) {
        KeyPair pair = Keys.generate(alg);
        byte[] signature = Signatures.sign(alg, pair.getPrivate(), MESSAGE);
        assertThat(Signatures.verify(alg, pair.getPublic(), MESSAGE, signature)).isTrue();

        byte[] otherMessage = MESSAGE.clone();
        otherMessage[0] ^= 1;
        assertThat(Signatures.verify(alg, pair.getPublic(), otherMessage, signature)).isFalse();
        assertThat(Signatures.verify(alg, Keys.generate(alg).getPublic(), MESSAGE, signature)).isFalse();
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] tampered = signature.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Signatures.verify(alg, pair.getPublic(), MESSAGE, tampered)).as("bit %d", bit).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void nonStrictDerEncodingsAreRejected(SignatureAlgorithm alg) throws Exception {
        KeyPair pair = Keys.generate(alg);
        byte[] signature = Signatures.sign(alg, pair.getPrivate(), MESSAGE);
        PublicKey key = pair.getPublic();
        assertThat(Signatures.verify(alg, key, MESSAGE, Arrays.copyOf(signature, signature.length + 1))).isFalse();
        assertThat(Signatures.verify(alg, key, MESSAGE, Arrays.copyOf(signature, signature.length - 1))).isFalse();
        assertThat(Signatures.verify(alg, key, MESSAGE, new byte[0])).isFalse();
        assertThat(Signatures.verify(alg, key, MESSAGE, null)).isFalse();

        ASN1Sequence seq = ASN1Sequence.getInstance(signature);
        ASN1EncodableVector v = new ASN1EncodableVector();
        seq.forEach(v::add);
        // Same r and s, indefinite-length BER framing: verifies in lax parsers, must not here.
        byte[] ber = new BERSequence(v).getEncoded("BER");
        assertThat(ber).isNotEqualTo(signature);
        assertThat(Signatures.verify(alg, key, MESSAGE, ber)).isFalse();
        // s replaced by n - s is the classic malleated twin; with r unchanged it is another valid
        // signature only for ECDSA, and must be rejected for SM2.
        ASN1Integer r = (ASN1Integer) seq.getObjectAt(0);
        ASN1Integer s = (ASN1Integer) seq.getObjectAt(1);
        byte[] zeroR = new DERSequence(new ASN1Integer[] {new ASN1Integer(0), s}).getEncoded();
        assertThat(Signatures.verify(alg, key, MESSAGE, zeroR)).isFalse();
        byte[] bigS = new DERSequence(new ASN1Integer[] {r, new ASN1Integer(Keys.order(alg))}).getEncoded();
        assertThat(Signatures.verify(alg, key, MESSAGE, bigS)).isFalse();
    }

    @Test
    void keyOfTheOtherSchemeIsAnError() {
        KeyPair sm2 = Keys.generate(SignatureAlgorithm.SM2);
        assertThatThrownBy(() -> Signatures.sign(SignatureAlgorithm.ECDSA_P256, sm2.getPrivate(), MESSAGE))
                .isInstanceOf(CryptoException.class).hasMessageContaining("sm2");
        byte[] sig = Signatures.sign(SignatureAlgorithm.SM2, sm2.getPrivate(), MESSAGE);
        assertThatThrownBy(() -> Signatures.verify(SignatureAlgorithm.ECDSA_P256, sm2.getPublic(), MESSAGE, sig))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void verifiesSignaturesMadeByOpenSsl3() {
        byte[] message = resource("message.txt");
        PublicKey sm2 = Keys.readPublicKeyPem(text("sm2-openssl.pub.pem"));
        byte[] sm2Sig = resource("sm2-openssl.sig.der");
        assertThat(Signatures.verify(SignatureAlgorithm.SM2, sm2, message, sm2Sig)).isTrue();
        assertThat(Signatures.verify(SignatureAlgorithm.SM2, sm2, MESSAGE, sm2Sig)).isFalse();
        PublicKey p256 = Keys.readPublicKeyPem(text("p256-openssl.pub.pem"));
        assertThat(Signatures.verify(SignatureAlgorithm.ECDSA_P256, p256, message, resource("p256-openssl.sig.der")))
                .isTrue();
    }
}
