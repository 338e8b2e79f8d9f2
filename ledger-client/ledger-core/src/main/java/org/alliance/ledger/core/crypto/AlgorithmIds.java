package org.alliance.ledger.core.crypto;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Lookup of algorithm enums by their user-facing id, with one wording for unknown ids. */
final class AlgorithmIds {
    private AlgorithmIds() {
    }

    /**
     * Finds the constant whose id equals {@code wanted} exactly (ids are case sensitive).
     *
     * @param values all constants
     * @param idOf how to get a constant's id
     * @param wanted the id to look up
     * @param what a description such as "hash algorithm", for the error message
     * @param <E> the enum type
     * @return the matching constant
     * @throws IllegalArgumentException if none matches
     */
    static <E extends Enum<E>> E lookup(E[] values, Function<E, String> idOf, String wanted, String what) {
        for (E value : values) {
            if (idOf.apply(value).equals(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + wanted + "' (expected one of "
                + Arrays.stream(values).map(idOf).collect(Collectors.joining(", ")) + ")");
    }
}
