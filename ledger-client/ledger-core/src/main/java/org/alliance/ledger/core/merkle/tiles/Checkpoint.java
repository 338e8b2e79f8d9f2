package org.alliance.ledger.core.merkle.tiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * The size and root of a tree built from tiles: what a checkpoint on the ledger records and what an
 * anchor publishes. Its JSON form is RFC 8785 canonical, so that it can be hashed and signed as
 * written.
 *
 * @param algorithm the hash of the tree
 * @param size the number of leaves
 * @param root the RFC 6962 root
 */
public record Checkpoint(HashAlgorithm algorithm, long size, byte[] root) {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException for a negative size or a root of the wrong length
     */
    public Checkpoint {
        Objects.requireNonNull(algorithm, "algorithm");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        if (root == null || root.length != algorithm.length()) {
            throw new IllegalArgumentException("root must be " + algorithm.length() + " bytes");
        }
        root = root.clone();
    }

    /**
     * Returns the root.
     *
     * @return a copy of the root
     */
    @Override
    public byte[] root() {
        return root.clone();
    }

    /**
     * Writes {@code {"algorithm":"sha256","root":"<hex>","size":N}}.
     *
     * @return the canonical JSON text
     */
    public String toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("algorithm", algorithm.id()).put("root", Hex.encode(root)).put("size", size);
        return CanonicalJson.canonicalString(node);
    }

    /**
     * Parses the form written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the checkpoint
     * @throws JsonInputException if the text is not such a checkpoint
     */
    public static Checkpoint fromJson(String json) {
        JsonNode node = StrictJson.parseTree(json.getBytes(StandardCharsets.UTF_8), 4096);
        JsonNode size = node.path("size");
        if (node.size() != 3 || !node.path("algorithm").isTextual() || !node.path("root").isTextual() || !size.canConvertToExactIntegral()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "a checkpoint is {\"algorithm\":..,\"root\":..,\"size\":..}, got " + json.strip());
        }
        try {
            HashAlgorithm algorithm = HashAlgorithm.fromId(node.get("algorithm").asText());
            return new Checkpoint(algorithm, size.asLong(), Hex.decode(node.get("root").asText(), algorithm.length()));
        } catch (IllegalArgumentException e) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Compares algorithm, size and root contents.
     *
     * @param o the other object
     * @return whether both name the same tree
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.algorithm == algorithm && c.size == size && Arrays.equals(c.root, root);
    }

    /**
     * Hashes algorithm, size and root contents.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(algorithm, size, Arrays.hashCode(root));
    }

    /**
     * Returns the JSON form.
     *
     * @return {@link #toJson()}
     */
    @Override
    public String toString() {
        return toJson();
    }
}
