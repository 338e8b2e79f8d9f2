package org.alliance.ledger.face;

import org.alliance.ledger.face.dlib.LeastSquaresSimilarity;

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
        double[] t = LeastSquaresSimilarity.fit(from, to);
        return new SimilarityTransform(t[0], t[1], t[2], t[3]);
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
