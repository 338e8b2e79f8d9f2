package org.alliance.ledger.face;

/** One action of a liveness challenge, which the frames must show in order. */
public enum ChallengeAction {
    /** Close and reopen the eyes. */
    BLINK,
    /** Turn the head to the person's left. */
    TURN_LEFT,
    /** Turn the head to the person's right. */
    TURN_RIGHT
}
