package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EyeAspectRatioTest {

    /** Both eyes 30 px wide with lids {@code opening} px apart at both lid points. */
    private static double[] eyes(double opening) {
        double[] l = new double[136];
        for (int base : new int[] {36, 42}) {
            double x0 = base == 36 ? 100 : 160;
            set(l, base, x0, 100);
            set(l, base + 1, x0 + 10, 100 - opening / 2);
            set(l, base + 2, x0 + 20, 100 - opening / 2);
            set(l, base + 3, x0 + 30, 100);
            set(l, base + 4, x0 + 20, 100 + opening / 2);
            set(l, base + 5, x0 + 10, 100 + opening / 2);
        }
        return l;
    }

    private static void set(double[] l, int i, double x, double y) {
        l[2 * i] = x;
        l[2 * i + 1] = y;
    }

    @Test
    void knownAnswers() {
        // (9 + 9) / (2 * 30) = 0.3 for an open eye; lids together give 0
        assertThat(EyeAspectRatio.of(eyes(9))).isCloseTo(0.3, within(1e-12));
        assertThat(EyeAspectRatio.of(eyes(0))).isCloseTo(0, within(1e-12));
        assertThat(EyeAspectRatio.of(eyes(6))).isLessThan(EyeAspectRatio.of(eyes(9)));
    }

    @Test
    void itIsTheMeanOfBothEyesAndScaleFree() {
        double[] l = eyes(9);
        double[] doubled = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            doubled[i] = 2 * l[i];
        }
        assertThat(EyeAspectRatio.of(doubled)).isCloseTo(0.3, within(1e-12));
        // close one eye only: the mean halves
        for (int i : new int[] {43, 44, 46, 47}) {
            l[2 * i + 1] = 100;
        }
        assertThat(EyeAspectRatio.of(l)).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void degenerateEyesHaveNoRatioAndWrongShapesAreRefused() {
        assertThat(EyeAspectRatio.of(new double[136])).isNaN();
        double[] nan = eyes(9);
        nan[2 * 39] = Double.NaN;
        assertThat(EyeAspectRatio.of(nan)).isNaN();
        assertThatThrownBy(() -> EyeAspectRatio.of(new double[12])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EyeAspectRatio.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
