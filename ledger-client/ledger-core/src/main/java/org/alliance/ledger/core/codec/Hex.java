package org.alliance.ledger.core.codec;

/**
 * Strict lowercase hexadecimal encoding.
 *
 * <p>Decoding accepts upper and lower case but rejects odd lengths and any non-hex character, so
 * that a mistyped digest can never be silently truncated or padded.
 */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /**
     * Encodes bytes as lowercase hex.
     *
     * @param bytes the bytes to encode
     * @return lowercase hex, two characters per byte
     */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * Decodes hex text.
     *
     * @param hex hex text of even length
     * @return the decoded bytes
     * @throws IllegalArgumentException if the text has odd length or a non-hex character
     */
    public static byte[] decode(CharSequence hex) {
        int len = hex.length();
        if ((len & 1) != 0) {
            throw new IllegalArgumentException("hex has odd length " + len);
        }
        byte[] out = new byte[len / 2];
        for (int i = 0; i < len; i += 2) {
            out[i / 2] = (byte) ((nibble(hex.charAt(i), i) << 4) | nibble(hex.charAt(i + 1), i + 1));
        }
        return out;
    }

    /**
     * Decodes hex text that must encode exactly {@code expectedBytes} bytes.
     *
     * @param hex hex text
     * @param expectedBytes required decoded length
     * @return the decoded bytes
     * @throws IllegalArgumentException if the text is not hex or has the wrong length
     */
    public static byte[] decode(CharSequence hex, int expectedBytes) {
        byte[] out = decode(hex);
        if (out.length != expectedBytes) {
            throw new IllegalArgumentException(
                    "expected " + expectedBytes + " bytes of hex but got " + out.length);
        }
        return out;
    }

    private static int nibble(char c, int index) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new IllegalArgumentException("non-hex character at position " + index);
    }
}
