package org.alliance.ledger.fabric;

import java.util.Objects;

/**
 * A failure of the Fabric ledger that is not a refusal by the rules, typed by the stage that
 * failed. Every one names the transaction it concerns, so that its outcome can be looked up with
 * {@link FabricLedger#status(String)}.
 */
public abstract sealed class FabricLedgerException extends RuntimeException
        permits EndorsementException, OrderingException, ValidationException, UnknownOutcomeException,
        EvaluationException {
    private final String transactionId;

    FabricLedgerException(String message, String transactionId, Throwable cause) {
        super(message + " (transaction " + transactionId + ")", cause);
        this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
    }

    /**
     * The transaction the failure concerns.
     *
     * @return the Fabric transaction id
     */
    public String transactionId() {
        return transactionId;
    }
}
