package org.alliance.ledger.core.merkle;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * An RFC 6962 audit path: the sibling hashes from leaf {@code leafIndex} up to the root of a tree
 * of {@code treeSize} leaves, bottom first.
 *
 * <p>The index may be at or beyond the size here; such a proof is representable (it arrives from
 * outside) but never verifies ({@link ProofException.Reason#INDEX_OUT_OF_RANGE}). Hash arrays are
 * copied in and out, so instances are immutable; equality compares hash contents.
 *
 * @param leafIndex zero-based index of the leaf
 * @param treeSize number of leaves in the tree
 * @param hashes the audit path
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> hashes) {
    private static final String INDEX = "leafIndex";
    private static final String SIZE = "treeSize";

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException for a negative index or size or too many hashes
     */
    public InclusionProof {
        if (leafIndex < 0 || treeSize < 0) {
            throw new IllegalArgumentException("leaf index and tree size must not be negative");
        }
        hashes = ProofJson.copyHashes(hashes);
    }

    /**
     * Returns a copy of the audit path.
     *
     * @return the sibling hashes, bottom first
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
     * Writes {@code {"leafIndex":I,"treeSize":N,"hashes":["hex",...]}}.
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
     * @return {@code {"leafIndex":I,"treeSize":N,"hashes":["hex",...]}}
     */
    @JsonValue
    public ObjectNode toJsonTree() {
        return ProofJson.tree(INDEX, leafIndex, SIZE, treeSize, hashes);
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
    public static InclusionProof fromJson(String json, HashAlgorithm algorithm) {
        return ProofJson.read(json, INDEX, SIZE, algorithm, InclusionProof::new);
    }

    /**
     * Compares index, size and hash contents.
     *
     * @param o the other object
     * @return whether both describe the same proof
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof InclusionProof p && p.leafIndex == leafIndex && p.treeSize == treeSize
                && ProofJson.sameHashes(p.hashes, hashes);
    }

    /**
     * Hashes index, size and hash contents.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return ProofJson.hashCode(leafIndex, treeSize, hashes);
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
