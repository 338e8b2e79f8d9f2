package org.alliance.ledger.face;

/**
 * Builds model input tensors (planar, NCHW without the batch) by bilinear sampling of a
 * {@link DecodedImage} through an affine map from output pixel to source pixel. One routine
 * serves resize, crop, letterbox and alignment warp, so all models see identically
 * interpolated pixels.
 *
 * <p>The sampler is on the hot path of every analysis (the detector input alone is 320x240x3
 * values), so it reads the pixel bytes directly away from the border and evaluates the source
 * columns and rows of an axis-aligned map once rather than per pixel. Every value is still
 * computed with the same float and double operations in the same order as the plain per-pixel
 * formulation (the tests hold it to that bit for bit), so the tensors, and with them every score
 * and embedding, do not move.
 */
final class Sampler {
    /** How an output tensor encodes the sampled pixels. */
    enum Encoding {
        /** RGB planes, {@code (p - 127) / 128}: detector and embedding. */
        RGB_CENTRED,
        /** RGB planes with ImageNet mean and standard deviation: head pose. */
        RGB_IMAGENET,
        /** RGB planes, raw 0..255: passive liveness. */
        RGB_RAW,
        /** One grey plane, {@code p / 256}: landmarks. */
        GRAY_256,
        /** One grey plane, {@code p / 255}: eye state. */
        GRAY_255
    }

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private Sampler() {
    }

    /**
     * Samples a source rectangle resized to {@code outW x outH}, with pixel-centre alignment
     * (the convention of OpenCV's resize, which the models were trained with).
     *
     * @param image the source
     * @param rect source rectangle {x, y, width, height}; may extend past the image (black there)
     * @param outW output width
     * @param outH output height
     * @param encoding output encoding
     * @return the planar tensor data
     */
    static float[] resize(DecodedImage image, double[] rect, int outW, int outH, Encoding encoding) {
        double sx = rect[2] / outW;
        double sy = rect[3] / outH;
        double[] map = {sx, 0, rect[0] + 0.5 * sx - 0.5, 0, sy, rect[1] + 0.5 * sy - 0.5};
        return warp(image, map, outW, outH, encoding);
    }

    /**
     * Samples through an affine map: output pixel (u, v) reads source
     * ({@code m[0]u + m[1]v + m[2]}, {@code m[3]u + m[4]v + m[5]}).
     *
     * @param image the source
     * @param map the 2x3 affine map, row-major
     * @param outW output width
     * @param outH output height
     * @param encoding output encoding
     * @return the planar tensor data
     */
    static float[] warp(DecodedImage image, double[] map, int outW, int outH, Encoding encoding) {
        // A zero coefficient contributes the same signed zero to every pixel's coordinate (u and
        // v are never negative), so the source column depends on u alone and the row on v alone,
        // and evaluating them once per column and once per row gives exactly the per-pixel values.
        // An empty output reads no coefficient on either path, so it goes the general way.
        if (outW > 0 && outH > 0 && map[1] == 0 && map[3] == 0) {
            return warpAxisAligned(image, map, outW, outH, encoding);
        }
        return warpGeneral(image, map, outW, outH, encoding);
    }

    /**
     * {@link #warp} without the axis-aligned shortcut: the source position of every pixel is
     * evaluated from the map. Package-private so tests can hold the shortcut to it.
     */
    static float[] warpGeneral(DecodedImage image, double[] map, int outW, int outH, Encoding encoding) {
        Target target = new Target(image, outW, outH, encoding);
        for (int v = 0; v < outH; v++) {
            for (int u = 0; u < outW; u++) {
                double x = sourceX(map, u, v);
                double y = sourceY(map, u, v);
                int x0 = (int) Math.floor(x);
                int y0 = (int) Math.floor(y);
                float fx = (float) (x - x0);
                float fy = (float) (y - y0);
                target.sample(v * outW + u, x0, fx, 1 - fx, y0, fy, 1 - fy);
            }
        }
        return target.out;
    }

    private static float[] warpAxisAligned(DecodedImage image, double[] map, int outW, int outH,
            Encoding encoding) {
        int[] x0s = new int[outW];
        float[] fxs = new float[outW];
        float[] wxs = new float[outW];
        for (int u = 0; u < outW; u++) {
            double x = sourceX(map, u, 0);
            x0s[u] = (int) Math.floor(x);
            fxs[u] = (float) (x - x0s[u]);
            wxs[u] = 1 - fxs[u];
        }
        Target target = new Target(image, outW, outH, encoding);
        for (int v = 0; v < outH; v++) {
            double y = sourceY(map, 0, v);
            int y0 = (int) Math.floor(y);
            float fy = (float) (y - y0);
            float wy = 1 - fy;
            for (int u = 0; u < outW; u++) {
                target.sample(v * outW + u, x0s[u], fxs[u], wxs[u], y0, fy, wy);
            }
        }
        return target.out;
    }

