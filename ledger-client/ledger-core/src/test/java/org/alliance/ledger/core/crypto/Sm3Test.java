package org.alliance.ledger.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.alliance.ledger.core.codec.Hex;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;

/** The pure-Java SM3 against the standard's examples and, for many inputs, Bouncy Castle's SM3. */
class Sm3Test {
    /** Lengths around the block size and the padding limit (56 = 64 - 8 bytes of length). */
    private static final int[] BOUNDARIES = {55, 56, 57, 63, 64, 65, 66, 119, 120, 121, 127, 128, 129};

    private static byte[] bc(byte[] input) {
        SM3Digest d = new SM3Digest();
        d.update(input, 0, input.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private static byte[] sm3(byte[] input) {
        return new Sm3().digest(input);
    }

    @Test
    void knownAnswersOfTheStandard() {
        // GB/T 32905-2016, appendix A: examples 1 (one block) and 2 (64 bytes, two blocks).
        assertThat(Hex.encode(sm3("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(Hex.encode(sm3("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    @Test
    void equalsBouncyCastleForEveryLengthUpTo300AndAtBlockBoundaries() {
        SplittableRandom random = new SplittableRandom(32905);
        int[] lengths = IntStream.concat(IntStream.rangeClosed(0, 300), IntStream.of(BOUNDARIES)).toArray();
        for (int length : lengths) {
            for (int trial = 0; trial < 20; trial++) {
                byte[] input = new byte[length];
                random.nextBytes(input);
                assertThat(sm3(input)).as("length %d", length).isEqualTo(bc(input));
            }
        }
    }

    @Test
    void piecewiseUpdatesAndReuseGiveTheSameDigest() throws DigestException {
        SplittableRandom random = new SplittableRandom(7);
        Sm3 digest = new Sm3();
        for (int length : BOUNDARIES) {
            byte[] input = new byte[length + 3];
            random.nextBytes(input);
            byte[] expected = bc(java.util.Arrays.copyOfRange(input, 3, input.length));
            // Split at a random point, one byte through the single-byte update.
            int cut = random.nextInt(length + 1);
            digest.update(input, 3, cut);
            if (cut < length) {
                digest.update(input[3 + cut]);
                digest.update(input, 4 + cut, length - cut - 1);
            }
            byte[] out = new byte[40];
            assertThat(digest.digest(out, 5, 32)).isEqualTo(32);
            assertThat(java.util.Arrays.copyOfRange(out, 5, 37)).as("length %d cut %d", length, cut).isEqualTo(expected);
            // The digest reset itself: the same input again gives the same hash.
            digest.update(input, 3, length);
            assertThat(digest.digest()).isEqualTo(expected);
        }
    }

    @Test
    void rfc6962LeafAndNodeHashesEqualBouncyCastle() {
        SplittableRandom random = new SplittableRandom(6962);
        Sm3 digest = new Sm3();
        // Every value of a node's last byte selects a different precomputed last block.
        for (int last = 0; last < 256; last++) {
            byte[] node = new byte[65];
            random.nextBytes(node);
            node[0] = 0x01;
            node[64] = (byte) last;
            digest.update(node, 0, 1);
            digest.update(node, 1, 64);
            assertThat(digest.digest()).as("node ending in %d", last).isEqualTo(bc(node));
            byte[] leaf = new byte[33];
            random.nextBytes(leaf);
            leaf[0] = 0x00;
            assertThat(sm3(leaf)).isEqualTo(bc(leaf));
        }
    }

    @Test
    void aCloneContinuesIndependently() throws CloneNotSupportedException {
        Sm3 digest = new Sm3();
        digest.update("ab".getBytes(StandardCharsets.US_ASCII));
        Sm3 copy = (Sm3) digest.clone();
        digest.update((byte) 'c');
        copy.update((byte) 'x');
        assertThat(digest.digest()).isEqualTo(bc("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(copy.digest()).isEqualTo(bc("abx".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aTooShortOutputIsRefused() {
        assertThatThrownBy(() -> new Sm3().digest(new byte[31], 0, 31)).isInstanceOf(DigestException.class);
    }
}
