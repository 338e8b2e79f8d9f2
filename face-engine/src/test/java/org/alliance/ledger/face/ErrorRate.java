package org.alliance.ledger.face;

import java.util.Locale;

/**
 * An error count over a number of trials, with exact (Clopper-Pearson) binomial bounds on the
 * true rate: the benches count errors on small sets, where the normal approximation fails,
 * especially at zero errors.
 *
 * @param errors how many trials went wrong
 * @param trials how many trials there were
 */
record ErrorRate(int errors, int trials) {
    /** Checks the counts. */
    ErrorRate {
        if (errors < 0 || trials < 0 || errors > trials) {
            throw new IllegalArgumentException(errors + " errors in " + trials + " trials");
        }
    }

    /**
     * The observed rate.
     *
     * @return errors / trials, 0 without trials
     */
    double rate() {
        return trials == 0 ? 0 : (double) errors / trials;
    }

    /**
     * The two-sided 95 % Clopper-Pearson interval's lower end (2.5 % in the lower tail).
     *
     * @return the bound, 0 when no error was seen
     */
    double lower() {
        return errors == 0 ? 0 : 1 - bound(trials - errors, trials, 0.025);
    }

    /**
     * The two-sided 95 % Clopper-Pearson interval's upper end (2.5 % in the upper tail).
     *
     * @return the bound, 1 when every trial failed or there were none
     */
    double upper() {
        return bound(errors, trials, 0.025);
    }

    /**
     * The one-sided 95 % Clopper-Pearson upper bound.
     *
     * @return the bound
     */
    double upper95() {
        return bound(errors, trials, 0.05);
    }

    /**
     * The rate, the count and the two-sided interval, as the docs print them.
     *
     * @return for example {@code 0.0020 (1/503) [0.0001, 0.0110]}
     */
    String describe() {
        return String.format(Locale.ROOT, "%.4f (%d/%d) [%.4f, %.4f]", rate(), errors, trials, lower(), upper());
    }

    /** The p with P(X ≤ k | n, p) = tail, found by bisection (the CDF falls as p rises). */
    private static double bound(int k, int n, double tail) {
        if (n == 0 || k >= n) {
            return 1;
        }
        double lo = (double) k / n;
        double hi = 1;
        for (int i = 0; i < 60; i++) {
            double p = (lo + hi) / 2;
            if (binomialCdf(k, n, p) > tail) {
                lo = p;
            } else {
                hi = p;
            }
        }
        return hi;
    }

    private static double binomialCdf(int k, int n, double p) {
        double sum = 0;
        double logTerm = n * Math.log1p(-p);
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                logTerm += Math.log((double) (n - i + 1) / i) + Math.log(p) - Math.log1p(-p);
            }
            sum += Math.exp(logTerm);
        }
        return sum;
    }
}
