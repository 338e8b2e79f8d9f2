package org.alliance.ledger.core.ledger;

/**
 * A query or dry run could not be evaluated for a reason other than the rules: no gateway peer
 * answered, or the chaincode failed unexpectedly. Nothing was written.
 */
public final class EvaluationException extends LedgerException {
    public EvaluationException(String message, String transactionId, Throwable cause) {
        super(message, transactionId, cause);
    }
}
