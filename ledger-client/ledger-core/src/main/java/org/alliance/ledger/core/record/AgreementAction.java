package org.alliance.ledger.core.record;

/** What an {@code AGREEMENT} record does. */
public enum AgreementAction {
    /** Proposes a version of the agreement: its members and item catalogue. */
    PROPOSE,
    /** Signs a proposed version on behalf of one signatory org. */
    SIGN
}