    private static double sourceX(double[] map, int u, int v) {
        return map[0] * u + map[1] * v + map[2];
    }

    private static double sourceY(double[] map, int u, int v) {
        return map[3] * u + map[4] * v + map[5];
    }

    /**
     * The output tensor under construction. The encoding is applied per pixel: a predictable
     * branch costs less than staging a row of samples in a buffer to encode it afterwards
     * (measured), and keeps each value's arithmetic in one place.
     */
    private static final class Target {
        private final DecodedImage image;
        private final byte[] pixels;
        private final int width;
        private final int height;
        private final int plane;
        private final Encoding encoding;
        private final float[] bgr = new float[3];
        private final float[] out;

        Target(DecodedImage image, int outW, int outH, Encoding encoding) {
            this.image = image;
            this.pixels = image.bgr();
            this.width = image.width();
            this.height = image.height();
            this.plane = outW * outH;
            this.encoding = encoding;
            boolean gray = encoding == Encoding.GRAY_256 || encoding == Encoding.GRAY_255;
            this.out = new float[gray ? plane : 3 * plane];
        }

        /**
         * Interpolates output pixel {@code i} from the 2x2 source block at ({@code x0},
         * {@code y0}) and encodes it; {@code wx} and {@code wy} are {@code 1 - fx} and {@code 1 - fy}.
         */
        void sample(int i, int x0, float fx, float wx, int y0, float fy, float wy) {
            // Written as x0 < width - 1 rather than x0 + 1 < width: a coordinate far outside the
            // image saturates x0 at Integer.MAX_VALUE, where x0 + 1 would wrap to a negative.
            if (x0 >= 0 && x0 < width - 1 && y0 >= 0 && y0 < height - 1) {
                int top = (y0 * width + x0) * 3;
                int bottom = top + 3 * width;
                for (int c = 0; c < 3; c++) {
                    bgr[c] = bilinear(pixels[top + c] & 0xff, pixels[top + 3 + c] & 0xff,
                            pixels[bottom + c] & 0xff, pixels[bottom + 3 + c] & 0xff, fx, wx, fy, wy);
                }
            } else {
                // At the border DecodedImage.at supplies the black outside the image.
                for (int c = 0; c < 3; c++) {
                    bgr[c] = bilinear(image.at(x0, y0, c), image.at(x0 + 1, y0, c),
                            image.at(x0, y0 + 1, c), image.at(x0 + 1, y0 + 1, c), fx, wx, fy, wy);
                }
            }
            emit(i, bgr[0], bgr[1], bgr[2]);
        }

        /** Writes one pixel in the tensor's encoding; RGB planes are red first, the image blue first. */
        private void emit(int i, float blue, float green, float red) {
            switch (encoding) {
                case RGB_CENTRED -> {
                    out[i] = centred(red);
                    out[plane + i] = centred(green);
                    out[2 * plane + i] = centred(blue);
                }
                case RGB_IMAGENET -> {
                    out[i] = imagenet(red, 0);
                    out[plane + i] = imagenet(green, 1);
                    out[2 * plane + i] = imagenet(blue, 2);
                }
                case RGB_RAW -> {
                    out[i] = red;
                    out[plane + i] = green;
                    out[2 * plane + i] = blue;
                }
                case GRAY_256 -> out[i] = grey(blue, green, red) / 256f;
                case GRAY_255 -> out[i] = grey(blue, green, red) / 255f;
            }
        }
    }

    private static float centred(float value) {
        return (value - 127f) / 128f;
    }

    private static float imagenet(float value, int rgbChannel) {
        return (value / 255f - IMAGENET_MEAN[rgbChannel]) / IMAGENET_STD[rgbChannel];
    }

    /** Luma from blue, green and red, summed in that order. */
    private static float grey(float blue, float green, float red) {
        return 0.114f * blue + 0.587f * green + 0.299f * red;
    }

    /** Bilinear interpolation of four taps: across each row first, then down. */
    private static float bilinear(int p00, int p10, int p01, int p11, float fx, float wx, float fy, float wy) {
        float top = p00 * wx + p10 * fx;
        float bottom = p01 * wx + p11 * fx;
        return top * wy + bottom * fy;
    }
}
