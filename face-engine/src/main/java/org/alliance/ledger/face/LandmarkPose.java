package org.alliance.ledger.face;

/**
 * Head yaw and pitch from the 68 iBUG landmarks, without a pose model: a generic 3D face (six
 * points) is fitted to the 2D landmarks under a weak-perspective (scaled orthographic) camera by
 * linear least squares, and the two rotation rows are made orthonormal.
 *
 * <p>The 3D points are the widely published generic head model (nose tip, chin, outer eye corners,
 * mouth corners, in arbitrary units with the nose tip at the origin), written here in camera
 * axes: x to the image's right, y down, z away from the camera. Weak perspective is enough for a
 * face filling part of a webcam frame: its depth (about 14 cm of a ~60 cm viewing distance) bends
 * the projection far less than the landmark noise does.
 *
 * <p>Sign conventions are {@link FaceAnalysis}'s: yaw is positive when the person turns to their
 * own left, which moves the nose towards the right of an unmirrored camera image; pitch is
 * positive when the person looks up.
 */
public final class LandmarkPose {
    /** iBUG indices of the fitted points: nose tip, chin, outer eye corners, mouth corners. */
    private static final int[] POINTS = {30, 8, 36, 45, 48, 54};
    /** The generic model's coordinates for {@link #POINTS}, camera axes (x right, y down, z away). */
    private static final double[][] MODEL = {
        {0, 0, 0}, {0, 330, 65}, {-225, -170, 135}, {225, -170, 135}, {-150, 150, 125}, {150, 150, 125}};
    /** Number of iBUG landmarks. */
    public static final int LANDMARKS = 68;
    /**
     * The two fitted row scales of a face seen under weak perspective are equal; a fit whose rows
     * differ by more than this factor is not a face seen by a camera (swapped or collapsed points),
     * so no pose is reported.
     */
    static final double MAX_ANISOTROPY = 2.0;
    /** {@code (X^T X)^-1 X^T} of the centred model, so each fit is one small matrix product. */
    private static final double[][] PSEUDO_INVERSE = pseudoInverse();

    private LandmarkPose() {
    }

    /**
     * A head pose in degrees, {@code NaN} for both when the landmarks do not describe a face.
     *
     * @param yawDegrees positive when the person turns to their own left
     * @param pitchDegrees positive when the person looks up
     */
    public record Pose(double yawDegrees, double pitchDegrees) {
        static final Pose UNKNOWN = new Pose(Double.NaN, Double.NaN);

        /**
         * Whether a pose was found.
         *
         * @return true unless the angles are {@code NaN}
         */
        public boolean known() {
            return !Double.isNaN(yawDegrees) && !Double.isNaN(pitchDegrees);
        }
    }

