package org.alliance.ledger.service.identity.face;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parsing of the face engine's enum-valued configuration properties. */
final class FaceSettings {
    private FaceSettings() {
    }

    /**
     * Parses an enum setting, ignoring case and surrounding blanks.
     *
     * @param type the enum
     * @param property the property name, for the error message
     * @param value the configured value
     * @param <E> the enum type
     * @return the constant
     * @throws IllegalArgumentException naming the property and the allowed values otherwise
     */
    static <E extends Enum<E>> E parse(Class<E> type, String property, String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException(property + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", not '" + value + "'");
    }
}
