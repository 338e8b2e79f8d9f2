package org.alliance.ledger.core.merkle;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * An RFC 6962 consistency proof: the hashes showing that the tree of {@code fromSize} leaves is a
 * prefix of the tree of {@code toSize} leaves, so that nothing logged was changed or removed.
 *
 * <p>{@code fromSize > toSize} is representable but never verifies ({@link
 * ProofException.Reason#INCONSISTENT_SIZES}). Hash arrays are copied in and out, so instances are
 * immutable; equality compares hash contents.
 *
 * @param fromSize the old tree size
 * @param toSize the new tree size
 * @param hashes the proof hashes, in RFC 6962 order
 */
public record ConsistencyProof(long fromSize, long toSize, List<byte[]> hashes) {
    private static final String FROM = "fromSize";
    private static final String TO = "toSize";

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException for a negative size or too many hashes
     */
    public ConsistencyProof {
        if (fromSize < 0 || toSize < 0) {
            throw new IllegalArgumentException("tree sizes must not be negative");
        }
        hashes = ProofJson.copyHashes(hashes);
    }

    /**
     * Returns a copy of the proof hashes.
     *
     * @return the hashes in RFC 6962 order
     */
    @Override
    public List<byte[]> hashes() {
        return ProofJson.cloneAll(hashes);
    }

    /** The hashes without copying, for the verifier, which only reads them. */
    List<byte[]> sharedHashes() {
        return hashes;
    }

    /**
     * Writes {@code {"fromSize":M,"toSize":N,"hashes":["hex",...]}}.
     *
     * @return compact JSON with lowercase hex
     */
    public String toJson() {
        return ProofJson.write(toJsonTree());
    }

    /**
     * The JSON tree of {@link #toJson()}. Jackson serializes the proof as this tree, so that the
     * hashes are lowercase hex (not Jackson's default base64 for byte arrays) wherever a proof is
     * embedded in JSON.
     *
     * @return {@code {"fromSize":M,"toSize":N,"hashes":["hex",...]}}
     */
    @JsonValue
    public ObjectNode toJsonTree() {
        return ProofJson.tree(FROM, fromSize, TO, toSize, hashes);
    }

    /**
     * Parses the form written by {@link #toJson()}, strictly.
     *
     * @param json the JSON text
     * @param algorithm the hash the proof is for; fixes the required hash length
     * @return the proof
     * @throws org.alliance.ledger.core.codec.JsonInputException for malformed JSON, unknown or
     *     missing members, negative or non-integer numbers, or non-hex hashes
     * @throws ProofException with {@link ProofException.Reason#BAD_HASH_LENGTH} for a hash of the
     *     wrong length
     */
    public static ConsistencyProof fromJson(String json, HashAlgorithm algorithm) {
        return ProofJson.read(json, FROM, TO, algorithm, ConsistencyProof::new);
    }

    /**
     * Compares sizes and hash contents.
     *
     * @param o the other object
     * @return whether both describe the same proof
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyProof p && p.fromSize == fromSize && p.toSize == toSize
                && ProofJson.sameHashes(p.hashes, hashes);
    }

    /**
     * Hashes sizes and hash contents.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return ProofJson.hashCode(fromSize, toSize, hashes);
    }

    /**
     * Returns the JSON form, which is also the most readable one.
     *
     * @return {@link #toJson()}
     */
    @Override
    public String toString() {
        return toJson();
    }
}
