package org.alliance.ledger.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** The hash functions the ledger accepts, named as on the command line and in records. */
public enum HashAlgorithm {
    /** SHA-256 (FIPS 180-4). */
    SHA256("sha256", 32, "SHA-256"),
    /** SM3 (GM/T 0004-2012, GB/T 32905-2016). */
    SM3("sm3", 32, "SM3");

    private final String id;
    private final int length;
    private final String jcaName;

    HashAlgorithm(String id, int length, String jcaName) {
        this.id = id;
        this.length = length;
        this.jcaName = jcaName;
    }

    /**
     * Returns the lowercase name used on the command line and in records.
     *
     * @return the algorithm id, for example {@code sm3}
     */
    public String id() {
        return id;
    }

    /**
     * Returns the digest length in bytes.
     *
     * @return the digest length
     */
    public int length() {
        return length;
    }

    /**
     * Creates a fresh digest object, not shared with any other caller.
     *
     * @return a new message digest
     */
    public MessageDigest newDigest() {
        if (this == SM3) {
            // Our own SM3 rather than Bouncy Castle's: the same bytes, and faster on the 65-byte
            // node hashes that Merkle trees and their proofs are made of (see Sm3).
            return new Sm3();
        }
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the runtime lacks " + jcaName, e);
        }
    }

    /**
     * Hashes the concatenation of the given parts.
     *
     * @param parts byte arrays hashed in order as if concatenated
     * @return the digest
     */
    public byte[] digest(byte[]... parts) {
        MessageDigest md = newDigest();
        for (byte[] part : parts) {
            md.update(Objects.requireNonNull(part, "part"));
        }
        return md.digest();
    }

    /**
     * Looks an algorithm up by its id.
     *
     * @param id the id, for example {@code sha256}
     * @return the algorithm
     * @throws IllegalArgumentException if no algorithm has that id
     */
    public static HashAlgorithm fromId(String id) {
        return AlgorithmIds.lookup(values(), HashAlgorithm::id, id, "hash algorithm");
    }

    /**
     * Returns the id, so that the algorithm prints as users type it.
     *
     * @return the algorithm id
     */
    @Override
    public String toString() {
        return id;
    }
}
