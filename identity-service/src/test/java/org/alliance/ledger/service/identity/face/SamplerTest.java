package org.alliance.ledger.service.identity.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.alliance.ledger.service.identity.face.Sampler.Encoding;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final int W = 37;
    private static final int H = 23;

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
