package org.alliance.ledger.core.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one place where untrusted JSON is parsed.
 *
 * <p>Jackson's defaults are lenient in ways that matter for signed evidence: a duplicated member
 * lets two readers see different values, unknown members smuggle data past validation, and
 * trailing tokens or scalar coercion ("1" read as 1) make two different byte strings mean the same
 * record. This class closes all of those and turns every refusal into a {@link
 * JsonInputException} with a {@link JsonInputException.Kind}.
 *
 * <p>Limits: nesting depth {@value #MAX_DEPTH}; any single string up to {@value
 * #MAX_DOCUMENT_BYTES} bytes (the record layer enforces its tighter per-field limit itself, so that
 * the error names the field); the whole document up to the {@code maxBytes} the caller passes.
 * Strings must be valid Unicode: a lone UTF-16 surrogate (possible through a {@code \\u} escape) is
 * refused because RFC 8785 canonicalization cannot encode it.
 *
 * <p>Serialization through {@link #mapper()} omits {@code null} members, so that an absent optional
 * field and a {@code null} one hash the same.
 */
public final class StrictJson {
    /** Maximum nesting of objects and arrays in any parsed document. */
    public static final int MAX_DEPTH = 16;
    /** Default maximum size of a whole document in bytes (256 KiB). */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    private static final ObjectMapper STRICT = build(MAX_DEPTH, MAX_DOCUMENT_BYTES);

    private StrictJson() {
    }

    /**
     * Returns the shared strict mapper. It is thread safe; do not reconfigure it.
     *
     * <p>Prefer {@link #read} and {@link #parseTree}, which add the size check and typed errors.
     *
     * @return the strictly configured mapper
     */
    public static ObjectMapper mapper() {
        return STRICT;
    }

    /**
     * Parses a document into a tree.
     *
     * @param json UTF-8 JSON
     * @param maxBytes the largest accepted document
     * @return the parsed tree
     * @throws JsonInputException if the input is refused
     */
    public static JsonNode parseTree(byte[] json, int maxBytes) {
        return parseTree(STRICT, json, maxBytes);
    }

    /**
     * Parses a document into an instance of {@code type}.
     *
     * <p>Validation exceptions of the application's own types thrown by a constructor (for example
     * a record's compact constructor) are rethrown unwrapped so that they keep their meaning;
     * other binding failures become {@link JsonInputException}.
     *
     * @param json UTF-8 JSON
     * @param type the target type
     * @param maxBytes the largest accepted document
     * @param <T> the target type
     * @return the bound value, never {@code null}
     * @throws JsonInputException if the input is refused
     */
    public static <T> T read(byte[] json, Class<T> type, int maxBytes) {
        Objects.requireNonNull(type, "type");
        JsonNode tree = parseTree(json, maxBytes);
        T value;
        try {
            value = STRICT.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw translate(e);
        }
        if (value == null) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "expected a JSON " + type.getSimpleName() + " but got null");
        }
        return value;
    }

    /**
     * Parses with the given mapper, enforcing the size limit and Unicode validity.
     *
     * @param mapper a mapper built by {@link #build}
     * @param json UTF-8 JSON
     * @param maxBytes the largest accepted document
     * @return the parsed tree
     */
    static JsonNode parseTree(ObjectMapper mapper, byte[] json, int maxBytes) {
        Objects.requireNonNull(json, "json");
        if (json.length > maxBytes) {
            throw new JsonInputException(JsonInputException.Kind.TOO_LARGE,
                    "JSON document of " + json.length + " bytes exceeds the limit of " + maxBytes);
        }
        return parseTree(mapper, decodeUtf8(json));
    }

    /**
     * Parses text with the given mapper, enforcing Unicode validity.
     *
     * @param mapper a mapper built by {@link #build}
     * @param json JSON text
     * @return the parsed tree
     */
    static JsonNode parseTree(ObjectMapper mapper, String json) {
        Objects.requireNonNull(json, "json");
        if (!json.isEmpty() && json.charAt(0) == '\uFEFF') {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "JSON must not start with a byte order mark");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "empty JSON document");
        }
        requireValidUnicode(tree);
        return tree;
    }

    /**
     * Decodes strict UTF-8. Jackson would otherwise guess UTF-16 or UTF-32 from the first bytes,
     * letting one document have several byte encodings and therefore several hashes.
     */
    private static String decodeUtf8(byte[] json) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "JSON is not valid UTF-8", e);
        }
    }

    /**
     * Builds a mapper with the strict settings and the given limits.
     *
     * @param maxDepth maximum nesting depth
     * @param maxStringBytes maximum length of one string
     * @return a new mapper
     */
    static ObjectMapper build(int maxDepth, int maxStringBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(maxStringBytes)
                        .maxNameLength(maxStringBytes)
                        .maxNumberLength(64)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setAcceptBlankAsEmpty(false);
        return mapper;
    }

    private static RuntimeException translate(Exception e) {
        if (e instanceof JsonInputException jie) {
            return jie;
        }
        RuntimeException domain = applicationCause(e);
        if (domain != null) {
            return domain;
        }
        if (e instanceof StreamConstraintsException sce) {
            JsonInputException.Kind kind = String.valueOf(sce.getOriginalMessage()).contains("nesting depth")
                    ? JsonInputException.Kind.TOO_DEEP
                    : JsonInputException.Kind.TOO_LARGE;
            return new JsonInputException(kind, describe(sce), e);
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return new JsonInputException(JsonInputException.Kind.UNKNOWN_FIELD,
                    "unknown field '" + upe.getPropertyName() + "'" + path(upe), e);
        }
        if (e instanceof JsonParseException jpe
                && String.valueOf(jpe.getOriginalMessage()).startsWith("Duplicate field")) {
            return new JsonInputException(JsonInputException.Kind.DUPLICATE_KEY, describe(jpe), e);
        }
        if (e instanceof JsonMappingException jme && jme.getCause() != null
                && !(jme.getCause() instanceof JsonProcessingException)) {
            return new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "invalid value" + path(jme) + ": " + oneLine(jme.getCause().getMessage()), e);
        }
        if (e instanceof JsonProcessingException jpe
                && String.valueOf(jpe.getOriginalMessage()).startsWith("Trailing token")) {
            return new JsonInputException(JsonInputException.Kind.MALFORMED,
                    "unexpected content after the JSON value" + location(jpe), e);
        }
        if (e instanceof JsonProcessingException jpe) {
            return new JsonInputException(JsonInputException.Kind.MALFORMED, describe(jpe), e);
        }
        return new JsonInputException(JsonInputException.Kind.MALFORMED,
                "malformed JSON: " + oneLine(e.getMessage()), e);
    }

    /**
     * Finds an exception of the application's own type thrown while constructing a value, so that
     * it can propagate with its own type rather than as a generic binding failure.
     */
    private static RuntimeException applicationCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof RuntimeException re && t.getClass().getName().startsWith("org.alliance.")) {
                return re;
            }
        }
        return null;
    }

    private static String describe(JsonProcessingException e) {
        StringBuilder sb = new StringBuilder(oneLine(e.getOriginalMessage()));
        if (e instanceof JsonMappingException jme) {
            sb.append(path(jme));
        }
        return sb.append(location(e)).toString();
    }

    private static String location(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc != null && loc.getLineNr() > 0
                ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"
                : "";
    }

    private static String path(JsonMappingException e) {
        String ref = e.getPathReference();
        if (e.getPath().isEmpty() || ref == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "" : " at " + sb;
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private static void requireValidUnicode(JsonNode node) {
        if (node.isTextual()) {
            requireValidUnicode(node.textValue());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                requireValidUnicode(e.getKey());
                requireValidUnicode(e.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                requireValidUnicode(child);
            }
        }
    }

    /**
     * Refuses a string with a lone UTF-16 surrogate, which has no UTF-8 encoding.
     *
     * @param s the string to check
     */
    static void requireValidUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new JsonInputException(JsonInputException.Kind.MALFORMED,
                        "string contains a lone UTF-16 surrogate U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT));
            }
        }
    }
}
