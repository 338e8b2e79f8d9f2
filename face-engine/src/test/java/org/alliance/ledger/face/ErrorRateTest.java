package org.alliance.ledger.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The Clopper-Pearson bounds against values computed independently (the beta quantiles). */
class ErrorRateTest {
    @Test
    void zeroErrorsBoundedByTheRuleOfThreeAndItsExactValue() {
        ErrorRate none = new ErrorRate(0, 503);
        // 1 - 0.05^(1/503) and 1 - 0.025^(1/503)
        assertThat(none.upper95()).isCloseTo(1 - Math.pow(0.05, 1.0 / 503), within(1e-9));
        assertThat(none.upper()).isCloseTo(1 - Math.pow(0.025, 1.0 / 503), within(1e-9));
        assertThat(none.lower()).isZero();
        assertThat(none.rate()).isZero();
    }

    @Test
    void oneInTenMatchesTheBetaQuantiles() {
        ErrorRate one = new ErrorRate(1, 10);
        // 1 - 0.975^(1/10), and the upper end by bisection of the exact binomial sum in Python
        assertThat(one.lower()).isCloseTo(0.0025285785, within(1e-8));
        assertThat(one.upper()).isCloseTo(0.4450161170, within(1e-8));
        assertThat(one.describe()).isEqualTo("0.1000 (1/10) [0.0025, 0.4450]");
    }

    @Test
    void allErrorsAreSymmetricToNone() {
        ErrorRate all = new ErrorRate(20, 20);
        ErrorRate none = new ErrorRate(0, 20);
        assertThat(all.upper()).isEqualTo(1);
        assertThat(all.lower()).isCloseTo(1 - none.upper(), within(1e-12));
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThatThrownBy(() -> new ErrorRate(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ErrorRate(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
