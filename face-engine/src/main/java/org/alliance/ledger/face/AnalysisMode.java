package org.alliance.ledger.face;

/**
 * How much of the pipeline {@link FaceEngine#analyse(byte[], AnalysisMode)} runs. Every mode
 * decodes, finds exactly one usable face (the same refusals), aligns it and embeds it; the modes
 * differ in the signals measured on top, so a check pays only for what it decides on, and in
 * how small a second face must be before it is no longer looked for.
 */
public enum AnalysisMode {
    /**
     * The photo a person is matched against: identity only, and a second face down to a third of
     * the main face's width makes it ambiguous whatever detector is used, since then it is not
     * clear whose photo it is.
     */
    REFERENCE(false, false, true),
    /**
     * Identity only (flash frames): no head pose, eye state or passive liveness. A second face is
     * looked for only as small as the detector's first search sees.
     */
    IDENTITY(false, false, false),
    /** Identity plus head pose and eye state (challenge frames). */
    MOTION(true, false, false),
    /** Everything, including the passive anti-spoof score. */
    FULL(true, true, false);

    private final boolean motion;
    private final boolean passiveLiveness;
    private final boolean smallFaces;

    AnalysisMode(boolean motion, boolean passiveLiveness, boolean smallFaces) {
        this.motion = motion;
        this.passiveLiveness = passiveLiveness;
        this.smallFaces = smallFaces;
    }

    /**
     * Whether a second face is looked for down to a third of the main face's width even where
     * the detector's first, coarse search cannot see one that small (dlib's MMOD detector on a
     * large image); faceplugin's detector sees such faces in its one search anyway.
     *
     * @return true if it is
     */
    public boolean smallFaces() {
        return smallFaces;
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
