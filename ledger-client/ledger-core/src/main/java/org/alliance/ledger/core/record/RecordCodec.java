package org.alliance.ledger.core.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.state.Page;

/**
 * The strict JSON codec for evidence records, and the canonical encoding of every value the
 * ledger stores or returns (records, stored records, batches, receipts and views).
 *
 * <p>Parsing refuses, with a {@link RuleException}: malformed JSON or wrong value types
 * ({@code MALFORMED_INPUT}), unknown fields anywhere ({@code UNKNOWN_FIELD}), input, strings,
 * arrays or nesting beyond the limits of DESIGN.md ({@code VALUE_TOO_LARGE}), and hashes of the
 * wrong length ({@code BAD_HASH}). A record must also be in the one representation its typed
 * model produces: an explicit {@code null}, for example, is refused rather than silently
 * dropped, because the hash and signature must be over exactly what the producer sent.
 */
public final class RecordCodec {
    /**
     * Largest accepted batch input, in bytes: room for {@value #MAX_BATCH_RECORDS} records of about
     * 2 KB, well inside the ordering service's 10 MB transaction limit with the write set and the
     * endorsements added.
     */
    public static final int MAX_INPUT_BYTES = 2 * 1024 * 1024;
    /** Largest accepted single record, in bytes. */
    public static final int MAX_RECORD_BYTES = 256 * 1024;
    /** Most records in one batch. */
    public static final int MAX_BATCH_RECORDS = 1000;
    /** Longest string, in UTF-8 bytes. */
    public static final int MAX_STRING_BYTES = 4 * 1024;
    /** Most entries in one array. */
    public static final int MAX_ARRAY_ENTRIES = 1000;
    /** Deepest nesting of objects and arrays. */
    public static final int MAX_DEPTH = 16;
    /** Largest view or stored value accepted by {@link #fromJson}, in bytes. */
    public static final int MAX_VIEW_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper MAPPER = StrictJson.mapper();

    private RecordCodec() {
    }

    /**
     * Parses a batch: one signed record object, or an array of 1 to {@value #MAX_BATCH_RECORDS}.
     *
     * @param json UTF-8 JSON
     * @return the records, in input order
     * @throws RuleException if the input is refused
     */
    public static List<SignedRecord> parseBatch(byte[] json) {
        JsonNode tree = tree(json, MAX_INPUT_BYTES);
        if (!tree.isArray()) {
            return List.of(signedFromTree(tree));
        }
        if (tree.isEmpty()) {
            throw Fields.malformed("a batch needs at least one record");
        }
        if (tree.size() > MAX_BATCH_RECORDS) {
            throw new RuleException(ErrorCode.VALUE_TOO_LARGE,
                    "a batch holds at most " + MAX_BATCH_RECORDS + " records, got " + tree.size());
        }
        List<SignedRecord> out = new ArrayList<>(tree.size());
        for (JsonNode n : tree) {
            out.add(signedFromTree(n));
        }
        return List.copyOf(out);
    }

    /**
     * Parses one signed record.
     *
     * @param json UTF-8 JSON of a single signed record object
     * @return the record
     * @throws RuleException if the input is refused
     */
    public static SignedRecord parse(byte[] json) {
        JsonNode tree = tree(json, MAX_RECORD_BYTES);
        if (!tree.isObject()) {
            throw Fields.malformed("expected one signed record object");
        }
        return signedFromTree(tree);
    }

    /**
     * Binds a signed record from a parsed tree, enforcing the limits.
     *
     * @param node the tree
     * @return the record
     * @throws RuleException if the tree is refused
     */
    public static SignedRecord signedFromTree(JsonNode node) {
        checkLimits(node);
        if (!node.isObject()) {
            throw Fields.malformed("a signed record must be a JSON object");
        }
        return bind(node, MAPPER.constructType(SignedRecord.class));
    }

    /**
     * The canonical (RFC 8785) UTF-8 JSON of a record, view or receipt.
     *
     * @param value any value of this library's JSON-shaped types
     * @return the canonical bytes
     */
    public static byte[] toCanonicalJson(Object value) {
        return CanonicalJson.canonicalize(toTree(value));
    }

    /**
     * The JSON tree of a value, absent optional fields omitted.
     *
     * @param value the value
     * @return the tree
     */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * The record hash: {@code hashAlg(canonical(record))}.
     *
     * @param record the record
     * @return the digest
     */
    public static byte[] hash(EvidenceRecord record) {
        return record.hashAlgorithm().digest(toCanonicalJson(record));
    }

    /**
     * The record hash in the {@code ALG:HEX} form used by {@code prev} links.
     *
     * @param record the record
     * @return the tagged hash
     */
    public static String taggedHash(EvidenceRecord record) {
        return Fields.tag(record.hashAlgorithm(), hash(record));
    }

    /**
     * Parses a stored value, view or receipt that this codec wrote.
     *
     * @param json UTF-8 JSON
     * @param type the target type
     * @param <T> the target type
     * @return the value
     * @throws RuleException if the input is refused
     */
    public static <T> T fromJson(byte[] json, Class<T> type) {
        return bind(tree(json, MAX_VIEW_BYTES), MAPPER.constructType(type));
    }

