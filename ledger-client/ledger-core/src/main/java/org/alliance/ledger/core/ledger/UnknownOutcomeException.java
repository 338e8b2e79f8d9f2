package org.alliance.ledger.core.ledger;

/**
 * The outcome of a submitted transaction is not known within the time allowed: the ordering
 * service or the commit status did not answer. The transaction may still commit. Ask {@link
 * EvidenceLedger#status(String)} later; submitting the same records again is also safe, because
 * the rules acknowledge an identical record without writing it twice.
 */
public final class UnknownOutcomeException extends LedgerException {
    public UnknownOutcomeException(String message, String transactionId, Throwable cause) {
        super(message, transactionId, cause);
    }
}
