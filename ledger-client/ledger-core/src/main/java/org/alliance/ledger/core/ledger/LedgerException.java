package org.alliance.ledger.core.ledger;

import java.util.Objects;

/**
 * A failure of a ledger that is not a refusal by the rules, typed by the stage that failed:
 * endorsement, ordering, validation, an outcome still unknown when the time allowed ran out, or
 * the evaluation of a query. Every one names the transaction it concerns, so that its outcome can
 * be looked up with {@link EvidenceLedger#status(String)}. A refusal by the rules is a {@link
 * org.alliance.ledger.core.error.RuleException} instead, which carries the rule's code.
 */
public abstract sealed class LedgerException extends RuntimeException
        permits EndorsementException, OrderingException, ValidationException, UnknownOutcomeException,
        EvaluationException {
    private final String transactionId;

    protected LedgerException(String message, String transactionId, Throwable cause) {
        super(message + " (transaction " + transactionId + ")", cause);
        this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
    }

    /**
     * The transaction the failure concerns.
     *
     * @return the transaction id
     */
    public String transactionId() {
        return transactionId;
    }
}
