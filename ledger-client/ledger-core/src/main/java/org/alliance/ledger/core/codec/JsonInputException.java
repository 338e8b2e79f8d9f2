package org.alliance.ledger.core.codec;

import java.util.Objects;

/**
 * JSON input that was refused before any application logic saw it.
 *
 * <p>It extends {@link IllegalArgumentException} because refused input is always the caller's
 * fault; the {@link Kind} lets callers map the refusal to their own error codes without parsing
 * messages.
 */
public class JsonInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Why the input was refused. */
    public enum Kind {
        /** Not well-formed JSON, wrong value type, or a value JSON cannot represent canonically. */
        MALFORMED,
        /** An object member that the target type does not declare. */
        UNKNOWN_FIELD,
        /** The document, a string or a number is longer than allowed. */
        TOO_LARGE,
        /** Objects and arrays are nested deeper than allowed. */
        TOO_DEEP,
        /** The same member name appears twice in one object. */
        DUPLICATE_KEY
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind why the input was refused
     * @param message a one-line explanation for the user
     */
    public JsonInputException(Kind kind, String message) {
        this(kind, message, null);
    }

    /**
     * Creates the exception with the underlying parser failure as cause.
     *
     * @param kind why the input was refused
     * @param message a one-line explanation for the user
     * @param cause the parser failure, or {@code null}
     */
    public JsonInputException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns why the input was refused.
     *
     * @return the refusal kind
     */
    public Kind kind() {
        return kind;
    }
}
