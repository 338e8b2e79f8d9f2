package org.alliance.ledger.core.record;

/** The outcome of an identity check. */
public enum AttestationDecision {
    /** The person is who the ID card says. */
    ACCEPTED,
    /** The check failed; the reasons say why. */
    REJECTED
}
