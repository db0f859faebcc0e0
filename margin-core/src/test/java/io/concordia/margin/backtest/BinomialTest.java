package io.concordia.margin.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinomialTest {

    @Test
    void shouldMatchTheBaselTableAt250DaysAnd99Percent() {
        // The cumulative probabilities of the Basel 1996 table (n = 250, p = 0.01): 89.22% at 4, 95.88% at 5,
        // 99.97% at 9, 99.99% at 10.
        assertThat(Binomial.cdf(4, 250, 0.01)).isCloseTo(0.8921876269036251, within(1e-12));
        assertThat(Binomial.cdf(5, 250, 0.01)).isCloseTo(0.9588168159301517, within(1e-12));
        assertThat(Binomial.cdf(9, 250, 0.01)).isCloseTo(0.9997498099312595, within(1e-12));
        assertThat(Binomial.cdf(10, 250, 0.01)).isCloseTo(0.999946101370953, within(1e-12));
    }

    @Test
    void shouldHandleTheEdges() {
        assertThat(Binomial.cdf(-1, 10, 0.3)).isEqualTo(0.0);
        assertThat(Binomial.cdf(10, 10, 0.3)).isEqualTo(1.0);
        // P(X <= 0) = (1 - p)^n
        assertThat(Binomial.cdf(0, 10, 0.3)).isCloseTo(Math.pow(0.7, 10), within(1e-15));
        assertThat(Binomial.cdf(0, 10, 0.0)).isEqualTo(1.0);
        assertThat(Binomial.cdf(9, 10, 1.0)).isEqualTo(0.0);
        assertThatThrownBy(() -> Binomial.cdf(1, -1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Binomial.cdf(1, 5, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAgreeWithExactRationalArithmeticOnSeededCases() {
        SplittableRandom rnd = new SplittableRandom(20261205L);
        for (int c = 0; c < 200; c++) {
            int n = 1 + rnd.nextInt(300);
            int k = rnd.nextInt(n + 1);
            int percent = 1 + rnd.nextInt(99);
            double expected = exactCdf(k, n, percent).doubleValue();
            assertThat(Binomial.cdf(k, n, percent / 100.0))
                    .as("n=%d k=%d p=%d%%", n, k, percent)
                    .isCloseTo(expected, within(1e-11));
        }
    }

    /** The naive sum with exact BigDecimal binomial coefficients and powers: slow, but nothing to go wrong. */
    private static BigDecimal exactCdf(int k, int n, int percent) {
        BigDecimal p = BigDecimal.valueOf(percent, 2);
        BigDecimal q = BigDecimal.ONE.subtract(p);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal choose = BigDecimal.ONE;
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                choose = choose.multiply(BigDecimal.valueOf(n - i + 1)).divide(BigDecimal.valueOf(i));
            }
            sum = sum.add(choose.multiply(p.pow(i)).multiply(q.pow(n - i)), MathContext.DECIMAL128);
        }
        return sum;
    }
}
