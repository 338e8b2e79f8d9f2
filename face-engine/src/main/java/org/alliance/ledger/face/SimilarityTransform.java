package org.alliance.ledger.face;

/**
 * The least-squares similarity transform (rotation, uniform scale, translation) taking one
 * point set onto another: Umeyama's estimate, which in two dimensions has a closed form. All
 * five landmarks vote, so one badly placed point bends the alignment far less than the
 * three-point affine fit the model package's own JavaScript uses.
 *
 * @param a scale times cosine of the rotation
 * @param b scale times sine of the rotation
 * @param tx x translation
 * @param ty y translation
 */
record SimilarityTransform(double a, double b, double tx, double ty) {

    /**
     * Fits the transform mapping {@code from[i]} onto {@code to[i]}.
     *
     * @param from source points as {x0, y0, x1, y1, ...}
     * @param to target points, same layout and length
     * @return the fitted transform
     * @throws IllegalArgumentException if the point sets differ in size or the source points coincide
     */
    static SimilarityTransform fit(double[] from, double[] to) {
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
        return new SimilarityTransform(a, b, gx - (a * fx - b * fy), gy - (b * fx + a * fy));
    }

    /**
     * The inverse map as a row-major 2x3 matrix, target pixel to source pixel, as
     * {@link Sampler#warp} wants it.
     *
     * @return the inverse affine map
     */
    double[] inverseMap() {
        double det = a * a + b * b;
        double ia = a / det;
        double ib = -b / det;
        // inverse of [[a,-b],[b,a]] is [[ia,-ib],[ib,ia]]; then undo the translation
        return new double[] {ia, -ib, -(ia * tx - ib * ty), ib, ia, -(ib * tx + ia * ty)};
    }
}
