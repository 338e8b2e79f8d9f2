package org.alliance.ledger.core.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Composite keys in Fabric's encoding: a U+0000 prefix, then the object type and each attribute,
 * each followed by U+0000. Attributes must not contain U+0000 or U+10FFFF, which Fabric reserves.
 */
public final class CompositeKey {
    /** Separator and namespace marker used by Fabric. */
    public static final char DELIMITER = '\u0000';
    private static final int MAX_UNICODE = 0x10FFFF;

    private CompositeKey() {
    }

    /**
     * Builds a composite key.
     *
     * @param objectType the object type
     * @param attributes the attributes, in order
     * @return the encoded key
     * @throws IllegalArgumentException if a part holds a reserved code point
     */
    public static String of(String objectType, String... attributes) {
        return of(objectType, List.of(attributes));
    }

    /**
     * Builds a composite key, or the prefix of one when attributes are partial.
     *
     * @param objectType the object type
     * @param attributes the attributes, in order
     * @return the encoded key
     * @throws IllegalArgumentException if a part holds a reserved code point
     */
    public static String of(String objectType, List<String> attributes) {
        StringBuilder sb = new StringBuilder().append(DELIMITER);
        check(objectType);
        sb.append(objectType).append(DELIMITER);
        for (String a : attributes) {
            check(a);
            sb.append(a).append(DELIMITER);
        }
        return sb.toString();
    }

    /**
     * Splits a composite key into its object type and attributes.
     *
     * @param key an encoded composite key
     * @return the object type followed by the attributes
     * @throws IllegalArgumentException if the key is not a composite key
     */
    public static List<String> split(String key) {
        if (key.isEmpty() || key.charAt(0) != DELIMITER || key.charAt(key.length() - 1) != DELIMITER) {
            throw new IllegalArgumentException("not a composite key");
        }
        List<String> parts = new ArrayList<>();
        int start = 1;
        for (int i = 1; i < key.length(); i++) {
            if (key.charAt(i) == DELIMITER) {
                parts.add(key.substring(start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    private static void check(String part) {
        if (part == null) {
            throw new IllegalArgumentException("composite key part is null");
        }
        if (part.indexOf(DELIMITER) >= 0 || part.codePoints().anyMatch(c -> c == MAX_UNICODE)) {
            throw new IllegalArgumentException("composite key part holds a reserved character");
        }
    }
}
