package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.alliance.ledger.face.LandmarkPose.Pose;
import org.junit.jupiter.api.Test;

class LandmarkPoseTest {

    @Test
    void frontalFaceIsZero() {
        Pose pose = LandmarkPose.estimate(LandmarkPose.project(0, 0, 0.4, 320, 240));
        assertThat(pose.yawDegrees()).isCloseTo(0, within(1e-9));
        assertThat(pose.pitchDegrees()).isCloseTo(0, within(1e-9));
        assertThat(pose.known()).isTrue();
    }

    /** Exact projections of the model: the fit recovers the pose to rounding error. */
    @Property(tries = 300)
    void exactProjectionsRecoverYawAndPitch(@ForAll @DoubleRange(min = -60, max = 60) double yaw,
            @ForAll @DoubleRange(min = -40, max = 40) double pitch, @ForAll @DoubleRange(min = 0.1, max = 2) double scale) {
        Pose pose = LandmarkPose.estimate(LandmarkPose.project(yaw, pitch, scale, 300, 200));
        assertThat(pose.yawDegrees()).isCloseTo(yaw, within(1e-6));
        assertThat(pose.pitchDegrees()).isCloseTo(pitch, within(1e-6));
    }

    @Test
    void signsFollowFaceAnalysis() {
        // The person's own left moves the nose tip to the image's right.
        double[] left = LandmarkPose.project(20, 0, 0.4, 320, 240);
        assertThat(left[2 * 30]).isGreaterThan((left[2 * 36] + left[2 * 45]) / 2);
        assertThat(LandmarkPose.estimate(left).yawDegrees()).isCloseTo(20, within(1e-6));
        // Looking up moves the nose tip up towards the eyes (the eyes lie behind it).
        double[] up = LandmarkPose.project(0, 15, 0.4, 320, 240);
        double[] level = LandmarkPose.project(0, 0, 0.4, 320, 240);
        assertThat(up[2 * 30 + 1] - up[2 * 36 + 1]).isLessThan(level[2 * 30 + 1] - level[2 * 36 + 1]);
        assertThat(LandmarkPose.estimate(up).pitchDegrees()).isCloseTo(15, within(1e-6));
    }

    /**
     * Landmark noise of 1.5 px (sd) on a face 180 px between the outer eye corners (a 64x64
     * landmark model's resolution on a 640x480 kiosk frame): over 500 draws yaw stays within 6° of
     * the truth (the worst seen is about 5°).
     */
    @Test
    void noisyLandmarksStayWithinSixDegrees() {
        Random random = new Random(42);
        double worst = 0;
        for (int i = 0; i < 500; i++) {
            double yaw = random.nextDouble() * 60 - 30;
            double pitch = random.nextDouble() * 30 - 15;
            double[] points = LandmarkPose.project(yaw, pitch, 0.4, 320, 240);
            for (int k = 0; k < points.length; k++) {
                points[k] += random.nextGaussian() * 1.5;
            }
            worst = Math.max(worst, Math.abs(LandmarkPose.estimate(points).yawDegrees() - yaw));
        }
        assertThat(worst).isLessThan(6);
    }

    /**
     * A printed photo tilted about its vertical axis is a frontal face squeezed sideways: that
     * moves no point in depth, so it must not read as a turn.
     */
    @Property(tries = 100)
    void aFrontalFaceSqueezedSidewaysIsNotATurn(@ForAll @DoubleRange(min = 0.5, max = 1) double squeeze) {
        double[] points = LandmarkPose.project(0, 0, 0.4, 320, 240);
        for (int k = 0; k < points.length; k += 2) {
            points[k] = 320 + (points[k] - 320) * squeeze;
        }
        assertThat(LandmarkPose.estimate(points).yawDegrees()).isCloseTo(0, within(1e-6));
    }

    @Test
    void degenerateInputHasNoPose() {
        assertThat(LandmarkPose.estimate(new double[136]).known()).isFalse();
        double[] nan = LandmarkPose.project(0, 0, 0.4, 320, 240);
        nan[2 * 36] = Double.NaN;
        assertThat(LandmarkPose.estimate(nan).known()).isFalse();
        double[] infinite = LandmarkPose.project(0, 0, 0.4, 320, 240);
        infinite[2 * 8 + 1] = Double.POSITIVE_INFINITY;
        assertThat(LandmarkPose.estimate(infinite).known()).isFalse();
        // all points on one horizontal line: no vertical extent, not a face
        double[] flat = LandmarkPose.project(0, 0, 0.4, 320, 240);
        for (int k = 1; k < flat.length; k += 2) {
            flat[k] = 240;
        }
        assertThat(LandmarkPose.estimate(flat).known()).isFalse();
    }

    @Test
    void wrongShapeIsRefused() {
        assertThatThrownBy(() -> LandmarkPose.estimate(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("68 landmarks");
        assertThatThrownBy(() -> LandmarkPose.estimate(new double[10])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 10");
    }
}
