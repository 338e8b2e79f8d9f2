package org.alliance.ledger.face.dlib;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * dlib's shape predictor (Kazemi and Sullivan's cascade of regression trees, {@code
 * dlib/image_processing/shape_predictor.h}), read from its serialised form and evaluated in Java
 * the way dlib evaluates it, so that dlib's five-point model gives dlib's points.
 *
 * <p>At each cascade level the current shape is fitted to the mean shape by a similarity
 * transform; every feature is the grey level of one pixel placed relative to an anchor landmark
 * through that transform; every tree walks its splits on differences of two features and adds its
 * leaf's shape update. Pixels are read at rounded coordinates and outside the image count as
 * zero, the grey level is {@code (r + g + b) / 3} in integers, and the final points are rounded
 * to whole pixels, all as in dlib.
 */
public final class ShapePredictor {
    private final float[] initialShape;
    private final Tree[][] forests;
    private final int[][] anchors;
    private final float[][] deltas;

    /** One regression tree: split i's children are 2i+1 and 2i+2; leaves follow the splits. */
    private record Tree(int[] idx1, int[] idx2, float[] thresh, float[][] leaves) {
    }

    private ShapePredictor(float[] initialShape, Tree[][] forests, int[][] anchors, float[][] deltas) {
        this.initialShape = initialShape;
        this.forests = forests;
        this.anchors = anchors;
        this.deltas = deltas;
    }

    /**
     * Greyscale pixels of an image, as dlib reads them.
     */
    public interface GreyImage {
        /** @return width in pixels */
        int width();

        /** @return height in pixels */
        int height();

        /**
         * The grey level.
         *
         * @param x column, inside the image
         * @param y row, inside the image
         * @return {@code (r + g + b) / 3}, rounded down
         */
        int grey(int x, int y);
    }

    /**
     * Reads a serialised shape predictor.
     *
     * @param file the {@code .dat} file
     * @return the predictor
     * @throws IOException if the file is not a shape predictor in dlib's format
     */
    public static ShapePredictor read(InputStream file) throws IOException {
        DlibReader in = new DlibReader(new BufferedInputStream(file, 1 << 16));
        in.expectInt(1, "shape_predictor version");
        float[] initial = in.readFloatColumn();
        int points = initial.length / 2;
        if (points == 0 || initial.length % 2 != 0) {
            throw new IOException("shape predictor has an empty or odd initial shape");
        }
        int levels = count(in, "cascade levels");
        Tree[][] forests = new Tree[levels][];
        for (int l = 0; l < levels; l++) {
            forests[l] = new Tree[count(in, "trees")];
            for (int t = 0; t < forests[l].length; t++) {
                int splits = count(in, "splits");
                int[] idx1 = new int[splits];
                int[] idx2 = new int[splits];
                float[] thresh = new float[splits];
                for (int s = 0; s < splits; s++) {
                    idx1[s] = in.readInt();
                    idx2[s] = in.readInt();
                    thresh[s] = (float) in.readDouble();
                }
                float[][] leaves = new float[count(in, "leaves")][];
                if (leaves.length != splits + 1) {
                    throw new IOException("tree with " + splits + " splits has " + leaves.length + " leaves");
                }
                for (int v = 0; v < leaves.length; v++) {
                    leaves[v] = in.readFloatColumn();
                    if (leaves[v].length != initial.length) {
                        throw new IOException("leaf of length " + leaves[v].length + " for a shape of " + initial.length);
                    }
                }
                forests[l][t] = new Tree(idx1, idx2, thresh, leaves);
            }
        }
        if (count(in, "anchor levels") != levels) {
            throw new IOException("anchor levels differ from cascade levels");
        }
        int[][] anchors = new int[levels][];
        for (int l = 0; l < levels; l++) {
            anchors[l] = new int[count(in, "anchors")];
            for (int i = 0; i < anchors[l].length; i++) {
                anchors[l][i] = in.readInt();
                if (anchors[l][i] < 0 || anchors[l][i] >= points) {
                    throw new IOException("anchor " + anchors[l][i] + " outside the shape");
                }
            }
        }
        if (count(in, "delta levels") != levels) {
            throw new IOException("delta levels differ from cascade levels");
        }
        float[][] deltas = new float[levels][];
        for (int l = 0; l < levels; l++) {
            int n = count(in, "deltas");
            if (n != anchors[l].length) {
                throw new IOException("level " + l + " has " + n + " deltas for " + anchors[l].length + " anchors");
            }
            deltas[l] = new float[2 * n];
            for (int i = 0; i < 2 * n; i++) {
                deltas[l][i] = (float) in.readDouble();
            }
        }
        in.expectEnd();
        for (int l = 0; l < levels; l++) {
            for (Tree tree : forests[l]) {
                for (int s = 0; s < tree.idx1().length; s++) {
                    if (tree.idx1()[s] < 0 || tree.idx1()[s] >= anchors[l].length || tree.idx2()[s] < 0
                            || tree.idx2()[s] >= anchors[l].length) {
                        throw new IOException("split feature outside level " + l + "'s features");
                    }
                }
            }
        }
        return new ShapePredictor(initial, forests, anchors, deltas);
    }

