package org.alliance.ledger.service.outbox;

/** Where an outbox entry is on its way to the ledger. */
public enum OutboxStatus {
    /** Stored, waiting for the worker (also after a transient failure, until its next attempt). */
    PENDING,
    /** Claimed by the worker and being submitted. */
    SUBMITTED,
    /** On the ledger. */
    COMMITTED,
    /** Refused by the ledger's rules; never retried. */
    FAILED
}