    /**
     * Parses a page of values that this codec wrote.
     *
     * @param json UTF-8 JSON of a {@link Page}
     * @param itemType the entry type
     * @param <T> the entry type
     * @return the page
     * @throws RuleException if the input is refused
     */
    public static <T> Page<T> pageFromJson(byte[] json, Class<T> itemType) {
        JavaType type = MAPPER.getTypeFactory().constructParametricType(Page.class, itemType);
        return bind(tree(json, MAX_VIEW_BYTES), type);
    }

    /**
     * Enforces the per-value limits of DESIGN.md on a tree: strings at most
     * {@value #MAX_STRING_BYTES} UTF-8 bytes, arrays at most {@value #MAX_ARRAY_ENTRIES} entries,
     * nesting at most {@value #MAX_DEPTH}.
     *
     * @param node the tree
     * @throws RuleException with {@link ErrorCode#VALUE_TOO_LARGE} naming the offending path
     */
    public static void checkLimits(JsonNode node) {
        checkLimits(node, "$", 1);
    }

    private static void checkLimits(JsonNode node, String path, int depth) {
        if (node.isContainerNode() && depth > MAX_DEPTH) {
            throw new RuleException(ErrorCode.VALUE_TOO_LARGE, "nesting deeper than " + MAX_DEPTH + " at " + path);
        }
        if (node.isTextual() && node.textValue().getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
            throw new RuleException(ErrorCode.VALUE_TOO_LARGE,
                    "string longer than " + MAX_STRING_BYTES + " bytes at " + path);
        }
        if (node.isArray()) {
            if (node.size() > MAX_ARRAY_ENTRIES) {
                throw new RuleException(ErrorCode.VALUE_TOO_LARGE,
                        "array longer than " + MAX_ARRAY_ENTRIES + " entries at " + path);
            }
            for (int i = 0; i < node.size(); i++) {
                checkLimits(node.get(i), path + "[" + i + "]", depth + 1);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
                    throw new RuleException(ErrorCode.VALUE_TOO_LARGE, "field name too long at " + path);
                }
                checkLimits(e.getValue(), path + "." + e.getKey(), depth + 1);
            }
        }
    }

    /**
     * Maps a refusal of the JSON layer onto the contract's error codes.
     *
     * @param e the refusal
     * @return the rule exception to throw
     */
    public static RuleException toRuleException(JsonInputException e) {
        ErrorCode code = switch (e.kind()) {
            case UNKNOWN_FIELD -> ErrorCode.UNKNOWN_FIELD;
            case TOO_LARGE, TOO_DEEP -> ErrorCode.VALUE_TOO_LARGE;
            case MALFORMED, DUPLICATE_KEY -> ErrorCode.MALFORMED_INPUT;
        };
        return new RuleException(code, e.getMessage(), e);
    }

    private static JsonNode tree(byte[] json, int maxBytes) {
        try {
            return StrictJson.parseTree(json, maxBytes);
        } catch (JsonInputException e) {
            throw toRuleException(e);
        }
    }

    /**
     * Binds a tree strictly. Refusals raised by this library's constructors keep their codes;
     * Jackson's own binding failures become {@code UNKNOWN_FIELD} or {@code MALFORMED_INPUT}.
     */
    private static <T> T bind(JsonNode node, JavaType type) {
        T value;
        try {
            value = MAPPER.treeToValue(node, type);
        } catch (IOException | RuntimeException e) {
            throw translate(e);
        }
        if (value == null) {
            throw Fields.malformed("expected " + type.getRawClass().getSimpleName() + " but got null");
        }
        return value;
    }

    private static RuntimeException translate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleException re) {
                return re;
            }
            if (t instanceof JsonInputException jie) {
                return toRuleException(jie);
            }
            if (t instanceof UnrecognizedPropertyException upe) {
                return new RuleException(ErrorCode.UNKNOWN_FIELD,
                        "unknown field '" + upe.getPropertyName() + "'" + location(upe.getPath()), e);
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new RuleException(ErrorCode.MALFORMED_INPUT, "malformed record: " + message, e);
    }

    private static String location(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (var r : path) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "" : " at " + sb;
    }

    /**
     * The raw envelope, bound before the body type is known.
     */
    private record Envelope(RecordType type, String id, int version, String org, String time,
            String prev, String hashAlg, JsonNode body) {
    }

    /**
     * Binds an {@link EvidenceRecord}: the envelope first, then the body as the class its type
     * names, then a check that the typed record re-encodes to exactly the input.
     */
    static final class EvidenceRecordDeserializer extends StdDeserializer<EvidenceRecord> {
        private static final long serialVersionUID = 1L;

        EvidenceRecordDeserializer() {
            super(EvidenceRecord.class);
        }

        @Override
        public EvidenceRecord deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            if (!node.isObject()) {
                throw Fields.malformed("record must be a JSON object");
            }
            Envelope env = bind(node, MAPPER.constructType(Envelope.class));
            Fields.required("type", env.type());
            JsonNode bodyNode = Fields.required("body", env.body());
            if (!bodyNode.isObject()) {
                throw Fields.malformed("body must be a JSON object");
            }
            RecordBody body = bind(bodyNode, MAPPER.constructType(env.type().bodyType()));
            EvidenceRecord record = new EvidenceRecord(env.type(), env.id(), env.version(), env.org(),
                    env.time(), env.prev(), env.hashAlg(), body);
            if (!Arrays.equals(CanonicalJson.canonicalize(node), toCanonicalJson(record))) {
                throw Fields.malformed("record " + record.id()
                        + " is not in its canonical form (an explicit null, a missing or defaulted field)");
            }
            return record;
        }
    }
}
