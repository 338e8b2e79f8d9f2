package org.alliance.ledger.core.record;

/** A member's decision about another member's result. */
public enum RecognitionDecision {
    /** The result is accepted as valid. */
    RECOGNISED,
    /** The result is not accepted; the reason says why. */
    REFUSED
}
