package org.alliance.ledger.core.record;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;

/**
 * Format checks shared by the record types. Each check throws {@link RuleException} with the
 * error code that the contract assigns to that kind of defect and names the offending field.
 */
public final class Fields {
    /** Record and object ids: {@code ^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$}. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    /** MSP ids: {@code ^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$}. */
    public static final Pattern MSP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,63}");
    /** Item codes, type codes and reason codes: upper-case letters, digits, {@code _} and {@code -}. */
    public static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,63}");
    /** RFC 3339 UTC timestamps with a {@code Z} and seconds, optionally with a fraction. */
    private static final Pattern TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Fields() {
    }

    /**
     * Requires a value to be present.
     *
     * @param field the field name, for the message
     * @param value the value
     * @param <T> the value type
     * @return the value
     */
    public static <T> T required(String field, T value) {
        if (value == null) {
            throw malformed(field + " is required");
        }
        return value;
    }

    /**
     * Requires a value to be absent, for fields that one variant of a body must not carry.
     *
     * @param field the field name
     * @param value the value
     * @param context why it must be absent
     */
    public static void absent(String field, Object value, String context) {
        if (value != null) {
            throw malformed(field + " must be absent " + context);
        }
    }

    /**
     * Requires a non-blank string.
     *
     * @param field the field name
     * @param value the value
     * @return the value
     */
    public static String text(String field, String value) {
        required(field, value);
        if (value.isBlank()) {
            throw malformed(field + " must not be blank");
        }
        return value;
    }

    /**
     * Requires a string matching a pattern.
     *
     * @param field the field name
     * @param value the value
     * @param pattern the pattern the whole value must match
     * @return the value
     */
    public static String matching(String field, String value, Pattern pattern) {
        required(field, value);
        if (!pattern.matcher(value).matches()) {
            // The value is not echoed: a mistyped field might hold personal data.
            throw malformed(field + " does not match " + pattern.pattern());
        }
        return value;
    }

    /**
     * Requires an id in the record id format.
     *
     * @param field the field name
     * @param value the value
     * @return the value
     */
    public static String id(String field, String value) {
        return matching(field, value, ID);
    }

    /**
     * Requires an MSP id.
     *
     * @param field the field name
     * @param value the value
     * @return the value
     */
    public static String mspId(String field, String value) {
        return matching(field, value, MSP_ID);
    }

    /**
     * Requires an RFC 3339 UTC timestamp.
     *
     * @param field the field name
     * @param value the value
     * @return the parsed instant
     */
    public static Instant time(String field, String value) {
        matching(field, value, TIME);
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            throw malformed(field + " is not a valid time");
        }
    }

    /**
     * Requires an ISO calendar date {@code yyyy-MM-dd}.
     *
     * @param field the field name
     * @param value the value
     * @return the parsed date
     */
    public static LocalDate date(String field, String value) {
        matching(field, value, DATE);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw malformed(field + " is not a valid date");
        }
    }

    /**
     * Resolves a hash algorithm name.
     *
     * @param field the field name
     * @param value {@code sha256} or {@code sm3}
     * @return the algorithm
     */
    public static HashAlgorithm hashAlg(String field, String value) {
        required(field, value);
        try {
            return HashAlgorithm.fromId(value);
        } catch (IllegalArgumentException e) {
            throw malformed(field + ": " + e.getMessage());
        }
    }

    /**
     * Requires lowercase hex of exactly the given number of bytes.
     *
     * @param field the field name
     * @param value the value
     * @param bytes the decoded length
     * @return the value
     */
    public static String hex(String field, String value, int bytes) {
        required(field, value);
        if (value.length() != bytes * 2 || !value.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new RuleException(ErrorCode.BAD_HASH,
                    field + " must be " + bytes * 2 + " lowercase hex characters");
        }
        return value;
    }

    /**
     * Requires a digest of {@code alg} as lowercase hex.
     *
     * @param field the field name
     * @param alg the hash algorithm name
     * @param value the hex digest
     * @return the value
     */
    public static String digest(String field, String alg, String value) {
        return hex(field, value, hashAlg(field + ".alg", alg).length());
    }

    /**
     * Requires a tagged hash {@code ALG:HEX}, as used by {@code prev} and content hashes.
     *
     * @param field the field name
     * @param value the value
     * @return the value
     */
    public static String taggedHash(String field, String value) {
        required(field, value);
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new RuleException(ErrorCode.BAD_HASH, field + " must have the form ALG:HEX");
        }
        digest(field, value.substring(0, colon), value.substring(colon + 1));
        return value;
    }

    /**
     * Formats a tagged hash.
     *
     * @param alg the algorithm
     * @param digest the digest bytes
     * @return {@code alg:hex}
     */
    public static String tag(HashAlgorithm alg, byte[] digest) {
        return alg.id() + ":" + Hex.encode(digest);
    }

    /**
     * Requires standard padded base64 and decodes it.
     *
     * @param field the field name
     * @param value the value
     * @param code the error code for a defect (keys and signatures use {@code BAD_SIGNATURE})
     * @return the decoded bytes
     */
    public static byte[] base64(String field, String value, ErrorCode code) {
        if (value == null || value.isEmpty()) {
            throw new RuleException(code, field + " is required");
        }
        try {
            byte[] out = Base64.getDecoder().decode(value);
            // Re-encoding catches non-canonical forms (missing padding, stray bits) that would let one
            // key have two spellings.
            if (!Base64.getEncoder().encodeToString(out).equals(value)) {
                throw new IllegalArgumentException("not canonical");
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new RuleException(code, field + " is not standard padded base64");
        }
    }

    /** A consistency proof over any tree of at most 2^63 leaves is shorter than this. */
    private static final int MAX_PROOF = 128;

    /**
     * Requires an RFC 6962 consistency proof's hashes: a list of at most {@value #MAX_PROOF}
     * digests of the algorithm, lowercase hex.
     *
     * @param alg the tree's hash algorithm id
     * @param proof the hashes
     * @return an immutable copy
     */
    public static List<String> consistencyProof(String alg, List<String> proof) {
        List<String> copy = list("proof", proof, 0);
        if (copy.size() > MAX_PROOF) {
            throw malformed("a consistency proof has at most " + MAX_PROOF + " hashes");
        }
        copy.forEach(h -> digest("proof[]", alg, h));
        return copy;
    }

    /**
     * Requires a list, copies it, and checks that it has no null entries.
     *
     * @param field the field name
     * @param list the list
     * @param minSize the least number of entries
     * @param <T> the entry type
     * @return an immutable copy
     */
    public static <T> List<T> list(String field, List<T> list, int minSize) {
        required(field, list);
        if (list.size() < minSize) {
            throw malformed(field + " needs at least " + minSize + " entr" + (minSize == 1 ? "y" : "ies"));
        }
        for (T t : list) {
            if (t == null) {
                throw malformed(field + " must not contain null");
            }
        }
        return List.copyOf(list);
    }

    /**
     * Requires the entries of a list to have distinct keys.
     *
     * @param field the field name
     * @param list the list
     * @param key extracts the key
     * @param <T> the entry type
     */
    public static <T> void distinct(String field, List<T> list, Function<T, Object> key) {
        Set<Object> seen = new HashSet<>();
        for (T t : list) {
            if (!seen.add(key.apply(t))) {
                throw malformed(field + " has a duplicate entry '" + key.apply(t) + "'");
            }
        }
    }

    /**
     * Requires a number within a closed range.
     *
     * @param field the field name
     * @param value the value
     * @param min the least allowed value
     * @param max the largest allowed value
     * @return the value
     */
    public static double range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw malformed(field + " must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * Requires codes in the {@link #CODE} format.
     *
     * @param field the field name
     * @param codes the codes
     * @return an immutable copy
     */
    public static List<String> codes(String field, List<String> codes) {
        List<String> out = new ArrayList<>();
        for (String c : list(field, codes, 0)) {
            out.add(matching(field + "[]", c, CODE));
        }
        return List.copyOf(out);
    }

    /**
     * Requires a reason code of the fixed list.
     *
     * @param field the field name
     * @param value the value
     * @return the value
     * @throws RuleException {@link ErrorCode#UNKNOWN_REASON} if it is not one of {@link ReasonCode}
     */
    public static String reasonCode(String field, String value) {
        required(field, value);
        if (!ReasonCode.isCode(value)) {
            // Not echoed: a reason that is not a code is free text, which may be personal.
            throw new RuleException(ErrorCode.UNKNOWN_REASON, field + " must be one of " + ReasonCode.names());
        }
        return value;
    }

    /**
     * Requires an optional note hash ({@code ALG:HEX}) to come only with a reason.
     *
     * @param reason the reason code, or {@code null}
     * @param noteHash the hash of the off-ledger note, or {@code null}
     */
    static void noteWithReason(String reason, String noteHash) {
        if (noteHash != null) {
            if (reason == null) {
                throw malformed("noteHash needs a reason");
            }
            taggedHash("noteHash", noteHash);
        }
    }

    /**
     * A {@link ErrorCode#MALFORMED_INPUT} refusal.
     *
     * @param message the explanation
     * @return the exception to throw
     */
    public static RuleException malformed(String message) {
        return new RuleException(ErrorCode.MALFORMED_INPUT, message);
    }
}
