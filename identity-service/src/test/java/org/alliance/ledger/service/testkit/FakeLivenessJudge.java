package org.alliance.ledger.service.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.alliance.ledger.face.ChallengeAction;
import org.alliance.ledger.face.FaceAnalysis;
import org.alliance.ledger.face.LivenessJudge;
import org.alliance.ledger.face.LivenessResult;

/**
 * A test-only liveness judge with simple, predictable rules: a repeated frame fails
 * (REPEATED_FRAME), a passive score below 0.5 fails (SPOOF_SUSPECTED), and the actions must appear
 * in order (eyes below 0.3 for BLINK, yaw above 20 for TURN_LEFT, below -20 for TURN_RIGHT),
 * else WRONG_ORDER.
 */
public final class FakeLivenessJudge implements LivenessJudge {
    @Override
    public LivenessResult judge(List<ChallengeAction> actions, List<FaceAnalysis> frames) {
        List<String> reasons = new ArrayList<>();
        Set<String> digests = new HashSet<>();
        double passive = 1;
        for (FaceAnalysis f : frames) {
            if (!digests.add(f.frameDigest())) {
                reasons.add("REPEATED_FRAME");
            }
            if (!Double.isNaN(f.passiveLiveness())) {
                passive = Math.min(passive, f.passiveLiveness());
            }
        }
        if (passive < 0.5) {
            reasons.add("SPOOF_SUSPECTED");
        }
        int next = 0;
        for (FaceAnalysis f : frames) {
            if (next < actions.size() && shows(actions.get(next), f)) {
                next++;
            }
        }
        if (next < actions.size()) {
            reasons.add("WRONG_ORDER");
        }
        return new LivenessResult(reasons.isEmpty(), reasons, passive);
    }

    private static boolean shows(ChallengeAction action, FaceAnalysis f) {
        return switch (action) {
            case BLINK -> f.eyeOpenness() < 0.3;
            case TURN_LEFT -> f.yawDegrees() > 20;
            case TURN_RIGHT -> f.yawDegrees() < -20;
        };
    }
}
