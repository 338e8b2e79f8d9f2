package org.alliance.ledger.core.subject;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.alliance.ledger.core.codec.Hex;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Keyed subject references: {@code HMAC(allianceSecret, UTF-8(normalised ID number))} as 64
 * lowercase hex characters.
 *
 * <p>A plain hash of an ID number can be reversed by trying the roughly 10^10 valid numbers; a
 * keyed hash cannot without the secret, which only the alliance's identity services hold. The
 * same person therefore gets the same reference in every region, but a ledger reader cannot
 * tell who it is.
 */
public final class SubjectReference {
    /** Secrets shorter than this are refused: below 256 bits the key itself could be searched. */
    public static final int MIN_SECRET_BYTES = 32;

    /** The keyed hash used for subject references. */
    public enum Algorithm {
        /** HMAC with SM3 (GM/T 0004), for national-algorithm alliances. */
        HMAC_SM3("hmac-sm3", SM3Digest::new),
        /** HMAC with SHA-256. */
        HMAC_SHA256("hmac-sha256", SHA256Digest::new);

        private final String id;
        private final Supplier<Digest> digest;

        Algorithm(String id, Supplier<Digest> digest) {
            this.id = id;
            this.digest = digest;
        }

        /**
         * The external name, as in configuration files.
         *
         * @return {@code hmac-sm3} or {@code hmac-sha256}
         */
        public String id() {
            return id;
        }

        /**
         * Looks an algorithm up by its external name, case-insensitively.
         *
         * @param id {@code hmac-sm3} or {@code hmac-sha256}
         * @return the algorithm
         * @throws IllegalArgumentException if the name is unknown
         */
        public static Algorithm fromId(String id) {
            String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
            for (Algorithm a : values()) {
                if (a.id.equals(wanted)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown subject reference algorithm '" + id + "'");
        }
    }

    private SubjectReference() {
    }

    /**
     * Computes the subject reference of an ID number.
     *
     * @param alg the keyed hash
     * @param allianceSecret the alliance secret, at least {@value #MIN_SECRET_BYTES} bytes
     * @param normalisedIdNumber a valid ID number in the form {@link IdNumbers#normalise} returns
     * @return 64 lowercase hex characters
     * @throws IllegalArgumentException if the secret is too short or the ID number is not
     *     normalised and valid
     */
    public static String compute(Algorithm alg, byte[] allianceSecret, String normalisedIdNumber) {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(allianceSecret, "allianceSecret");
        if (allianceSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("alliance secret must be at least "
                    + MIN_SECRET_BYTES + " bytes, got " + allianceSecret.length);
        }
        // Hashing an un-normalised number would silently give the same person two references.
        if (normalisedIdNumber == null || !IdNumbers.isValid(normalisedIdNumber)
                || !normalisedIdNumber.equals(normalisedIdNumber.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("ID number is not valid and normalised");
        }
        HMac mac = new HMac(alg.digest.get());
        mac.init(new KeyParameter(allianceSecret));
        byte[] in = normalisedIdNumber.getBytes(StandardCharsets.UTF_8);
        mac.update(in, 0, in.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return Hex.encode(out);
    }
}
