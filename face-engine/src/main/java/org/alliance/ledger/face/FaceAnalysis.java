package org.alliance.ledger.face;

/**
 * What the engine found in one image. Head pose, eye openness, eye aspect ratio and passive
 * liveness are {@code NaN} when the {@link AnalysisMode} did not measure them.
 *
 * @param box where the face is
 * @param embedding the face embedding, L2-normalised
 * @param yawDegrees head yaw, positive when the person turns to their left
 * @param pitchDegrees head pitch, positive when the person looks up
 * @param eyeOpenness 0 closed .. 1 open, from the eye-state model
 * @param passiveLiveness 0 spoof .. 1 live
 * @param quality the face quality score
 * @param frameDigest sha256 hex of decoded pixels, to detect repeated frames
 * @param eyeAspectRatio the landmark eye aspect ratio, mean of both eyes (about 0.3 open, lower
 *     closed; meaningful only against the same person's other frames, see {@link EyeAspectRatio})
 * @param skinRgb the mean red, green and blue (0..255) of the skin below the eyes, which {@link
 *     ColourFlashJudge} follows while the screen flashes colours; null when not measured
 */
public record FaceAnalysis(FaceBox box, float[] embedding, double yawDegrees, double pitchDegrees,
        double eyeOpenness, double passiveLiveness, double quality, String frameDigest, double eyeAspectRatio,
        double[] skinRgb) {

    /**
     * An analysis without a skin colour (engines that do not measure it).
     *
     * @param box where the face is
     * @param embedding the face embedding, L2-normalised
     * @param yawDegrees head yaw, positive when the person turns to their left
     * @param pitchDegrees head pitch, positive when the person looks up
     * @param eyeOpenness 0 closed .. 1 open, from the eye-state model
     * @param passiveLiveness 0 spoof .. 1 live
     * @param quality the face quality score
     * @param frameDigest sha256 hex of decoded pixels, to detect repeated frames
     * @param eyeAspectRatio the landmark eye aspect ratio, mean of both eyes
     */
    public FaceAnalysis(FaceBox box, float[] embedding, double yawDegrees, double pitchDegrees, double eyeOpenness,
            double passiveLiveness, double quality, String frameDigest, double eyeAspectRatio) {
        this(box, embedding, yawDegrees, pitchDegrees, eyeOpenness, passiveLiveness, quality, frameDigest,
                eyeAspectRatio, null);
    }

    /**
     * An analysis without a landmark eye aspect ratio (engines that do not compute it).
     *
     * @param box where the face is
     * @param embedding the face embedding, L2-normalised
     * @param yawDegrees head yaw, positive when the person turns to their left
     * @param pitchDegrees head pitch, positive when the person looks up
     * @param eyeOpenness 0 closed .. 1 open, from the eye-state model
     * @param passiveLiveness 0 spoof .. 1 live
     * @param quality the face quality score
     * @param frameDigest sha256 hex of decoded pixels, to detect repeated frames
     */
    public FaceAnalysis(FaceBox box, float[] embedding, double yawDegrees, double pitchDegrees, double eyeOpenness,
            double passiveLiveness, double quality, String frameDigest) {
        this(box, embedding, yawDegrees, pitchDegrees, eyeOpenness, passiveLiveness, quality, frameDigest, Double.NaN);
    }
}
