package org.alliance.ledger.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 (JSON Canonicalization Scheme) encoding: the bytes that every hash and signature in the
 * ledger is computed over.
 *
 * <p>Input is first parsed with the same strict rules as {@link StrictJson} (no duplicate members,
 * valid UTF-8, no lone surrogates, finite numbers), because the canonicalizer library itself
 * tolerates some of these and would silently produce bytes for input that has no single meaning.
 * Depth and size limits here are looser than {@link StrictJson}'s so that containers (blocks,
 * bundles) that embed whole records can still be canonicalized. Every refusal is a {@link
 * JsonInputException}; no other exception escapes for any input.
 */
public final class CanonicalJson {
    /** Maximum nesting depth accepted for canonicalization. */
    public static final int MAX_DEPTH = 64;
    /** Maximum document size accepted for canonicalization (64 MiB). */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final ObjectMapper MAPPER = StrictJson.build(MAX_DEPTH, MAX_BYTES);

    private CanonicalJson() {
    }

    /**
     * Canonicalizes a UTF-8 JSON document.
     *
     * @param json UTF-8 JSON text
     * @return the canonical UTF-8 bytes
     * @throws JsonInputException if the input is not acceptable JSON
     */
    public static byte[] canonicalize(byte[] json) {
        return canonicalize(StrictJson.parseTree(MAPPER, json, MAX_BYTES));
    }

    /**
     * Canonicalizes a JSON document given as text.
     *
     * @param json JSON text
     * @return the canonical UTF-8 bytes
     * @throws JsonInputException if the input is not acceptable JSON
     */
    public static byte[] canonicalize(String json) {
        Objects.requireNonNull(json, "json");
        if (json.length() > MAX_BYTES) {
            throw new JsonInputException(JsonInputException.Kind.TOO_LARGE,
                    "JSON document of " + json.length() + " characters exceeds the limit of " + MAX_BYTES);
        }
        return canonicalize(StrictJson.parseTree(MAPPER, json));
    }

    /**
     * Canonicalizes a Jackson tree.
     *
     * @param node a tree made only of objects, arrays, strings, finite numbers, booleans and nulls
     * @return the canonical UTF-8 bytes
     * @throws JsonInputException if the tree holds something JSON cannot represent
     */
    public static byte[] canonicalize(JsonNode node) {
        Objects.requireNonNull(node, "node");
        check(node, 1);
        // The canonicalizer library only accepts an object or array at the top level, while RFC
        // 8785 covers any value; a scalar is canonicalized as the only element of an array, whose
        // brackets are then removed (an element is serialized exactly like a top-level value).
        boolean scalar = !node.isContainerNode();
        try {
            String text = MAPPER.writeValueAsString(scalar ? MAPPER.createArrayNode().add(node) : node);
            String canonical = new JsonCanonicalizer(text).getEncodedString();
            return (scalar ? canonical.substring(1, canonical.length() - 1) : canonical).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "cannot serialize JSON tree: " + e.getOriginalMessage(), e);
        } catch (IOException | RuntimeException e) {
            // The canonicalizer reports problems (for example numbers it cannot format) as
            // IOException or unchecked exceptions; both mean the value has no canonical form.
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "JSON has no RFC 8785 canonical form: " + e.getMessage(), e);
        }
    }

    /**
     * Canonicalizes a tree and returns it as text, for logs and test expectations.
     *
     * @param node the tree
     * @return the canonical JSON text
     * @throws JsonInputException if the tree holds something JSON cannot represent
     */
    public static String canonicalString(JsonNode node) {
        return new String(canonicalize(node), StandardCharsets.UTF_8);
    }

    private static void check(JsonNode node, int depth) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                checkDepth(depth);
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    StrictJson.requireValidUnicode(e.getKey());
                    check(e.getValue(), depth + 1);
                }
            }
            case ARRAY -> {
                checkDepth(depth);
                for (JsonNode child : node) {
                    check(child, depth + 1);
                }
            }
            case STRING -> StrictJson.requireValidUnicode(node.textValue());
            case NUMBER -> {
                if (!Double.isFinite(node.doubleValue())) {
                    throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                            "number " + node.asText() + " is outside the range of IEEE 754 double");
                }
            }
            case BOOLEAN, NULL -> {
                // Always representable.
            }
            default -> throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "JSON tree holds a " + node.getNodeType() + " node, which has no JSON text form");
        }
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonInputException(JsonInputException.Kind.TOO_DEEP,
                    "JSON nesting depth exceeds " + MAX_DEPTH);
        }
    }
}
