package org.alliance.ledger.service.identity.face;

/**
 * What the engine found in one image. Head pose, eye openness and passive liveness are
 * {@code NaN} when the {@link AnalysisMode} did not measure them.
 *
 * @param box where the face is
 * @param embedding the face embedding, L2-normalised
 * @param yawDegrees head yaw, positive when the person turns to their left
 * @param pitchDegrees head pitch
 * @param eyeOpenness 0 closed .. 1 open
 * @param passiveLiveness 0 spoof .. 1 live
 * @param quality the face quality score
 * @param frameDigest sha256 hex of decoded pixels, to detect repeated frames
 */
public record FaceAnalysis(FaceBox box, float[] embedding, double yawDegrees, double pitchDegrees,
        double eyeOpenness, double passiveLiveness, double quality, String frameDigest) {
}
