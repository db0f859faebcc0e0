package io.concordia.margin.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.Fixtures;
import io.concordia.margin.option.NormalDistribution;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BacktestStatisticsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 1);

    @Test
    void shouldCountImAndVarExceedancesSeparatelyAndMeasureTheEsTail() {
        List<BacktestObservation> days = List.of(
                new BacktestObservation(DAY, 100, 50, 80, 1000, 60), // beyond VaR only: 60 / 80 = 0.75
                new BacktestObservation(DAY.plusDays(1), 100, 50, 80, 1000, 120), // beyond both: 120 / 80 = 1.5
                new BacktestObservation(DAY.plusDays(2), 100, 50, 80, 1000, 40),
                new BacktestObservation(DAY.plusDays(3), 100, 50, 80, 1000, -30));
        BacktestStatistics s = BacktestStatistics.of(days, 0.99);
        assertThat(s.imCoverage().exceedances()).isEqualTo(1);
        assertThat(s.varCoverage().exceedances()).isEqualTo(2);
        // (0.75 + 1.5) / 2
        assertThat(s.esRatio()).isCloseTo(1.125, within(1e-12));
        assertThat(s.esRatioDays()).isEqualTo(2);
        assertThat(s.meanIm()).isCloseTo(100, within(1e-12));
    }

    @Test
    void shouldMeasureProcyclicalityOnTheMarginRate() {
        // IM rates 10%, 10% (IM doubled with the exposure: no change), 15% (+50%), 6%: peak-to-trough 15/6 = 2.5.
        // ES rates 5%, 2.5% (-50%), 4% (+60%), 3%: peak-to-trough 5/2.5 = 2.
        List<BacktestObservation> days = List.of(
                new BacktestObservation(DAY, 100, 0, 50, 1000, 0),
                new BacktestObservation(DAY.plusDays(1), 200, 0, 50, 2000, 0),
                new BacktestObservation(DAY.plusDays(2), 300, 0, 80, 2000, 0),
                new BacktestObservation(DAY.plusDays(3), 120, 0, 60, 2000, 0));
        Procyclicality p = BacktestStatistics.of(days, 0.99).procyclicality();
        assertThat(p.peakToTrough()).isCloseTo(2.5, within(1e-12));
        assertThat(p.largestDailyRise()).isCloseTo(0.5, within(1e-12));
        Procyclicality hist = BacktestStatistics.of(days, 0.99).histProcyclicality();
        assertThat(hist.peakToTrough()).isCloseTo(2.0, within(1e-12));
        assertThat(hist.largestDailyRise()).isCloseTo(0.6, within(1e-12));
        assertThat(BacktestStatistics.of(days, 0.99).esRatio()).isNaN();
    }

    @Test
    void shouldFindTheExpectedExceedancesOfAKnownQuantile() {
        // Losses i.i.d. N(0, sigma^2) against the true 99% quantile sigma z_0.99: the exceedance count is
        // Binomial(n, 0.01). Over 20 seeded samples of 2,000 days each count must lie in the binomial band
        // [P = 0.0005, P = 0.9995] and the Kupiec test must not reject at 0.1%.
        double sigma = 0.02;
        double z99 = inverseNormal(0.99);
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            List<BacktestObservation> days = new ArrayList<>();
            for (int t = 0; t < 2000; t++) {
                double quantile = sigma * z99;
                days.add(new BacktestObservation(
                        DAY.plusDays(t), quantile, quantile, quantile, 1, sigma * Fixtures.gaussian(rnd)));
            }
            BacktestStatistics s = BacktestStatistics.of(days, 0.99);
            int x = s.varCoverage().exceedances();
            assertThat(s.varCoverage().expected()).isCloseTo(20.0, within(1e-9));
            assertThat(Binomial.cdf(x, 2000, 0.01))
                    .as("seed %d: %d exceedances", seed, x)
                    .isGreaterThan(0.0005);
            assertThat(Binomial.cdf(x - 1, 2000, 0.01))
                    .as("seed %d: %d exceedances", seed, x)
                    .isLessThan(0.9995);
            assertThat(s.varCoverage().kupiecP()).isGreaterThan(0.001);
        }
    }

    /** N^-1(p) by bisection on margin-core's own normal distribution function. */
    private static double inverseNormal(double p) {
        double lo = -10;
        double hi = 10;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (NormalDistribution.cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
