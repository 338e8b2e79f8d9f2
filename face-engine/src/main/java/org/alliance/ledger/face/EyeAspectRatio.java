package org.alliance.ledger.face;

/**
 * The eye aspect ratio (Soukupová and Čech, 2016) from the 68 iBUG landmarks: for each eye the
 * two lid-to-lid distances over twice the corner-to-corner distance, averaged over both eyes.
 * It is about 0.3 for open eyes and drops when the lids close, but its open level differs from
 * person to person and with the landmark model's fit, so a blink is judged against the same
 * person's neutral frame, never against an absolute value.
 */
public final class EyeAspectRatio {
    /** iBUG indices per eye: outer/inner corners p1, p4 and the lids p2, p3 (upper) and p6, p5 (lower). */
    private static final int[][] EYES = {{36, 37, 38, 39, 40, 41}, {42, 43, 44, 45, 46, 47}};

    private EyeAspectRatio() {
    }

    /**
     * The mean eye aspect ratio of both eyes.
     *
     * @param landmarks the 68 iBUG landmarks as {@code {x0, y0, ...}}
     * @return the ratio, or {@code NaN} if an eye's corners coincide or a point is not finite
     * @throws IllegalArgumentException if {@code landmarks} is null or not 136 numbers
     */
    public static double of(double[] landmarks) {
        LandmarkPose.requireLandmarks(landmarks);
        double sum = 0;
        for (int[] e : EYES) {
            double width = distance(landmarks, e[0], e[3]);
            if (!(width > 1e-9) || !Double.isFinite(width)) {
                return Double.NaN;
            }
            sum += (distance(landmarks, e[1], e[5]) + distance(landmarks, e[2], e[4])) / (2 * width);
        }
        return sum / EYES.length;
    }

    private static double distance(double[] l, int a, int b) {
        return Math.hypot(l[2 * a] - l[2 * b], l[2 * a + 1] - l[2 * b + 1]);
    }
}
