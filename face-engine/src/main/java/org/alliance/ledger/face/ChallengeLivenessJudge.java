package org.alliance.ledger.face;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Judges a challenge from per-frame head pose and eye state.
 *
 * <p>The first frame is the neutral reference. A frame whose yaw differs from it by at least
 * {@link #TURN_DEGREES} in the person's-left direction (positive {@link FaceAnalysis#yawDegrees})
 * starts a {@code TURN_LEFT}, in the other direction a {@code TURN_RIGHT}. A blink is a closed
 * frame between open frames, read from the {@link BlinkSignal}: with {@link BlinkSignal#EAR} a
 * frame is closed when its landmark eye aspect ratio is at most {@link #EAR_CLOSED} of the neutral
 * frame's and open when at least {@link #EAR_OPEN} of it; with {@link BlinkSignal#MODEL} closed is
 * eye openness at most {@link #EYE_CLOSED} and open at least {@link #EYE_OPEN}; {@link
 * BlinkSignal#BOTH} needs both. Turns must appear exactly in the challenged order; a turn the
 * challenge did not ask for next is {@code WRONG_ORDER}. Blinks not asked for are ignored, since
 * people blink anyway. Neither eye signal has a labelled closed-eye set behind it
 * (docs/face-engine.md), so "closed" is strict: an uncertain blink fails rather than passes.
 */
public final class ChallengeLivenessJudge implements LivenessJudge {
    /** Yaw change from the neutral frame that counts as a turn, in degrees. */
    static final double TURN_DEGREES = 10;
    /** Eye openness at or below which a frame counts as eyes closed. */
    static final double EYE_CLOSED = 0.05;
    /** Eye openness at or above which a frame counts as eyes open. */
    static final double EYE_OPEN = 0.5;
    /** Eye aspect ratio, as a fraction of the neutral frame's, at or below which the eyes are closed. */
    static final double EAR_CLOSED = 0.8;
    /** Eye aspect ratio, as a fraction of the neutral frame's, at or above which the eyes are open. */
    static final double EAR_OPEN = 0.85;
    /**
     * Frames whose embeddings agree this closely, whose yaw stays within {@link #STATIC_YAW}, whose
     * eye openness within {@link #STATIC_EYES} and eye aspect ratio within {@link #STATIC_EAR} are
     * one still image sent repeatedly (for example re-encoded, which changes the digest but not
     * the face). A signal the engine did not measure ({@code NaN}) does not tell frames apart.
     */
    static final double STATIC_COSINE = 0.985;
    static final double STATIC_YAW = 2;
    static final double STATIC_EYES = 0.3;
    /**
     * Eye aspect ratios within this fraction of each other are the same eyes: a re-encoded still
     * moves them by about 1 %, the inspected blink by 30 %.
     */
    static final double STATIC_EAR = 0.1;

    private final double sameFaceThreshold;
    private final BlinkSignal blink;

    /**
     * Creates a judge that counts a blink only when the landmark eye aspect ratio and the eye
     * model agree ({@link BlinkSignal#BOTH}, the default: see docs/face-engine.md for why).
     *
     * @param sameFaceThreshold the cosine at or above which two frames show the same person
     *     (the engine's {@link MatchPolicy#threshold()})
     */
    public ChallengeLivenessJudge(double sameFaceThreshold) {
        this(sameFaceThreshold, BlinkSignal.BOTH);
    }

    /**
     * Creates a judge.
     *
     * @param sameFaceThreshold the cosine at or above which two frames show the same person
     *     (the engine's {@link MatchPolicy#threshold()})
     * @param blink which eye signal a blink is read from
     */
    public ChallengeLivenessJudge(double sameFaceThreshold, BlinkSignal blink) {
        if (!(sameFaceThreshold > -1 && sameFaceThreshold < 1)) {
            throw new IllegalArgumentException("same-face threshold must be in (-1, 1)");
        }
        if (blink == null) {
            throw new IllegalArgumentException("blink signal is required");
        }
        this.sameFaceThreshold = sameFaceThreshold;
        this.blink = blink;
    }

    @Override
    public LivenessResult judge(List<ChallengeAction> actions, List<FaceAnalysis> frames) {
        if (actions == null || actions.isEmpty()) {
            throw new IllegalArgumentException("a challenge has at least one action");
        }
        if (frames == null || frames.size() < 2) {
            return new LivenessResult(false, List.of("TOO_FEW_FRAMES"), frames == null ? 0 : passive(frames));
        }
        List<String> reasons = new ArrayList<>();
        Set<String> digests = new HashSet<>();
        for (FaceAnalysis frame : frames) {
            if (!digests.add(frame.frameDigest())) {
                reasons.add("REPEATED_FRAME");
                break;
            }
        }
        FaceAnalysis first = frames.get(0);
        if (frames.stream().anyMatch(f -> FaceMath.cosine(first.embedding(), f.embedding()) < sameFaceThreshold)) {
            reasons.add("DIFFERENT_FACES");
        }
        if (isStatic(frames)) {
            reasons.add("STATIC_FRAMES");
        }
        reasons.addAll(sequenceReasons(actions, frames));
        return new LivenessResult(reasons.isEmpty(), reasons, passive(frames));
    }

    private static boolean isStatic(List<FaceAnalysis> frames) {
        for (FaceAnalysis a : frames) {
            for (FaceAnalysis b : frames) {
                if (FaceMath.cosine(a.embedding(), b.embedding()) < STATIC_COSINE
                        || Math.abs(a.yawDegrees() - b.yawDegrees()) > STATIC_YAW
                        || Math.abs(a.eyeOpenness() - b.eyeOpenness()) > STATIC_EYES
                        || Math.abs(a.eyeAspectRatio() - b.eyeAspectRatio())
                                > STATIC_EAR * Math.max(a.eyeAspectRatio(), b.eyeAspectRatio())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Matches the observed events against the challenge, in order. */
    private List<String> sequenceReasons(List<ChallengeAction> actions, List<FaceAnalysis> frames) {
        int next = 0;
        for (ChallengeAction event : events(frames)) {
            if (next < actions.size() && event == actions.get(next)) {
                next++;
            } else if (event != ChallengeAction.BLINK) {
                return List.of("WRONG_ORDER");
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = next; i < actions.size(); i++) {
            missing.add("MISSING_" + actions.get(i).name());
        }
        return missing;
    }

    /** The actions the frames show, in the order they start. */
    List<ChallengeAction> events(List<FaceAnalysis> frames) {
        double neutralYaw = frames.get(0).yawDegrees();
        double neutralEar = frames.get(0).eyeAspectRatio();
        List<ChallengeAction> events = new ArrayList<>();
        ChallengeAction turn = null;
        boolean sawOpen = false;
        boolean closedSinceOpen = false;
        for (FaceAnalysis frame : frames) {
            double delta = frame.yawDegrees() - neutralYaw;
            ChallengeAction now = delta >= TURN_DEGREES ? ChallengeAction.TURN_LEFT
                    : delta <= -TURN_DEGREES ? ChallengeAction.TURN_RIGHT : null;
            if (now != null && now != turn) {
                events.add(now);
            }
            turn = now;
            if (eyesOpen(frame, neutralEar)) {
                if (closedSinceOpen) {
                    events.add(ChallengeAction.BLINK);
                }
                sawOpen = true;
                closedSinceOpen = false;
            } else if (eyesClosed(frame, neutralEar) && sawOpen) {
                closedSinceOpen = true;
            }
        }
        return events;
    }

    /** Comparisons with NaN are false, so a frame without the signal is neither open nor closed. */
    private boolean eyesOpen(FaceAnalysis frame, double neutralEar) {
        return read(frame.eyeOpenness() >= EYE_OPEN, frame.eyeAspectRatio() >= EAR_OPEN * neutralEar);
    }

    private boolean eyesClosed(FaceAnalysis frame, double neutralEar) {
        return read(frame.eyeOpenness() <= EYE_CLOSED, frame.eyeAspectRatio() <= EAR_CLOSED * neutralEar);
    }

    /** What the configured blink signal says, given what the eye model and the landmarks say. */
    private boolean read(boolean model, boolean ear) {
        return switch (blink) {
            case MODEL -> model;
            case EAR -> ear;
            case BOTH -> model && ear;
        };
    }

    /**
     * The mean passive score of the frames that measured it (the check measures it on the first,
     * neutral frame only, see {@code IdentityCheckService}); 0 if none did.
     */
    private static double passive(List<FaceAnalysis> frames) {
        return frames.stream().mapToDouble(FaceAnalysis::passiveLiveness).filter(v -> !Double.isNaN(v)).average()
                .orElse(0);
    }
}
