package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimilarityTransformTest {
    private static final double[] POINTS = {38.3, 51.7, 73.5, 51.5, 56.0, 71.7, 41.5, 92.4, 70.7, 92.2};

    @Test
    void recoversRandomExactSimilaritiesAndTheirInverses() {
        Random random = new Random(20261122);
        for (int trial = 0; trial < 200; trial++) {
            recoversExactly(0.2 + 4.8 * random.nextDouble(), (random.nextDouble() - 0.5) * 6.2,
                    (random.nextDouble() - 0.5) * 1000, (random.nextDouble() - 0.5) * 1000);
        }
    }

    private static void recoversExactly(double scale, double angle, double tx, double ty) {
        double a = scale * Math.cos(angle);
        double b = scale * Math.sin(angle);
        double[] moved = new double[POINTS.length];
        for (int i = 0; i < POINTS.length; i += 2) {
            moved[i] = a * POINTS[i] - b * POINTS[i + 1] + tx;
            moved[i + 1] = b * POINTS[i] + a * POINTS[i + 1] + ty;
        }
        SimilarityTransform fit = SimilarityTransform.fit(POINTS, moved);
        assertThat(fit.a()).isCloseTo(a, within(1e-9));
        assertThat(fit.b()).isCloseTo(b, within(1e-9));
        double[] inv = fit.inverseMap();
        for (int i = 0; i < POINTS.length; i += 2) {
            assertThat(inv[0] * moved[i] + inv[1] * moved[i + 1] + inv[2]).isCloseTo(POINTS[i], within(1e-6));
            assertThat(inv[3] * moved[i] + inv[4] * moved[i + 1] + inv[5]).isCloseTo(POINTS[i + 1], within(1e-6));
        }
    }

    @Test
    void oneDisplacedPointMovesTheFitLessThanItself() {
        double[] noisy = POINTS.clone();
        noisy[0] += 10;
        SimilarityTransform fit = SimilarityTransform.fit(POINTS, noisy);
        // the displaced point is matched to within half its displacement: the other four points hold the fit
        double x = fit.a() * POINTS[0] - fit.b() * POINTS[1] + fit.tx();
        assertThat(Math.abs(x - noisy[0])).isLessThan(9);
        assertThat(Math.abs(x - POINTS[0])).isLessThan(5);
    }

    @Test
    void refusesDegeneratePointSets() {
        assertThatThrownBy(() -> SimilarityTransform.fit(new double[] {1, 1, 1, 1}, new double[] {0, 0, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimilarityTransform.fit(POINTS, new double[4]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
