package org.alliance.ledger.core.ledger;

/**
 * The transaction could not be endorsed for a reason other than the rules: the peers that the
 * endorsement policy needs are unreachable, the chaincode failed unexpectedly, or the gateway
 * could not plan an endorsement. Nothing was sent for ordering, so nothing can commit; it is
 * safe to submit the same records again.
 */
public final class EndorsementException extends LedgerException {
    public EndorsementException(String message, String transactionId, Throwable cause) {
        super(message, transactionId, cause);
    }
}
