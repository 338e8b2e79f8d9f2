package org.alliance.ledger.face;

/**
 * How much of the pipeline {@link FaceEngine#analyse(byte[], AnalysisMode)} runs. Every mode
 * decodes, finds exactly one usable face (the same refusals), aligns it and embeds it; the modes
 * differ only in the signals measured on top, so a check pays only for what it decides on.
 */
public enum AnalysisMode {
    /** Identity only (reference photo): no head pose, eye state or passive liveness. */
    IDENTITY(false, false),
    /** Identity plus head pose and eye state (challenge frames). */
    MOTION(true, false),
    /** Everything, including the passive anti-spoof score. */
    FULL(true, true);

    private final boolean motion;
    private final boolean passiveLiveness;

    AnalysisMode(boolean motion, boolean passiveLiveness) {
        this.motion = motion;
        this.passiveLiveness = passiveLiveness;
    }

    /**
     * Whether head pose and eye state are measured.
     *
     * @return true if they are
     */
    public boolean motion() {
        return motion;
    }

    /**
     * Whether the passive anti-spoof score is measured.
     *
     * @return true if it is
     */
    public boolean passiveLiveness() {
        return passiveLiveness;
    }
}
