package org.alliance.ledger.core.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.alliance.ledger.core.codec.Hex;
import org.junit.jupiter.api.Test;

class SubjectReferenceTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String ID = "11010519491231002X";

    @Test
    void hmacSha256MatchesTheJdk() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        String expected = Hex.encode(mac.doFinal(ID.getBytes(StandardCharsets.UTF_8)));
        assertThat(SubjectReference.compute(SubjectReference.Algorithm.HMAC_SHA256, SECRET, ID)).isEqualTo(expected);
    }

    @Test
    void hmacSm3IsDeterministicKeyedAndDistinctFromSha256() {
        String a = SubjectReference.compute(SubjectReference.Algorithm.HMAC_SM3, SECRET, ID);
        assertThat(a).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(SubjectReference.compute(SubjectReference.Algorithm.HMAC_SM3, SECRET, ID)).isEqualTo(a);
        byte[] other = SECRET.clone();
        other[0] ^= 1;
        assertThat(SubjectReference.compute(SubjectReference.Algorithm.HMAC_SM3, other, ID)).isNotEqualTo(a);
        assertThat(SubjectReference.compute(SubjectReference.Algorithm.HMAC_SHA256, SECRET, ID)).isNotEqualTo(a);
        assertThat(SubjectReference.Algorithm.fromId("HMAC-SM3")).isEqualTo(SubjectReference.Algorithm.HMAC_SM3);
    }

    @Test
    void shortSecretsAndUnnormalisedNumbersAreRefused() {
        assertThatThrownBy(() -> SubjectReference.compute(SubjectReference.Algorithm.HMAC_SM3, new byte[31], ID))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThatThrownBy(() -> SubjectReference.compute(SubjectReference.Algorithm.HMAC_SM3, SECRET, "11010519491231002x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectReference.compute(SubjectReference.Algorithm.HMAC_SM3, SECRET, "110105194912310021"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectReference.Algorithm.fromId("md5")).isInstanceOf(IllegalArgumentException.class);
    }
}
