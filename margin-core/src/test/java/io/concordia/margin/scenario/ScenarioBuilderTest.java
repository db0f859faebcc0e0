package io.concordia.margin.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Filtered historical simulation, docs/margin-model.md "Building a scenario set" steps 1-6: what both versions share,
 * and version 1.0 kept exactly for the sets stored under it (version 1.1's own numbers: {@link ScenarioBuilderV11Test}).
 */
class ScenarioBuilderTest {

    private static final UnderlyingId BTC = UnderlyingId.of("BTC");
    private static final UnderlyingId ETH = UnderlyingId.of("ETH");
    private static final LocalDate START = LocalDate.of(2023, 11, 25);

    private static List<LocalDate> days(int n) {
        List<LocalDate> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.add(START.plusDays(i));
        }
        return d;
    }

    /** Straightforward re-statement of version 1.0's six steps, for comparison. */
    private static double[] reference(double[] p, int h, double lambda, double phi, int window) {
        int tMax = p.length - 1;
        double[] y = new double[tMax + 1];
        for (int t = 1; t <= tMax; t++) {
            y[t] = Math.log(p[t] / p[t - 1]);
        }
        double[] v = new double[tMax + 1];
        int m = Math.min(30, tMax);
        double s = 0;
        for (int t = 1; t <= m; t++) {
            s += y[t] * y[t];
        }
        v[1] = s / m;
        for (int t = 2; t <= tMax; t++) {
            v[t] = lambda * v[t - 1] + (1 - lambda) * y[t] * y[t];
        }
        double all = 0;
        for (int t = 1; t <= tMax; t++) {
            all += y[t] * y[t];
        }
        double veff = Math.max(v[tMax], phi * phi * all / tMax);
        List<Double> r = new ArrayList<>();
        for (int t = h; t <= tMax; t++) {
            double x = Math.log(p[t] / p[t - h]);
            r.add(Math.exp(x * Math.sqrt(veff / v[t])) - 1);
        }
        double[] out = new double[window];
        for (int i = 0; i < window; i++) {
            out[i] = r.get(r.size() - window + i);
        }
        return out;
    }

    private static double[] randomWalk(long seed, int n, double vol) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] p = new double[n];
        p[0] = 100;
        for (int t = 1; t < n; t++) {
            double v = t > n * 2 / 3 ? vol * 2 : vol;
            p[t] = p[t - 1] * Math.exp(v * (rnd.nextDouble() * 2 - 1));
        }
        return p;
    }

    @Test
    void shouldFollowVersion10sSixStepsForEveryUnderlyingJointly() {
        int n = 3 * 365 + 1;
        double[] btc = randomWalk(1, n, 0.03);
        double[] eth = randomWalk(2, n, 0.05);
        Map<UnderlyingId, double[]> closes = new LinkedHashMap<>();
        closes.put(BTC, btc);
        closes.put(ETH, eth);

        ScenarioSet set =
                ScenarioBuilder.V1_0.build("fhs-test", PriceHistory.of(days(n), closes), FhsParameters.DEFAULT);

        assertThat(set.id()).isEqualTo("fhs-test");
        assertThat(set.size()).isEqualTo(n - 2);
        double[] refBtc = reference(btc, 2, 0.97, 0.75, n - 2);
        double[] refEth = reference(eth, 2, 0.97, 0.75, n - 2);
        for (int s = 0; s < set.size(); s++) {
            assertThat(set.row(set.indexOf(BTC))[s]).isCloseTo(refBtc[s], within(1e-12));
            assertThat(set.row(set.indexOf(ETH))[s]).isCloseTo(refEth[s], within(1e-12));
        }
    }

    @Test
    void shouldLeaveReturnsUnscaledWhenVolatilityIsConstant() {
        int n = 60;
        double[] p = new double[n];
        p[0] = 100;
        for (int t = 1; t < n; t++) {
            p[t] = p[t - 1] * Math.exp(t % 2 == 0 ? 0.01 : -0.01);
        }

        ScenarioSet set = ScenarioBuilder.DEFAULT.build(
                "c", PriceHistory.of(days(n), Map.of(BTC, p)), FhsParameters.of(1, "0.97", "0.75", 5));

        // y^2 = 1e-4 every day: v[t] = vbar = veff, so R = exp(+-0.01) - 1
        assertThat(set.size()).isEqualTo(5);
        for (int s = 0; s < 5; s++) {
            int t = n - 5 + s;
            double expected = Math.exp(t % 2 == 0 ? 0.01 : -0.01) - 1;
            assertThat(set.row(0)[s]).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void shouldApplyTheVolatilityFloorWhenRecentVolatilityIsLowInVersion10() {
        int n = 200;
        double[] p = new double[n];
        p[0] = 100;
        for (int t = 1; t < n; t++) {
            double y = t < 100 ? (t % 2 == 0 ? 0.05 : -0.05) : (t % 2 == 0 ? 0.001 : -0.001);
            p[t] = p[t - 1] * Math.exp(y);
        }

        ScenarioSet set = ScenarioBuilder.V1_0.build(
                "f", PriceHistory.of(days(n), Map.of(BTC, p)), FhsParameters.of(1, "0.97", "0.75", 1));

        double vbar = (99 * 0.0025 + 100 * 1e-6) / 199;
        double veff = 0.5625 * vbar;
        double[] ref = reference(p, 1, 0.97, 0.75, 1);
        assertThat(set.row(0)[0]).isCloseTo(ref[0], within(1e-12));
        // v[T] has decayed to about 0.97^99 * 0.0025 = 1.2e-4 < veff = 0.75^2 * vbar = 7.0e-4: the floor binds and
        // scales the last return of +-0.001 up by sqrt(veff / v[T]), about 2.4
        double vT = 0.0025;
        for (int t = 2; t < n; t++) {
            double y = t < 100 ? 0.05 : 0.001;
            vT = 0.97 * vT + 0.03 * y * y;
        }
        assertThat(veff).isGreaterThan(vT);
        assertThat(Math.abs(Math.log1p(set.row(0)[0]))).isCloseTo(0.001 * Math.sqrt(veff / vT), within(1e-9));
    }

    @Test
    void shouldKeepTheLastWindowScenarios() {
        int n = 100;
        double[] p = randomWalk(3, n, 0.02);

        ScenarioSet all =
                ScenarioBuilder.DEFAULT.build("a", PriceHistory.of(days(n), Map.of(BTC, p)), FhsParameters.DEFAULT);
        ScenarioSet last = ScenarioBuilder.DEFAULT.build(
                "w", PriceHistory.of(days(n), Map.of(BTC, p)), FhsParameters.of(2, "0.97", "0.75", 10));

        assertThat(last.size()).isEqualTo(10);
        for (int s = 0; s < 10; s++) {
            assertThat(last.row(0)[s]).isEqualTo(all.row(0)[all.size() - 10 + s]);
        }
    }

    @Test
    void shouldRejectGapsInTheDates() {
        List<LocalDate> d = new ArrayList<>(days(10));
        d.set(5, d.get(5).plusDays(1));
        for (int i = 6; i < 10; i++) {
            d.set(i, d.get(i).plusDays(1));
        }
        assertThatThrownBy(() -> PriceHistory.of(d, Map.of(BTC, randomWalk(1, 10, 0.01))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gap in dates: 1 missing day(s) between 2023-11-29 and 2023-12-01");
    }

    @Test
    void shouldRejectUnorderedDates() {
        List<LocalDate> d = new ArrayList<>(days(3));
        d.set(2, d.get(1));
        assertThatThrownBy(() -> PriceHistory.of(d, Map.of(BTC, new double[] {1, 2, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing");
    }

    @Test
    void shouldRejectNonPositiveAndNonFinitePrices() {
        assertThatThrownBy(() -> PriceHistory.of(days(3), Map.of(BTC, new double[] {1, 0, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("close of BTC on 2023-11-26 must be a finite price > 0, got: 0.0");
        assertThatThrownBy(() -> PriceHistory.of(days(3), Map.of(BTC, new double[] {1, -2, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got: -2.0");
        assertThatThrownBy(() -> PriceHistory.of(days(3), Map.of(BTC, new double[] {1, Double.NaN, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got: NaN");
        assertThatThrownBy(() -> PriceHistory.of(days(3), Map.of(BTC, new double[] {1, Double.POSITIVE_INFINITY, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got: Infinity");
    }

    @Test
    void shouldRejectMisalignedDatesAcrossUnderlyings() {
        Map<UnderlyingId, PriceHistory.Series> series = new LinkedHashMap<>();
        series.put(BTC, new PriceHistory.Series(days(5), new double[] {1, 2, 3, 4, 5}));
        series.put(ETH, new PriceHistory.Series(days(6).subList(1, 6), new double[] {1, 2, 3, 4, 5}));

        assertThatThrownBy(() -> PriceHistory.aligned(series))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("misaligned dates: ETH covers 2023-11-26");
    }

    @Test
    void shouldRejectMismatchedLengthsTooFewClosesAndTooLargeAWindow() {
        assertThatThrownBy(() -> PriceHistory.of(days(3), Map.of(BTC, new double[] {1, 2})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one value per date (3), got: 2");
        assertThatThrownBy(() -> ScenarioBuilder.DEFAULT.build(
                        "x", PriceHistory.of(days(2), Map.of(BTC, new double[] {1, 2})), FhsParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need at least 4 closes at horizon 2 (model 1.1), got: 2");
        assertThatThrownBy(() -> ScenarioBuilder.V1_0.build(
                        "x", PriceHistory.of(days(2), Map.of(BTC, new double[] {1, 2})), FhsParameters.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need at least 3 closes at horizon 2 (model 1.0), got: 2");
        assertThatThrownBy(() -> ScenarioBuilder.DEFAULT.build(
                        "x",
                        PriceHistory.of(days(5), Map.of(BTC, new double[] {1, 2, 3, 4, 5})),
                        FhsParameters.of(2, "0.97", "0.75", 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window must be <= the 2 scenarios available");
    }

    @Test
    void shouldRejectBadParameters() {
        assertThatThrownBy(() -> FhsParameters.of(0, "0.97", "0.75", null))
                .hasMessageContaining("horizon must be >= 1 day, got: 0");
        assertThatThrownBy(() -> FhsParameters.of(2, "1", "0.75", null))
                .hasMessageContaining("lambda must be strictly between 0 and 1, got: 1");
        assertThatThrownBy(() -> FhsParameters.of(2, "0.97", "-1", null)).hasMessageContaining("phi must be >= 0");
        assertThatThrownBy(() -> FhsParameters.of(2, "0.97", "0.75", 0)).hasMessageContaining("window must be >= 1");
        assertThatThrownBy(() -> FhsParameters.of(2, "0.97", "0.75", 0, null))
                .hasMessageContaining("floorLookback (F) must be >= 1");
    }

    @Test
    void shouldBuildZeroScenariosForAConstantPrice() {
        double[] p = {5, 5, 5, 5, 5};

        ScenarioSet set =
                ScenarioBuilder.DEFAULT.build("k", PriceHistory.of(days(5), Map.of(BTC, p)), FhsParameters.DEFAULT);

        assertThat(set.row(0)).containsOnly(0.0);
    }
}