    private static int count(DlibReader in, String what) throws IOException {
        long n = in.readLong();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("implausible number of " + what + ": " + n);
        }
        return (int) n;
    }

    /**
     * The number of points the model places.
     *
     * @return points
     */
    public int points() {
        return initialShape.length / 2;
    }

    /**
     * Places the landmarks in a face box.
     *
     * @param image the image
     * @param left the box's left column (dlib's {@code rectangle.left()})
     * @param top its top row
     * @param right its right column, inclusive
     * @param bottom its bottom row, inclusive
     * @return the points as {x0, y0, x1, y1, ...}, whole pixels
     */
    public double[] predict(GreyImage image, long left, long top, long right, long bottom) {
        float[] shape = initialShape.clone();
        float[] features = new float[0];
        for (int level = 0; level < forests.length; level++) {
            features = features(image, left, top, right, bottom, shape, level, features);
            for (Tree tree : forests[level]) {
                int i = 0;
                int splits = tree.idx1().length;
                while (i < splits) {
                    i = features[tree.idx1()[i]] - features[tree.idx2()[i]] > tree.thresh()[i] ? 2 * i + 1 : 2 * i + 2;
                }
                float[] leaf = tree.leaves()[i - splits];
                for (int k = 0; k < shape.length; k++) {
                    shape[k] += leaf[k];
                }
            }
        }
        double[] points = new double[shape.length];
        for (int i = 0; i < shape.length / 2; i++) {
            points[2 * i] = Math.floor(left + shape[2 * i] * (double) (right - left) + 0.5);
            points[2 * i + 1] = Math.floor(top + shape[2 * i + 1] * (double) (bottom - top) + 0.5);
        }
        return points;
    }

    private float[] features(GreyImage image, long left, long top, long right, long bottom, float[] shape,
            int level, float[] reuse) {
        int[] anchor = anchors[level];
        float[] delta = deltas[level];
        float[] out = reuse.length == anchor.length ? reuse : new float[anchor.length];
        float[] m = similarity(initialShape, shape);
        for (int i = 0; i < anchor.length; i++) {
            float dx = delta[2 * i];
            float dy = delta[2 * i + 1];
            float u = m[0] * dx + m[1] * dy + shape[2 * anchor[i]];
            float v = m[2] * dx + m[3] * dy + shape[2 * anchor[i] + 1];
            long x = (long) Math.floor(left + u * (double) (right - left) + 0.5);
            long y = (long) Math.floor(top + v * (double) (bottom - top) + 0.5);
            out[i] = x >= 0 && y >= 0 && x < image.width() && y < image.height() ? image.grey((int) x, (int) y) : 0;
        }
        return out;
    }

    /**
     * The 2×2 part {@code {a, -b, b, a}} of the least-squares similarity transform from one shape
     * onto another (dlib's {@code find_tform_between_shapes}, whose translation the features do
     * not use).
     */
    private static float[] similarity(float[] from, float[] to) {
        if (from.length == 2) {
            return new float[] {1, 0, 0, 1};
        }
        double[] f = new double[from.length];
        double[] t = new double[to.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = from[i];
            t[i] = to[i];
        }
        double[] fit = LeastSquaresSimilarity.fit(f, t);
        float a = (float) fit[0];
        float b = (float) fit[1];
        return new float[] {a, -b, b, a};
    }
}
