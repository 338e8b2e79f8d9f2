package org.alliance.ledger.core.merkle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.HashAlgorithm;

/**
 * The JSON form shared by both proof types: two non-negative integers followed by
 * {@code "hashes"}, an array of lowercase hex strings. Parsing is strict, and written member
 * order is fixed so that the CLI's output is stable.
 */
final class ProofJson {
    /** Proofs are at most a few kilobytes; anything larger is not a proof. */
    static final int MAX_BYTES = 64 * 1024;
    /** No proof over a tree of at most 2^63 leaves has more hashes than this. */
    static final int MAX_HASHES = 128;
    static final String HASHES = "hashes";

    private ProofJson() {
    }

    /** Copies the hash list deeply and checks it is present and bounded. */
    static List<byte[]> copyHashes(List<byte[]> hashes) {
        Objects.requireNonNull(hashes, "hashes");
        if (hashes.size() > MAX_HASHES) {
            throw new IllegalArgumentException("a proof has at most " + MAX_HASHES + " hashes, got " + hashes.size());
        }
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (byte[] h : hashes) {
            copy.add(Objects.requireNonNull(h, "hash").clone());
        }
        return copy;
    }

    static List<byte[]> cloneAll(List<byte[]> hashes) {
        return hashes.stream().map(byte[]::clone).toList();
    }

    static boolean sameHashes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The hash code of a proof: its two numbers and the contents of its hashes. */
    static int hashCode(long first, long second, List<byte[]> hashes) {
        int h = 31 * Long.hashCode(first) + Long.hashCode(second);
        for (byte[] b : hashes) {
            h = 31 * h + Arrays.hashCode(b);
        }
        return h;
    }

    /** Builds a proof from its two numbers and hashes. */
    @FunctionalInterface
    interface Factory<P> {
        P create(long first, long second, List<byte[]> hashes);
    }

    /** Parses the proof form strictly: exactly the two named numbers and the hashes. */
    static <P> P read(String json, String firstName, String secondName, HashAlgorithm algorithm, Factory<P> factory) {
        ObjectNode object = parse(json, firstName, secondName);
        return factory.create(nonNegativeLong(object, firstName), nonNegativeLong(object, secondName),
                hashes(object, algorithm));
    }

    /** The JSON tree of a proof: the two numbers, then the hashes as lowercase hex. */
    static ObjectNode tree(String firstName, long first, String secondName, long second, List<byte[]> hashes) {
        ObjectNode node = StrictJson.mapper().createObjectNode();
        node.put(firstName, first);
        node.put(secondName, second);
        ArrayNode array = node.putArray(HASHES);
        hashes.forEach(h -> array.add(Hex.encode(h)));
        return node;
    }

    static String write(ObjectNode tree) {
        try {
            return StrictJson.mapper().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serializing a JSON tree cannot fail", e);
        }
    }

    /** Parses and checks the object shape: exactly the three members, nothing else. */
    static ObjectNode parse(String json, String firstName, String secondName) {
        Objects.requireNonNull(json, "json");
        JsonNode tree = StrictJson.parseTree(json.getBytes(StandardCharsets.UTF_8), MAX_BYTES);
        if (!(tree instanceof ObjectNode object)) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "proof must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(firstName) && !name.equals(secondName) && !name.equals(HASHES)) {
                throw new JsonInputException(JsonInputException.Kind.UNKNOWN_FIELD,
                        "unknown field '" + name + "' in proof (expected " + firstName + ", " + secondName + ", hashes)");
            }
        }
        return object;
    }

    static long nonNegativeLong(ObjectNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "proof lacks '" + name + "'");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "'" + name + "' must be a non-negative integer, got " + value);
        }
        return value.longValue();
    }

    static List<byte[]> hashes(ObjectNode object, HashAlgorithm algorithm) {
        JsonNode value = object.get(HASHES);
        if (value == null || !value.isArray()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "proof lacks the 'hashes' array");
        }
        if (value.size() > MAX_HASHES) {
            throw new ProofException(ProofException.Reason.WRONG_PROOF_SIZE,
                    "a proof has at most " + MAX_HASHES + " hashes, got " + value.size());
        }
        List<byte[]> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED, "hashes[" + i + "] must be a hex string");
            }
            byte[] hash;
            try {
                hash = Hex.decode(item.textValue());
            } catch (IllegalArgumentException e) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED, "hashes[" + i + "]: " + e.getMessage(), e);
            }
            out.add(MerkleVerifier.requireHashLength(algorithm, hash, "hashes[" + i + "]"));
        }
        return out;
    }
}
