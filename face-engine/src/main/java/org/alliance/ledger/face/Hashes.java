package org.alliance.ledger.face;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lowercase hex, for frame digests and model checksums alike. */
final class Hashes {
    private Hashes() {
    }

    /**
     * Hashes the concatenation of the parts.
     *
     * @param parts byte arrays, hashed in order
     * @return lowercase hex SHA-256
     */
    static String sha256Hex(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