    /**
     * Estimates the head pose.
     *
     * @param landmarks the 68 iBUG landmarks as {@code {x0, y0, x1, y1, ...}} in image pixels
     * @return the pose, or {@link Pose#known() unknown} if the points are not finite, coincide or
     *     cannot be a projected face
     * @throws IllegalArgumentException if {@code landmarks} is null or not 136 numbers
     */
    public static Pose estimate(double[] landmarks) {
        requireLandmarks(landmarks);
        int n = POINTS.length;
        double cx = 0;
        double cy = 0;
        for (int p : POINTS) {
            cx += landmarks[2 * p];
            cy += landmarks[2 * p + 1];
        }
        cx /= n;
        cy /= n;
        if (!Double.isFinite(cx) || !Double.isFinite(cy)) {
            return Pose.UNKNOWN;
        }
        // Least squares for the 2x3 projection M in x_i = M X_i (both centred): M^T = pinv(X) x.
        double[] m1 = new double[3];
        double[] m2 = new double[3];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < n; i++) {
                m1[k] += PSEUDO_INVERSE[k][i] * (landmarks[2 * POINTS[i]] - cx);
                m2[k] += PSEUDO_INVERSE[k][i] * (landmarks[2 * POINTS[i] + 1] - cy);
            }
        }
        double s1 = norm(m1);
        double s2 = norm(m2);
        if (!(s1 > 1e-9 && s2 > 1e-9) || Math.max(s1, s2) / Math.min(s1, s2) > MAX_ANISOTROPY) {
            return Pose.UNKNOWN;
        }
        // Nearest orthonormal pair, symmetric in the two rows: a +- b are orthogonal when |a| = |b|.
        double[] a = scale(m1, 1 / s1);
        double[] b = scale(m2, 1 / s2);
        double[] sum = unit(new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
        double[] diff = unit(new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]});
        if (sum == null || diff == null) {
            return Pose.UNKNOWN;
        }
        double r = Math.sqrt(0.5);
        double[] r1 = {r * (sum[0] + diff[0]), r * (sum[1] + diff[1]), r * (sum[2] + diff[2])};
        double[] r2 = {r * (sum[0] - diff[0]), r * (sum[1] - diff[1]), r * (sum[2] - diff[2])};
        double r22 = r1[0] * r2[1] - r1[1] * r2[0];
        // The face looks along the model's -z axis; in camera axes that is -(R02, R12, R22).
        double yaw = Math.toDegrees(Math.atan2(-r1[2], r22));
        double pitch = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, r2[2]))));
        return new Pose(yaw, pitch);
    }

    /**
     * Checks the shape of a landmark array.
     *
     * @param landmarks the array to check
     * @throws IllegalArgumentException if it is null or not 136 numbers
     */
    static void requireLandmarks(double[] landmarks) {
        if (landmarks == null || landmarks.length != 2 * LANDMARKS) {
            throw new IllegalArgumentException("need " + LANDMARKS + " landmarks as " + 2 * LANDMARKS + " numbers, got "
                    + (landmarks == null ? "null" : landmarks.length));
        }
    }

    /**
     * The landmarks the generic model would project to at a given pose (rotation about the
     * vertical axis by yaw, then about the horizontal axis by pitch, then uniform scale and shift);
     * points the model does not include are placed at the nose tip. For tests of {@link #estimate}.
     *
     * @param yawDegrees yaw, positive to the person's left
     * @param pitchDegrees pitch, positive looking up
     * @param scale pixels per model unit
     * @param x0 image x of the nose tip
     * @param y0 image y of the nose tip
     * @return 68 landmarks as {@code {x0, y0, ...}}
     */
    static double[] project(double yawDegrees, double pitchDegrees, double scale, double x0, double y0) {
        double yaw = Math.toRadians(yawDegrees);
        double pitch = Math.toRadians(pitchDegrees);
        double[] out = new double[2 * LANDMARKS];
        for (int i = 0; i < LANDMARKS; i++) {
            out[2 * i] = x0;
            out[2 * i + 1] = y0;
        }
        for (int i = 0; i < POINTS.length; i++) {
            double[] p = MODEL[i];
            // Looking up turns the face's forward axis (-z) towards -y: rotate about x.
            double y1 = p[1] * Math.cos(pitch) + p[2] * Math.sin(pitch);
            double z1 = -p[1] * Math.sin(pitch) + p[2] * Math.cos(pitch);
            // Turning to the person's left turns the forward axis towards +x: rotate about y.
            double x2 = p[0] * Math.cos(yaw) - z1 * Math.sin(yaw);
            out[2 * POINTS[i]] = x0 + scale * x2;
            out[2 * POINTS[i] + 1] = y0 + scale * y1;
        }
        return out;
    }

    private static double[][] pseudoInverse() {
        int n = MODEL.length;
        double[] mean = new double[3];
        for (double[] p : MODEL) {
            for (int k = 0; k < 3; k++) {
                mean[k] += p[k] / n;
            }
        }
        double[][] x = new double[n][3];
        double[][] xtx = new double[3][3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                x[i][k] = MODEL[i][k] - mean[k];
            }
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    xtx[j][k] += x[i][j] * x[i][k];
                }
            }
        }
        double[][] inv = invert3(xtx);
        double[][] pinv = new double[3][n];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    pinv[k][i] += inv[k][j] * x[i][j];
                }
            }
        }
        return pinv;
    }

    private static double[][] invert3(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // cofactor of m[j][i] (transposed) over the determinant
                int r0 = (j + 1) % 3;
                int r1 = (j + 2) % 3;
                int c0 = (i + 1) % 3;
                int c1 = (i + 2) % 3;
                inv[i][j] = (m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]) / det;
            }
        }
        return inv;
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    private static double[] scale(double[] v, double f) {
        return new double[] {v[0] * f, v[1] * f, v[2] * f};
    }

    private static double[] unit(double[] v) {
        double n = norm(v);
        return n > 1e-12 ? scale(v, 1 / n) : null;
    }
}
