package org.alliance.ledger.core.error;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An action refused by the evidence rules. The state is unchanged when this is thrown, because
 * rules validate completely before they write, and both ledgers discard a failed transaction's
 * writes.
 */
public final class RuleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * Creates a refusal.
     *
     * @param code the stable error code
     * @param message a one-line explanation for people
     */
    public RuleException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Creates a refusal caused by another exception.
     *
     * @param code the stable error code
     * @param message a one-line explanation for people
     * @param cause the underlying failure
     */
    public RuleException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * The stable error code.
     *
     * @return the code
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * The message in the form {@code CODE: explanation}, as the chaincode reports it.
     *
     * @return code and message
     */
    @Override
    public String toString() {
        return code + ": " + getMessage();
    }

    /**
     * A read whose refusal with {@code code} means "absent", such as UNKNOWN_RECORD for a record
     * lookup; any other refusal still propagates.
     *
     * @param code the code that means absent
     * @param read the read
     * @param <T> what it reads
     * @return the value, or empty if the read was refused with {@code code}
     */
    public static <T> Optional<T> absentIf(ErrorCode code, Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (RuleException e) {
            if (e.code() == code) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
