package io.concordia.margin.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.Fixtures;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.calc.MarginContext;
import io.concordia.margin.calc.PortfolioRequirement;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.PriceHistory;
import io.concordia.margin.scenario.ScenarioBuilder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BacktestTest {

    private static final UnderlyingId BTC = UnderlyingId.of("BTC");
    private static final UnderlyingId ETH = UnderlyingId.of("ETH");
    private static final LocalDate START = LocalDate.of(2020, 1, 1);
    private static final Schedule SCHEDULE = Fixtures.defaultSchedule();

    /** Closes with i.i.d. normal daily log returns of standard deviation {@code sigma}, from 100. */
    private static Map<UnderlyingId, double[]> normalCloses(int closes, double sigma, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<UnderlyingId, double[]> out = new LinkedHashMap<>();
        for (UnderlyingId u : List.of(BTC, ETH)) {
            double[] p = new double[closes];
            p[0] = 100;
            for (int t = 1; t < closes; t++) {
                p[t] = p[t - 1] * Math.exp(sigma * Fixtures.gaussian(rnd));
            }
            out.put(u, p);
        }
        return out;
    }

    private static PriceHistory history(Map<UnderlyingId, double[]> closes) {
        int n = closes.values().iterator().next().length;
        List<LocalDate> dates = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            dates.add(START.plusDays(t));
        }
        return PriceHistory.of(dates, closes);
    }

    private static List<BacktestPortfolio> portfolios() {
        List<BacktestPortfolio> out = new ArrayList<>(BacktestPortfolio.oneUnitEach(List.of(BTC, ETH)));
        out.add(new BacktestPortfolio("spread", Map.of(BTC, 2.0, ETH, -1.5)));
        return out;
    }

    @Test
    void shouldMarginEachDayWithTheSetBuiltFromTheClosesUpToThatDay() {
        Map<UnderlyingId, double[]> closes = normalCloses(400, 0.02, 7);
        PriceHistory history = history(closes);
        BacktestSettings settings = BacktestSettings.daily(SCHEDULE, FhsParameters.DEFAULT);
        BacktestResult result = Backtest.DEFAULT.run(history, portfolios(), settings);

        // days t = 251 .. 397: the warm-up is 252 closes, and the last day needs t + 2 <= 399
        List<BacktestObservation> spread = result.observations().get("spread");
        assertThat(spread).hasSize(397 - 251 + 1);
        assertThat(result.setsBuilt()).isEqualTo(spread.size());
        assertThat(spread.get(0).date()).isEqualTo(START.plusDays(251));

        for (int t : new int[] {251, 300, 397}) {
            Map<UnderlyingId, double[]> known = new LinkedHashMap<>();
            closes.forEach((u, p) -> known.put(u, Arrays.copyOf(p, t + 1)));
            PriceHistory prefix = PriceHistory.of(history.dates().subList(0, t + 1), known);
            ScenarioSet set = ScenarioBuilder.V1_1.build("direct", prefix, FhsParameters.DEFAULT);
            double btc = closes.get(BTC)[t];
            double eth = closes.get(ETH)[t];
            List<Position> positions = List.of(position("BTC", 2.0, btc), position("ETH", -1.5, eth));
            PortfolioRequirement direct =
                    MarginCalculator.DEFAULT.requirement(positions, MarginContext.of(SCHEDULE, set, null));

            BacktestObservation day = spread.get(t - 251);
            assertThat(day.date()).isEqualTo(START.plusDays(t));
            // the direct path prices positions at marks rounded to 10 decimals: agree to far less than a cent
            assertThat(day.im()).isCloseTo(direct.im().doubleValue(), within(0.01));
            assertThat(day.var()).isCloseTo(direct.var(), within(1e-6));
            assertThat(day.es()).isCloseTo(direct.es(), within(1e-6));
            assertThat(day.exposure()).isCloseTo(2.0 * btc + 1.5 * eth, within(1e-9));
            // clean P&L: positions fixed at t, marks at t and t + 2; a loss is positive
            double pnl = 2.0 * (closes.get(BTC)[t + 2] - btc) - 1.5 * (closes.get(ETH)[t + 2] - eth);
            assertThat(day.loss()).isCloseTo(-pnl, within(1e-9));
        }
    }

    private static Position position(String underlying, double quantity, double mark) {
        BigDecimal m = BigDecimal.valueOf(mark).setScale(10, RoundingMode.HALF_UP);
        return new Position(Product.perpetual(underlying + "-PERP", underlying), BigDecimal.valueOf(quantity), m, m);
    }

    @Test
    void shouldNeverLookAhead() {
        // Perturbing every close after day t never changes what was asked at t or before, nor a loss whose window
        // ended by t; over seeded cut days, with the daily rebuild and with a stride.
        Map<UnderlyingId, double[]> closes = normalCloses(330, 0.03, 11);
        SplittableRandom rnd = new SplittableRandom(99);
        for (int stride : new int[] {1, 7}) {
            BacktestSettings settings =
                    BacktestSettings.daily(SCHEDULE, FhsParameters.DEFAULT).withStride(stride);
            BacktestResult base = Backtest.DEFAULT.run(history(closes), portfolios(), settings);
            for (int c = 0; c < 4; c++) {
                int cut = 251 + rnd.nextInt(70);
                Map<UnderlyingId, double[]> changed = new LinkedHashMap<>();
                for (Map.Entry<UnderlyingId, double[]> e : closes.entrySet()) {
                    double[] p = e.getValue().clone();
                    for (int t = cut + 1; t < p.length; t++) {
                        p[t] *= Math.exp(0.5 * Fixtures.gaussian(rnd));
                    }
                    changed.put(e.getKey(), p);
                }
                BacktestResult other = Backtest.DEFAULT.run(history(changed), portfolios(), settings);
                for (String name : base.observations().keySet()) {
                    List<BacktestObservation> a = base.observations().get(name);
                    List<BacktestObservation> b = other.observations().get(name);
                    boolean differs = false;
                    for (int i = 0; i < a.size(); i++) {
                        int t = 251 + i;
                        if (t <= cut) {
                            assertThat(b.get(i).im())
                                    .as("%s IM on day %d, cut %d", name, t, cut)
                                    .isEqualTo(a.get(i).im());
                            assertThat(b.get(i).var()).isEqualTo(a.get(i).var());
                            assertThat(b.get(i).es()).isEqualTo(a.get(i).es());
                        } else {
                            differs |= b.get(i).im() != a.get(i).im();
                        }
                        if (t + 2 <= cut) {
                            assertThat(b.get(i).loss()).isEqualTo(a.get(i).loss());
                        }
                    }
                    // the perturbation is large: later days must see it, or the comparison proves nothing
                    if (cut < 251 + a.size() - 1) {
                        assertThat(differs).as("%s after cut %d", name, cut).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void shouldRebuildOnTheStrideAndAgreeWithTheDailyRunOnRebuildDays() {
        PriceHistory history = history(normalCloses(400, 0.02, 3));
        BacktestSettings daily = BacktestSettings.daily(SCHEDULE, FhsParameters.DEFAULT);
        BacktestResult everyDay = Backtest.DEFAULT.run(history, portfolios(), daily);
        BacktestResult weekly = Backtest.DEFAULT.run(history, portfolios(), daily.withStride(5));
        List<BacktestObservation> a = everyDay.observations().get("BTC long");
        List<BacktestObservation> b = weekly.observations().get("BTC long");
        assertThat(weekly.setsBuilt()).isEqualTo((a.size() + 4) / 5);
        for (int i = 0; i < a.size(); i++) {
            if (i % 5 == 0) {
                assertThat(b.get(i)).isEqualTo(a.get(i));
            }
            assertThat(b.get(i).loss()).isEqualTo(a.get(i).loss());
        }
    }

    @Test
    void shouldCoverAKnownNormalQuantileWithinTheBinomialBand() {
        // i.i.d. normal daily log returns of 1%: the 2-day loss of one unit is nearly normal with sigma sqrt(2) 1%
        // of the price, and filtered historical simulation must learn its 99% quantile from the data alone. With
        // about 2,750 days, the VaR exceedance count must lie in the binomial band [P = 0.0005, P = 0.9995]
        // around 1% of the days, widened for overlapping 2-day windows (an exceedance often repeats the next day,
        // which doubles the variance of the count): we test the count halved against n/2 days.
        int closes = 3000;
        for (long seed : new long[] {21, 22}) {
            PriceHistory history = history(normalCloses(closes, 0.01, seed));
            BacktestResult result = Backtest.DEFAULT.run(
                    history,
                    BacktestPortfolio.oneUnitEach(List.of(BTC)),
                    BacktestSettings.daily(SCHEDULE, FhsParameters.DEFAULT).withStride(3));
            for (String name : List.of("BTC long", "BTC short")) {
                BacktestStatistics s = result.statistics(name);
                int n = s.varCoverage().observations();
                int x = s.varCoverage().exceedances();
                assertThat(s.varCoverage().expected()).isCloseTo(n * 0.01, within(1e-9));
                int half = n / 2;
                assertThat(Binomial.cdf(x / 2, half, 0.01))
                        .as("%s seed %d: %d exceedances of %d", name, seed, x, n)
                        .isGreaterThan(0.0005);
                assertThat(Binomial.cdf(x / 2 - 1, half, 0.01))
                        .as("%s seed %d: %d exceedances of %d", name, seed, x, n)
                        .isLessThan(0.9995);
                // ES is the mean loss beyond VaR: on the exceedance days the loss averages about one ES
                assertThat(s.esRatio()).as("%s seed %d", name, seed).isCloseTo(1.0, within(0.15));
                // the stress term (12% of the notional) dwarfs a 1% daily volatility: IM is never exceeded
                assertThat(s.imCoverage().exceedances()).isZero();
            }
        }
    }

    @Test
    void shouldRefuseWhatItCannotBacktest() {
        PriceHistory history = history(normalCloses(260, 0.02, 5));
        BacktestSettings settings = BacktestSettings.daily(SCHEDULE, FhsParameters.DEFAULT);
        assertThatThrownBy(() -> Backtest.DEFAULT.run(history(normalCloses(200, 0.02, 5)), portfolios(), settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
        UnderlyingId sol = UnderlyingId.of("SOL");
        assertThatThrownBy(() ->
                        Backtest.DEFAULT.run(history, List.of(new BacktestPortfolio("x", Map.of(sol, 1.0))), settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SOL");
        assertThatThrownBy(() -> Backtest.DEFAULT.run(
                        history, List.of(portfolios().get(0), portfolios().get(0)), settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate");
        assertThatThrownBy(() -> settings.withWarmUp(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.withStride(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
