package org.alliance.ledger.face.dlib;

/**
 * The least-squares similarity transform (rotation, uniform scale, translation) taking one point
 * set onto another: Umeyama's estimate, which in two dimensions has a closed form. dlib's
 * {@code find_similarity_transform} computes the same thing; the engine's alignment uses it too.
 */
public final class LeastSquaresSimilarity {
    private LeastSquaresSimilarity() {
    }

    /**
     * Fits the transform {@code (x, y) → (a·x − b·y + tx, b·x + a·y + ty)} mapping {@code from[i]}
     * onto {@code to[i]}.
     *
     * @param from source points as {x0, y0, x1, y1, ...}
     * @param to target points, same layout and length
     * @return {a, b, tx, ty}
     * @throws IllegalArgumentException if the point sets differ in size or the source points coincide
     */
    public static double[] fit(double[] from, double[] to) {
        if (from.length != to.length || from.length < 4 || from.length % 2 != 0) {
            throw new IllegalArgumentException("need two equal sets of at least two points");
        }
        int n = from.length / 2;
        double fx = 0, fy = 0, gx = 0, gy = 0;
        for (int i = 0; i < n; i++) {
            fx += from[2 * i];
            fy += from[2 * i + 1];
            gx += to[2 * i];
            gy += to[2 * i + 1];
        }
        fx /= n;
        fy /= n;
        gx /= n;
        gy /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double px = from[2 * i] - fx;
            double py = from[2 * i + 1] - fy;
            double qx = to[2 * i] - gx;
            double qy = to[2 * i + 1] - gy;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
            norm += px * px + py * py;
        }
        if (norm == 0) {
            throw new IllegalArgumentException("source points coincide");
        }
        double a = dot / norm;
        double b = cross / norm;
        return new double[] {a, b, gx - (a * fx - b * fy), gy - (b * fx + a * fy)};
    }
}
