package org.alliance.ledger.service.web;

import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The HTTP status of each evidence-rule error code, so that a refusal found before writing
 * reaches the client with the rule's own code as its {@code reason}: who may not act is 403,
 * what does not exist is 404, what conflicts with the current state is 409.
 */
public final class RuleProblems {
    private RuleProblems() {
    }

    /**
     * The status for a rule's error code.
     *
     * @param code the code
     * @return the status
     */
    public static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case WRONG_ORG, WRONG_ROLE, READ_ONLY, NOT_A_MEMBER, UNKNOWN_SIGNING_KEY -> HttpStatus.FORBIDDEN;
            case UNKNOWN_ITEM, UNKNOWN_AGREEMENT, UNKNOWN_CASE, UNKNOWN_CERTIFICATE, UNKNOWN_RECORD -> HttpStatus.NOT_FOUND;
            case WRONG_STATE, DUPLICATE_RECORD, PREV_MISMATCH, VERSION_CONFLICT, AGREEMENT_NOT_ACTIVE -> HttpStatus.CONFLICT;
            case ITEM_NOT_IN_AGREEMENT, UNKNOWN_MATERIAL, UNKNOWN_REASON -> HttpStatus.UNPROCESSABLE_CONTENT;
            default -> HttpStatus.BAD_REQUEST;
        };
    }

    /**
     * A rule refusal as an API refusal.
     *
     * @param e the refusal
     * @return the API exception with the code as reason
     */
    public static ApiException of(RuleException e) {
        return new ApiException(status(e.code()), e.code().name(), e.getMessage());
    }

    /**
     * A refusal with a rule's code, raised by the service's own check before writing.
     *
     * @param code the code
     * @param detail the explanation
     * @return the API exception
     */
    public static ApiException of(ErrorCode code, String detail) {
        return new ApiException(status(code), code.name(), detail);
    }
}
