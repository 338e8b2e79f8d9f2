package org.alliance.ledger.core.bundle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.JsonInputException;

/**
 * Reading of container documents (ledger blocks, evidence bundles) that embed whole signed
 * records.
 *
 * <p>A container adds a few levels of nesting around a record, so it can exceed the record depth
 * limit of {@link org.alliance.ledger.core.codec.StrictJson}; it is therefore parsed with the
 * strict rules and looser limits of {@link CanonicalJson}. The embedded records are checked
 * against their own limits when they are parsed as records.
 */
public final class ContainerJson {
    /** Parsing happens only after {@link CanonicalJson} accepted the bytes, so defaults suffice. */
    private static final ObjectMapper TREES = JsonMapper.builder().build();

    private ContainerJson() {
    }

    /**
     * Parses a container document strictly.
     *
     * @param json UTF-8 JSON
     * @param maxBytes the largest accepted document
     * @return the tree
     * @throws JsonInputException if the document is refused
     */
    public static JsonNode parse(byte[] json, int maxBytes) {
        return tree(canonical(json, maxBytes));
    }

    /**
     * Parses a container document that must already be in canonical form, as blocks on disk are.
     *
     * @param json UTF-8 JSON
     * @param maxBytes the largest accepted document
     * @return the tree
     * @throws JsonInputException if the document is refused or not canonical
     */
    public static JsonNode parseCanonical(byte[] json, int maxBytes) {
        byte[] canonical = canonical(json, maxBytes);
        if (!Arrays.equals(canonical, json)) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "document is not in canonical form");
        }
        return tree(canonical);
    }

    /**
     * Requires an object with exactly the given required members and no others besides the
     * optional ones.
     *
     * @param node the node
     * @param what the object's name, for messages
     * @param required member names that must be present
     * @param optional member names that may be present
     * @return the node
     * @throws JsonInputException if the node is not such an object
     */
    public static JsonNode object(JsonNode node, String what, Set<String> required, Set<String> optional) {
        if (node == null || !node.isObject()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, what + " must be a JSON object");
        }
        for (String name : required) {
            if (!node.has(name) || node.get(name).isNull()) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED, what + "." + name + " is required");
            }
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!required.contains(name) && !optional.contains(name)) {
                throw new JsonInputException(JsonInputException.Kind.UNKNOWN_FIELD, "unknown field '" + what + "." + name + "'");
            }
        }
        return node;
    }

    /**
     * Reads a string member.
     *
     * @param node the object
     * @param what the object's name, for messages
     * @param name the member name
     * @return the string
     * @throws JsonInputException if the member is not a string
     */
    public static String text(JsonNode node, String what, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, what + "." + name + " must be a string");
        }
        return v.textValue();
    }

    /**
     * Reads a non-negative integer member.
     *
     * @param node the object
     * @param what the object's name, for messages
     * @param name the member name
     * @return the number
     * @throws JsonInputException if the member is not a non-negative integer
     */
    public static long count(JsonNode node, String what, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    what + "." + name + " must be a non-negative integer");
        }
        return v.longValue();
    }

    /**
     * Reads a member that is an array of strings.
     *
     * @param node the object
     * @param what the object's name, for messages
     * @param name the member name
     * @param max the most entries accepted
     * @return the strings, in order
     * @throws JsonInputException if the member is not an array of at most {@code max} strings
     */
    public static List<String> texts(JsonNode node, String what, String name, int max) {
        JsonNode v = node.get(name);
        if (v == null || !v.isArray()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, what + "." + name + " must be an array");
        }
        if (v.size() > max) {
            throw new JsonInputException(JsonInputException.Kind.TOO_LARGE,
                    what + "." + name + " has " + v.size() + " entries, more than " + max);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED, what + "." + name + " entries must be strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static byte[] canonical(byte[] json, int maxBytes) {
        Objects.requireNonNull(json, "json");
        if (json.length > maxBytes) {
            throw new JsonInputException(JsonInputException.Kind.TOO_LARGE,
                    "document of " + json.length + " bytes exceeds the limit of " + maxBytes);
        }
        return CanonicalJson.canonicalize(json);
    }

    private static JsonNode tree(byte[] canonical) {
        try {
            return TREES.readTree(canonical);
        } catch (IOException e) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "unreadable JSON: " + e.getMessage(), e);
        }
    }
}
