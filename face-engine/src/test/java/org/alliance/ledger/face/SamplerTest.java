package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.alliance.ledger.face.Sampler.Encoding;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final int W = 37;
    private static final int H = 23;
    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    @Test
    void halvingBothSidesAveragesEachTwoByTwoBlock() {
        DecodedImage image = noise(new Random(1), 8, 6);
        float[] out = Sampler.resize(image, new double[] {0, 0, 8, 6}, 4, 3, Encoding.RGB_RAW);
        for (int v = 0; v < 3; v++) {
            for (int u = 0; u < 4; u++) {
                for (int c = 0; c < 3; c++) {
                    double mean = (image.at(2 * u, 2 * v, c) + image.at(2 * u + 1, 2 * v, c)
                            + image.at(2 * u, 2 * v + 1, c) + image.at(2 * u + 1, 2 * v + 1, c)) / 4.0;
                    // RGB planes: red first, while the image is blue first.
                    assertThat(out[(2 - c) * 12 + v * 4 + u]).isCloseTo((float) mean, within(1e-3f));
                }
            }
        }
    }

    @Test
    void anyAffineMapMatchesBilinearInterpolationWithABlackBorder() {
        Random random = new Random(7);
        DecodedImage image = noise(random, W, H);
        for (int trial = 0; trial < 200; trial++) {
            // Rotations, scales and offsets that put parts of the output outside the image.
            double angle = random.nextDouble() * 2 * Math.PI;
            double scale = 0.3 + random.nextDouble() * 2;
            double[] map = {scale * Math.cos(angle), -scale * Math.sin(angle), random.nextDouble() * 60 - 15,
                scale * Math.sin(angle), scale * Math.cos(angle), random.nextDouble() * 40 - 10};
            float[] out = Sampler.warp(image, map, 16, 12, Encoding.RGB_RAW);
            for (int v = 0; v < 12; v++) {
                for (int u = 0; u < 16; u++) {
                    double x = map[0] * u + map[1] * v + map[2];
                    double y = map[3] * u + map[4] * v + map[5];
                    for (int c = 0; c < 3; c++) {
                        assertThat(out[(2 - c) * 192 + v * 16 + u]).as("trial %d (%d,%d) channel %d", trial, u, v, c)
                                .isCloseTo((float) reference(image, x, y, c), within(1e-3f));
                    }
                }
            }
        }
    }

    /*
     * The sampler reads pixel bytes directly and precomputes the columns and rows of axis-aligned
     * maps; the models' scores must not move by a single bit for it, so the properties below hold
     * it to the plain per-pixel formulation with exact (bit pattern) equality, not a tolerance.
     */

    @Property(tries = 3000)
    void resizeIsBitIdenticalToPerPixelSampling(@ForAll @IntRange(min = 1, max = 41) int width,
            @ForAll @IntRange(min = 1, max = 31) int height, @ForAll @IntRange(min = 1, max = 48) int outW,
            @ForAll @IntRange(min = 1, max = 48) int outH, @ForAll Encoding encoding,
            @ForAll @DoubleRange(min = -1, max = 1) double left, @ForAll @DoubleRange(min = -1, max = 1) double top,
            @ForAll @DoubleRange(min = 0.02, max = 2.5) double spanX,
            @ForAll @DoubleRange(min = 0.02, max = 2.5) double spanY, @ForAll long seed) {
        // Rectangles start up to one image size before the image and reach up to 2.5 sizes, so
        // they cross every border; output sizes scale both up and down, odd sizes and 1 included.
        DecodedImage image = noise(new Random(seed), width, height);
        double[] rect = {left * width, top * height, spanX * width, spanY * height};
        double sx = rect[2] / outW;
        double sy = rect[3] / outH;
        double[] map = {sx, 0, rect[0] + 0.5 * sx - 0.5, 0, sy, rect[1] + 0.5 * sy - 0.5};
        assertBitIdentical(Sampler.resize(image, rect, outW, outH, encoding),
                perPixel(image, map, outW, outH, encoding));
    }

    @Property(tries = 2000)
    void rotatedWarpIsBitIdenticalToPerPixelSampling(@ForAll @IntRange(min = 1, max = 41) int width,
            @ForAll @IntRange(min = 1, max = 31) int height, @ForAll @IntRange(min = 1, max = 40) int outW,
            @ForAll @IntRange(min = 1, max = 40) int outH, @ForAll Encoding encoding,
            @ForAll @DoubleRange(min = 0, max = 6.3) double angle, @ForAll @DoubleRange(min = 0.05, max = 3) double scale,
            @ForAll @DoubleRange(min = -1, max = 2) double offsetX, @ForAll @DoubleRange(min = -1, max = 2) double offsetY,
            @ForAll long seed) {
        DecodedImage image = noise(new Random(seed), width, height);
        double[] map = {scale * Math.cos(angle), -scale * Math.sin(angle), offsetX * width,
            scale * Math.sin(angle), scale * Math.cos(angle), offsetY * height};
        assertBitIdentical(Sampler.warp(image, map, outW, outH, encoding), perPixel(image, map, outW, outH, encoding));
    }

    @Property(tries = 1000)
    void axisAlignedShortcutIsBitIdenticalToTheGeneralPath(@ForAll @IntRange(min = 1, max = 41) int width,
            @ForAll @IntRange(min = 1, max = 31) int height, @ForAll @IntRange(min = 1, max = 40) int outW,
            @ForAll @IntRange(min = 1, max = 40) int outH, @ForAll Encoding encoding,
            @ForAll @DoubleRange(min = -3, max = 3) double scaleX, @ForAll @DoubleRange(min = -3, max = 3) double scaleY,
            @ForAll @DoubleRange(min = -1, max = 2) double offsetX, @ForAll @DoubleRange(min = -1, max = 2) double offsetY,
            @ForAll boolean negativeZeros, @ForAll long seed) {
        // Mirrored maps and signed zeros in the off-diagonal: the shortcut must not care.
        DecodedImage image = noise(new Random(seed), width, height);
        double zero = negativeZeros ? -0.0 : 0.0;
        double[] map = {scaleX, zero, offsetX * width, zero, scaleY, offsetY * height};
        float[] general = Sampler.warpGeneral(image, map, outW, outH, encoding);
        assertBitIdentical(Sampler.warp(image, map, outW, outH, encoding), general);
        assertBitIdentical(general, perPixel(image, map, outW, outH, encoding));
    }

    @Test
    void detectorSizedResizeAndFarOutsideMapsAreBitIdentical() {
        DecodedImage image = noise(new Random(11), 640, 480);
        double[] rect = {0, 0, 640, 480};
        double[] map = {2, 0, 0.5, 0, 2, 0.5};
        for (Encoding encoding : Encoding.values()) {
            assertBitIdentical(Sampler.resize(image, rect, 320, 240, encoding), perPixel(image, map, 320, 240, encoding));
        }
        // Coordinates past the int range saturate in the conversion; they must read black, not wrap.
        for (double[] far : new double[][] {{1, 0, 3e9, 0, 1, 5}, {1, 0, -3e9, 0, 1, -3e9}, {0.5, 0.5, 5e9, -0.5, 0.5, 5}}) {
            float[] out = Sampler.warp(image, far, 7, 5, Encoding.RGB_RAW);
            assertBitIdentical(out, perPixel(image, far, 7, 5, Encoding.RGB_RAW));
            assertThat(out).containsOnly(0f);
        }
    }

    @Test
    void aOnePixelImageIsBitIdenticalAtEverySize() {
        DecodedImage image = DecodedImage.of(1, 1, new byte[] {(byte) 200, 17, (byte) 255});
        for (Encoding encoding : Encoding.values()) {
            for (int size : new int[] {1, 2, 5}) {
                double[] map = {1.0 / size, 0, 0.5 / size - 0.5, 0, 1.0 / size, 0.5 / size - 0.5};
                assertBitIdentical(Sampler.resize(image, new double[] {0, 0, 1, 1}, size, size, encoding),
                        perPixel(image, map, size, size, encoding));
            }
        }
    }

    /**
     * The plain per-pixel formulation the sampler reproduces: the affine map evaluated in double
     * per pixel, interpolation across then down in float, then the encoding, in that order.
     */
    private static float[] perPixel(DecodedImage image, double[] map, int outW, int outH, Encoding encoding) {
        int plane = outW * outH;
        boolean gray = encoding == Encoding.GRAY_256 || encoding == Encoding.GRAY_255;
        float[] out = new float[gray ? plane : 3 * plane];
        float[] bgr = new float[3];
        for (int v = 0; v < outH; v++) {
            for (int u = 0; u < outW; u++) {
                double x = map[0] * u + map[1] * v + map[2];
                double y = map[3] * u + map[4] * v + map[5];
                int x0 = (int) Math.floor(x);
                int y0 = (int) Math.floor(y);
                float fx = (float) (x - x0);
                float fy = (float) (y - y0);
                for (int c = 0; c < 3; c++) {
                    float upper = image.at(x0, y0, c) * (1 - fx) + image.at(x0 + 1, y0, c) * fx;
                    float lower = image.at(x0, y0 + 1, c) * (1 - fx) + image.at(x0 + 1, y0 + 1, c) * fx;
                    bgr[c] = upper * (1 - fy) + lower * fy;
                }
                int i = v * outW + u;
                float g = 0.114f * bgr[0] + 0.587f * bgr[1] + 0.299f * bgr[2];
                for (int c = 0; c < (gray ? 1 : 3); c++) {
                    float p = bgr[2 - c];
                    out[c * plane + i] = switch (encoding) {
                        case RGB_CENTRED -> (p - 127f) / 128f;
                        case RGB_IMAGENET -> (p / 255f - IMAGENET_MEAN[c]) / IMAGENET_STD[c];
                        case RGB_RAW -> p;
                        case GRAY_256 -> g / 256f;
                        case GRAY_255 -> g / 255f;
                    };
                }
            }
        }
        return out;
    }

    /** Equal bit patterns, element by element: stricter than {@code ==} (which calls -0 and 0 equal). */
    private static void assertBitIdentical(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        int at = Arrays.mismatch(bits(actual), bits(expected));
        assertThat(at).as(() -> "element " + at + " is " + actual[at] + ", per-pixel sampling gives " + expected[at])
                .isEqualTo(-1);
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** Bilinear interpolation as the textbook writes it, with 0 outside the image. */
    private static double reference(DecodedImage image, double x, double y, int c) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return image.at(x0, y0, c) * (1 - fx) * (1 - fy) + image.at(x0 + 1, y0, c) * fx * (1 - fy)
                + image.at(x0, y0 + 1, c) * (1 - fx) * fy + image.at(x0 + 1, y0 + 1, c) * fx * fy;
    }

    private static DecodedImage noise(Random random, int width, int height) {
        byte[] bgr = new byte[width * height * 3];
        random.nextBytes(bgr);
        return DecodedImage.of(width, height, bgr);
    }
}
