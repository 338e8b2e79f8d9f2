package org.alliance.ledger.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.alliance.ledger.core.codec.Hex;
import org.junit.jupiter.api.Test;

class HashAlgorithmTest {

    private static String hex(HashAlgorithm alg, String ascii) {
        return Hex.encode(alg.digest(ascii.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void sm3KnownAnswersFromGmT0004() {
        assertThat(hex(HashAlgorithm.SM3, "abc"))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(hex(HashAlgorithm.SM3, "abcd".repeat(16)))
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    @Test
    void sha256KnownAnswersFromFips180() {
        assertThat(hex(HashAlgorithm.SHA256, ""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex(HashAlgorithm.SHA256, "abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hex(HashAlgorithm.SHA256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void digestHashesTheConcatenationOfParts() {
        for (HashAlgorithm alg : HashAlgorithm.values()) {
            byte[] whole = alg.digest("abcdef".getBytes(StandardCharsets.US_ASCII));
            byte[] parts = alg.digest(new byte[] {'a'}, new byte[0], "bcd".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {'e', 'f'});
            assertThat(parts).isEqualTo(whole).hasSize(alg.length());
            assertThat(alg.newDigest().getDigestLength()).isEqualTo(alg.length());
        }
    }

    @Test
    void idsRoundTripAndUnknownIdsAreNamed() {
        for (HashAlgorithm alg : HashAlgorithm.values()) {
            assertThat(HashAlgorithm.fromId(alg.id())).isSameAs(alg);
            assertThat(alg).hasToString(alg.id());
        }
        assertThatThrownBy(() -> HashAlgorithm.fromId("SHA256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHA256").hasMessageContaining("sha256, sm3");
        assertThatThrownBy(() -> SignatureAlgorithm.fromId("rsa"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ecdsa-p256, sm2");
        assertThat(SignatureAlgorithm.fromId("sm2").hash()).isEqualTo(HashAlgorithm.SM3);
        assertThat(SignatureAlgorithm.fromId("ecdsa-p256").hash()).isEqualTo(HashAlgorithm.SHA256);
    }
}
