package org.alliance.ledger.service.identity.face;

/**
 * Builds model input tensors (planar, NCHW without the batch) by bilinear sampling of a
 * {@link DecodedImage} through an affine map from output pixel to source pixel. One routine
 * serves resize, crop, letterbox and alignment warp, so all models see identically
 * interpolated pixels.
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
        boolean gray = encoding == Encoding.GRAY_256 || encoding == Encoding.GRAY_255;
        int plane = outW * outH;
        float[] out = new float[gray ? plane : 3 * plane];
        float[] bgr = new float[3];
        for (int v = 0; v < outH; v++) {
            for (int u = 0; u < outW; u++) {
                double x = map[0] * u + map[1] * v + map[2];
                double y = map[3] * u + map[4] * v + map[5];
                bilinear(image, x, y, bgr);
                int i = v * outW + u;
                if (gray) {
                    float g = 0.114f * bgr[0] + 0.587f * bgr[1] + 0.299f * bgr[2];
                    out[i] = encoding == Encoding.GRAY_256 ? g / 256f : g / 255f;
                } else {
                    for (int c = 0; c < 3; c++) {
                        out[c * plane + i] = encode(bgr[2 - c], c, encoding);
                    }
                }
            }
        }
        return out;
    }

    private static float encode(float value, int rgbChannel, Encoding encoding) {
        return switch (encoding) {
            case RGB_CENTRED -> (value - 127f) / 128f;
            case RGB_IMAGENET -> (value / 255f - IMAGENET_MEAN[rgbChannel]) / IMAGENET_STD[rgbChannel];
            case RGB_RAW -> value;
            case GRAY_256, GRAY_255 -> throw new IllegalArgumentException("grey encodings have one plane");
        };
    }

    private static void bilinear(DecodedImage image, double x, double y, float[] bgr) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        for (int c = 0; c < 3; c++) {
            float top = image.at(x0, y0, c) * (1 - fx) + image.at(x0 + 1, y0, c) * fx;
            float bottom = image.at(x0, y0 + 1, c) * (1 - fx) + image.at(x0 + 1, y0 + 1, c) * fx;
            bgr[c] = top * (1 - fy) + bottom * fy;
        }
    }
}
