package org.alliance.ledger.fabric;

/**
 * A query or dry run could not be evaluated for a reason other than the rules: no gateway peer
 * answered, or the chaincode failed unexpectedly. Nothing was written.
 */
public final class EvaluationException extends FabricLedgerException {
    EvaluationException(String message, String transactionId, Throwable cause) {
        super(message, transactionId, cause);
    }
}
