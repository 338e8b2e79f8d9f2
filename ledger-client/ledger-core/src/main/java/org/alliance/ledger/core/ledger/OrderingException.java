package org.alliance.ledger.core.ledger;

/**
 * The endorsed transaction was refused by the ordering service (for example a malformed or
 * unauthorised envelope). Ambiguous answers never end here: a timeout or an "already processed"
 * answer is resolved by the commit status first, and is an {@link UnknownOutcomeException} if
 * the status stays unknown.
 */
public final class OrderingException extends LedgerException {
    public OrderingException(String message, String transactionId, Throwable cause) {
        super(message, transactionId, cause);
    }
}
