package org.alliance.ledger.face;

import java.util.List;

/** Decides whether a sequence of frames shows a live person performing a challenge. */
public interface LivenessJudge {
    /**
     * Judges the frames against the challenge.
     *
     * @param actions the challenge actions, in the order the person had to perform them
     * @param frames the analysed frames, in capture order
     * @return the result
     */
    LivenessResult judge(List<ChallengeAction> actions, List<FaceAnalysis> frames);
}
