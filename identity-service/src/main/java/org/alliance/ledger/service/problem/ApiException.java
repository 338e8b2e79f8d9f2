package org.alliance.ledger.service.problem;

import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, rendered as RFC 7807 problem+json with a machine-readable
 * {@code reason}. Thrown before anything is stored, or after a transaction rolled back.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String reason;
    private final transient Map<String, Object> properties;

    /**
     * Creates a refusal.
     *
     * @param status the HTTP status
     * @param reason the machine-readable reason code
     * @param detail an explanation for people
     */
    public ApiException(HttpStatus status, String reason, String detail) {
        this(status, reason, detail, Map.of());
    }

    /**
     * Creates a refusal with extra problem members.
     *
     * @param status the HTTP status
     * @param reason the machine-readable reason code
     * @param detail an explanation for people
     * @param properties extra members of the problem body
     */
    public ApiException(HttpStatus status, String reason, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = Objects.requireNonNull(status, "status");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.properties = Map.copyOf(properties);
    }

    /**
     * The HTTP status.
     *
     * @return the status
     */
    public HttpStatus status() {
        return status;
    }

    /**
     * The machine-readable reason.
     *
     * @return the reason code
     */
    public String reason() {
        return reason;
    }

    /**
     * Extra members of the problem body.
     *
     * @return the members
     */
    public Map<String, Object> properties() {
        return properties;
    }
}
