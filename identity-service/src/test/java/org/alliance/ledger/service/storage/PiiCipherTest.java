package org.alliance.ledger.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SM4-GCM sealing of personal data: round trip, fresh IVs, and binding to key, context and bytes. */
class PiiCipherTest {
    private final PiiCipher cipher = new PiiCipher(new byte[16]);
    private final byte[] data = "350622199001011234".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsWithFreshIvs() {
        PiiCipher.Sealed a = cipher.seal(data, "att-1/ID_NUMBER/0");
        PiiCipher.Sealed b = cipher.seal(data, "att-1/ID_NUMBER/0");
        assertThat(a.iv()).hasSize(12).isNotEqualTo(b.iv());
        assertThat(a.ciphertext()).hasSize(data.length + 16).isNotEqualTo(b.ciphertext());
        assertThat(cipher.open(a, "att-1/ID_NUMBER/0")).isEqualTo(data);
    }

    @Test
    void refusesAnotherContextKeyOrAChangedByte() {
        PiiCipher.Sealed sealed = cipher.seal(data, "att-1/ID_NUMBER/0");
        assertThatThrownBy(() -> cipher.open(sealed, "att-2/ID_NUMBER/0")).isInstanceOf(IllegalStateException.class);
        byte[] otherKey = new byte[16];
        otherKey[0] = 1;
        assertThatThrownBy(() -> new PiiCipher(otherKey).open(sealed, "att-1/ID_NUMBER/0"))
                .isInstanceOf(IllegalStateException.class);
        byte[] flipped = sealed.ciphertext().clone();
        flipped[3] ^= 1;
        assertThatThrownBy(() -> cipher.open(new PiiCipher.Sealed(sealed.iv(), flipped), "att-1/ID_NUMBER/0"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesKeysOfTheWrongLength() {
        assertThatThrownBy(() -> new PiiCipher(new byte[32])).isInstanceOf(IllegalArgumentException.class);
    }
}
