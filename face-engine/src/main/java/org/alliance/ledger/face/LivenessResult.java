package org.alliance.ledger.face;

import java.util.List;

/**
 * The outcome of judging liveness over a challenge's frames.
 *
 * @param passed whether the frames showed the challenge by a live person
 * @param reasons reason codes when it did not, for example {@code WRONG_ORDER}
 * @param passiveScore the passive anti-spoof score, 0 spoof .. 1 live
 */
public record LivenessResult(boolean passed, List<String> reasons, double passiveScore) {
    /** Copies the reasons. */
    public LivenessResult {
        reasons = List.copyOf(reasons);
    }
}
