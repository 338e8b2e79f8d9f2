package org.alliance.ledger.service.identity.face;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.alliance.ledger.face.BlinkSignal;
import org.alliance.ledger.face.GraphRewrite;
import org.alliance.ledger.face.HeadPoseSource;
import org.alliance.ledger.face.ModelSet;

/**
 * Parsing of the face engine's enum-valued configuration properties. It lives with the wiring,
 * not in the engine, because only the service knows the properties' names.
 */
final class FaceSettings {
    private FaceSettings() {
    }

    /**
     * Parses {@code alliance.identity.face.head-pose}.
     *
     * @param value {@code landmarks} or {@code model}, in any case
     * @return the source
     * @throws IllegalArgumentException naming the property and the allowed values otherwise
     */
    static HeadPoseSource headPose(String value) {
        return parse(HeadPoseSource.class, "alliance.identity.face.head-pose", value);
    }

    /**
     * Parses {@code alliance.identity.face.blink}.
     *
     * @param value {@code ear}, {@code model} or {@code both}, in any case
     * @return the signal
     * @throws IllegalArgumentException naming the property and the allowed values otherwise
     */
    static BlinkSignal blink(String value) {
        return parse(BlinkSignal.class, "alliance.identity.face.blink", value);
    }

    /**
     * Parses {@code alliance.identity.face.graph-rewrite}.
     *
     * @param value {@code prelu} or {@code none}, in any case
     * @return the rewrite
     * @throws IllegalArgumentException naming the property and the allowed values otherwise
     */
    static GraphRewrite graphRewrite(String value) {
        return parse(GraphRewrite.class, "alliance.identity.face.graph-rewrite", value);
    }

    /**
     * Parses {@code alliance.identity.face.models}.
     *
     * @param value {@code faceplugin} or {@code dlib-cc0}, in any case
     * @return the built-in model set
     * @throws IllegalArgumentException naming the property and the allowed values otherwise
     */
    static ModelSet modelSet(String value) {
        try {
            return ModelSet.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alliance.identity.face.models: " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String property, String value) {
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
