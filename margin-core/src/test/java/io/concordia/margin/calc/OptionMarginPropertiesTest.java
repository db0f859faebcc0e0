package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.Fixtures;
import io.concordia.margin.NaiveOptionReference;
import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionRight;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ProductKind;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.option.Black76;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the option margin of docs/margin-model.md §8 over seeded random portfolios that mix options and
 * linear products: the optimised calculator against the naive reference, put-call parity under every scenario, ES and
 * IM monotone in position size, a delta-hedged book's losses bounded by its second-order terms, Greeks as finite
 * differences of the model value, and version-1 numbers for portfolios without options.
 */
class OptionMarginPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final Schedule SCHEDULE = Fixtures.defaultSchedule();
    private static final ScenarioSet SCENARIOS =
            Fixtures.randomScenarios("opt-props", 500, 11L).withHorizonDays(2);
    private static final MarginContext CTX = MarginContext.of(SCHEDULE, SCENARIOS, null);
    private static final double[] FORWARDS = {64000, 3200, 150, 0.6, 0.15};

    static OptionMarket market() {
        Map<UnderlyingId, BigDecimal> f = new LinkedHashMap<>();
        for (int u = 0; u < Fixtures.UNDERLYINGS.size(); u++) {
            f.put(UnderlyingId.of(Fixtures.UNDERLYINGS.get(u)), BigDecimal.valueOf(FORWARDS[u]));
        }
        return new OptionMarket(NOW, f);
    }

    static Position randomOption(SplittableRandom rnd, int u, String suffix, double quantity) {
        String code = Fixtures.UNDERLYINGS.get(u);
        OptionRight right = rnd.nextBoolean() ? OptionRight.CALL : OptionRight.PUT;
        BigDecimal strike =
                BigDecimal.valueOf(FORWARDS[u] * (0.6 + 0.8 * rnd.nextDouble())).round(new java.math.MathContext(4));
        int days = 1 + rnd.nextInt(180);
        Instant expiry = NOW.plusSeconds(days * 86400L + rnd.nextInt(3) * 3600L);
        Product p = Product.option(
                code + "-" + days + "D-" + strike.toPlainString() + "-"
                        + right.name().charAt(0) + suffix,
                code,
                strike.toPlainString(),
                right,
                expiry);
        BigDecimal iv = BigDecimal.valueOf(0.2 + 1.0 * rnd.nextDouble()).setScale(4, RoundingMode.HALF_UP);
        BigDecimal q = BigDecimal.valueOf(quantity).setScale(4, RoundingMode.HALF_UP);
        BigDecimal mark = BigDecimal.valueOf(Math.max(0.01, FORWARDS[u] * 0.05)).setScale(2, RoundingMode.HALF_UP);
        return new Position(p, q, mark, mark, BigDecimal.ZERO, iv);
    }

    /** Linear positions of the fixtures plus 1..4 options on random underlyings, of both signs. */
    static List<Position> randomMixed(SplittableRandom rnd) {
        List<Position> out = new ArrayList<>(Fixtures.randomPositions(rnd, 4));
        int options = 1 + rnd.nextInt(4);
        for (int i = 0; i < options; i++) {
            int u = rnd.nextInt(Fixtures.UNDERLYINGS.size());
            double notional = Math.pow(10, 2 + rnd.nextDouble() * 5) * (rnd.nextBoolean() ? 1 : -1);
            out.add(randomOption(rnd, u, "-" + i, notional / FORWARDS[u]));
        }
        return out;
    }

    @Test
    void shouldEqualTheNaiveReferenceOverSeededMixedPortfolios() {
        SplittableRandom rnd = new SplittableRandom(8L);
        OptionMarket market = market();
        StressSet explicit = StressSet.of(List.of(
                new StressScenario(
                        "crash-vol",
                        Map.of(UnderlyingId.of("BTC"), -0.3),
                        Map.of(LiquidityTier.T2, -0.4),
                        Map.of(UnderlyingId.of("BTC"), 0.8),
                        Map.of(LiquidityTier.T3, 1.2)),
                new StressScenario(
                        "rally",
                        Map.of(),
                        Map.of(LiquidityTier.T1, 0.2, LiquidityTier.T2, 0.3, LiquidityTier.T3, 0.4))));
        MarginContext explicitCtx = MarginContext.of(SCHEDULE, SCENARIOS, explicit);
        for (int i = 0; i < 400; i++) {
            List<Position> positions = randomMixed(rnd);
            boolean useExplicit = i % 3 == 0;
            PortfolioRequirement r =
                    MarginCalculator.DEFAULT.requirement(positions, market, useExplicit ? explicitCtx : CTX);
            NaiveOptionReference.Result ref = NaiveOptionReference.requirement(
                    positions, market, SCHEDULE, SCENARIOS, useExplicit ? explicit : null);
            String what = "portfolio " + i + " " + positions;

            assertThat(r.im()).as(what).isEqualByComparingTo(ref.im());
            assertThat(r.mm()).as(what).isEqualByComparingTo(ref.mm());
            assertClose(r.var(), ref.var(), what + " var");
            assertClose(r.es(), ref.es(), what + " es");
            assertClose(r.imStress(), ref.imStress(), what + " imStress");
            assertClose(r.imFloor(), ref.imFloor(), what + " imFloor");
            assertClose(r.imSpread(), ref.imSpread(), what + " imSpread");
            assertClose(r.imShortOption(), ref.imShortOption(), what + " imShortOption");
            assertThat(r.bindingStress()).as(what).isEqualTo(ref.bindingStress());
            assertThat(r.binding().name()).as(what).isEqualTo(ref.binding());
            double net = r.greeks().stream()
                    .mapToDouble(UnderlyingGreeks::deltaNotional)
                    .sum();
            assertClose(net, ref.netDeltaNotional(), what + " delta notional");
            double contributions = r.contributions().stream()
                    .mapToDouble(PositionContribution::esContribution)
                    .sum();
            assertClose(contributions, r.es(), what + " contributions add up to ES");
        }
    }

    private static void assertClose(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void putCallParityShouldHoldUnderEveryScenarioAndStress() {
        SplittableRandom rnd = new SplittableRandom(31L);
        OptionMarket market = market();
        for (int i = 0; i < 200; i++) {
            int u = rnd.nextInt(Fixtures.UNDERLYINGS.size());
            Position call = randomOption(rnd, u, "", 1);
            Product put = new Product(
                    call.product().id(),
                    call.underlying(),
                    ProductKind.OPTION,
                    null,
                    new io.concordia.margin.model.OptionTerms(
                            call.product().option().strike(),
                            call.product().option().right() == OptionRight.CALL ? OptionRight.PUT : OptionRight.CALL,
                            call.product().option().expiry()));
            OptionValuation a = OptionValuation.of(CTX, call.product(), call.iv(), market);
            OptionValuation b = OptionValuation.of(CTX, put, call.iv(), market);
            OptionValuation c = a.product().option().right() == OptionRight.CALL ? a : b;
            OptionValuation p = c == a ? b : a;
            double f = FORWARDS[u];
            double[] r = SCENARIOS.row(CTX.rowOf(call.underlying()));
            for (int s = 0; s < SCENARIOS.size(); s++) {
                assertThat(c.scenarioPnl(s) - p.scenarioPnl(s))
                        .as("option %d scenario %d", i, s)
                        .isCloseTo(f * r[s], within(1e-9 * f));
            }
            double[][] stress = CTX.optionStressReturns();
            for (int j = 0; j < stress.length; j++) {
                assertThat(c.stressPnl(j) - p.stressPnl(j)).isCloseTo(f * stress[j][c.row()], within(1e-9 * f));
            }
            assertThat(c.greeks().delta() - p.greeks().delta()).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void esAndImShouldBeMonotoneInPositionSize() {
        SplittableRandom rnd = new SplittableRandom(5L);
        OptionMarket market = market();
        for (int i = 0; i < 150; i++) {
            List<Position> positions = randomMixed(rnd);
            double previousHist = -1;
            BigDecimal previousIm = BigDecimal.valueOf(-1);
            for (String factor : List.of("0", "0.25", "0.5", "1", "1.5", "3")) {
                List<Position> scaled = positions.stream()
                        .map(p -> p.scaledBy(new BigDecimal(factor)))
                        .toList();
                PortfolioRequirement r = MarginCalculator.DEFAULT.requirement(scaled, market, CTX);

                assertThat(r.imHist())
                        .as("portfolio %d x%s", i, factor)
                        .isGreaterThanOrEqualTo(previousHist * (1 - 1e-12));
                assertThat(r.im()).as("portfolio %d x%s", i, factor).isGreaterThanOrEqualTo(previousIm);
                previousHist = r.imHist();
                previousIm = r.im();
            }
        }
    }

    /** The moves over which the second-order expansion is asked to hold: third-order terms grow beyond. */
    private static final double LOCAL_MOVE = 0.05;

    /**
     * A book of one option and a linear hedge of notional {@code -q delta F}: under every scenario moving the underlying
     * by at most 5%, its loss is within twice the size of its gamma, vega and theta terms
     * {@code |Gamma| dF^2 / 2 + |vega| |d sigma| + |theta| h}, the first-order term having been hedged away.
     */
    @Test
    void aDeltaHedgedBooksScenarioLossesShouldBeBoundedByItsGammaVegaAndThetaTerms() {
        SplittableRandom rnd = new SplittableRandom(17L);
        OptionMarket market = market();
        int h = SCENARIOS.horizonDays();
        int tested = 0;
        for (int i = 0; i < 300; i++) {
            int u = rnd.nextInt(Fixtures.UNDERLYINGS.size());
            double q = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, 1 + 3 * rnd.nextDouble());
            Position option = randomOption(rnd, u, "", q);
            if (Black76.yearsToExpiry(NOW, option.product().option().expiry()) < 20.0 / 365) {
                continue;
            }
            OptionValuation v = OptionValuation.of(CTX, option, market);
            double unitDelta = Math.abs(v.greeks().delta());
            if (unitDelta < 0.05 || unitDelta > 0.95) {
                continue; // far in the wings the expansion is led by third-order terms: the property is local
            }
            tested++;
            double f = FORWARDS[u];
            double qd = option.quantity().doubleValue();
            // the hedge: a linear position of notional -q delta F, so that the book's delta is 0
            double hedge = -qd * v.greeks().delta() * f;
            double gamma = Math.abs(qd * v.greeks().gamma());
            double vega = Math.abs(qd * v.greeks().vega());
            double theta = Math.abs(qd * v.greeks().theta());
            // the mixed second-order term d2V/dF dsigma, by central differences of the reference's delta
            boolean call = option.product().option().right() == OptionRight.CALL;
            double k = option.product().option().strike().doubleValue();
            double hs = 1e-5;
            double vanna = Math.abs(qd
                    * (NaiveOptionReference.black76Delta(call, f, k, v.sigma() + hs, v.tau())
                            - NaiveOptionReference.black76Delta(call, f, k, v.sigma() - hs, v.tau()))
                    / (2 * hs));
            double[] r = SCENARIOS.row(v.row());
            int local = 0;
            for (int s = 0; s < SCENARIOS.size(); s++) {
                if (Math.abs(r[s]) > LOCAL_MOVE) {
                    continue;
                }
                local++;
                double hedgedLoss = -(qd * v.scenarioPnl(s) + hedge * r[s]);
                double df = f * r[s];
                double dSigmaPoints = 100 * v.sigma() * Math.abs(CTX.volMultiplier(v.row(), r[s]) - 1);
                double bound = 2 * (0.5 * gamma * df * df + vega * dSigmaPoints + theta * h) + 1e-9 * Math.abs(qd) * f;

                double dSigma = v.sigma() * (CTX.volMultiplier(v.row(), r[s]) - 1);
                bound += 2 * vanna * Math.abs(df * dSigma);

                assertThat(Math.abs(hedgedLoss))
                        .as("option %d scenario %d: %s", i, s, option)
                        .isLessThanOrEqualTo(bound);
            }
            assertThat(local).isGreaterThan(SCENARIOS.size() / 2);
        }
        assertThat(tested).isGreaterThan(100);
    }

    @Test
    void positionGreeksShouldEqualFiniteDifferencesOfTheModelValue() {
        SplittableRandom rnd = new SplittableRandom(23L);
        OptionMarket market = market();
        for (int i = 0; i < 100; i++) {
            List<Position> positions = randomMixed(rnd);
            PortfolioRequirement r = MarginCalculator.DEFAULT.requirement(positions, market, CTX);
            for (int j = 0; j < positions.size(); j++) {
                Position p = positions.get(j);
                PositionGreeks g = r.positionGreeks().get(j);
                double q = p.quantity().doubleValue();
                if (!p.product().isOption()) {
                    assertThat(g.delta()).isEqualTo(q);
                    assertThat(g.modelValue()).isNull();
                    continue;
                }
                boolean call = p.product().option().right() == OptionRight.CALL;
                double f = market.forwardOf(p.underlying()).doubleValue();
                double k = p.product().option().strike().doubleValue();
                double sigma = p.iv().doubleValue();
                double tau =
                        NaiveOptionReference.yearsToExpiry(market, p.product().option());
                double hf = 1e-4 * f * sigma * Math.sqrt(tau);
                double dVdF = (NaiveOptionReference.black76(call, f + hf, k, sigma, tau)
                                - NaiveOptionReference.black76(call, f - hf, k, sigma, tau))
                        / (2 * hf);
                double hs = 1e-5;
                double dVdSigma = (NaiveOptionReference.black76(call, f, k, sigma + hs, tau)
                                - NaiveOptionReference.black76(call, f, k, sigma - hs, tau))
                        / (2 * hs);
                double ht = Math.min(1e-6, tau / 4);
                double dVdTau = (NaiveOptionReference.black76(call, f, k, sigma, tau + ht)
                                - NaiveOptionReference.black76(call, f, k, sigma, tau - ht))
                        / (2 * ht);
                String what = p.toString();

                assertThat(g.modelValue())
                        .as(what)
                        .isCloseTo(NaiveOptionReference.black76(call, f, k, sigma, tau), within(1e-9 * f));
                assertThat(g.delta()).as(what).isCloseTo(q * dVdF, within(1e-6 * Math.abs(q)));
                assertThat(g.vega())
                        .as(what)
                        .isCloseTo(
                                q * dVdSigma / 100, within(1e-5 * Math.abs(g.vega()) + 1e-6 * Math.abs(q) * f * 1e-4));
                assertThat(g.theta())
                        .as(what)
                        .isCloseTo(
                                -q * dVdTau / 365, within(1e-4 * Math.abs(g.theta()) + 1e-6 * Math.abs(q) * f * 1e-4));
            }
        }
    }

    @Test
    void aPortfolioWithoutOptionsShouldKeepItsVersionOneNumbersWithOrWithoutMarketInputs() {
        SplittableRandom rnd = new SplittableRandom(99L);
        for (int i = 0; i < 300; i++) {
            MarginAccount v1 = Fixtures.randomCross(rnd, 6);
            MarginAccount withMarket = v1.withMarket(market());

            AccountMargin a = MarginCalculator.DEFAULT.margin(v1, CTX);
            AccountMargin b = MarginCalculator.DEFAULT.margin(withMarket, CTX);

            assertThat(b).isEqualTo(a);
            assertThat(b.components().hasOptions()).isFalse();
            assertThat(b.components().bindingStress()).isIn(StressSet.ALL_DOWN, StressSet.ALL_UP);
        }
    }

    @Test
    void sharedValuationsShouldPriceEachDistinctOptionOnceAndGiveTheSameNumbers() {
        SplittableRandom rnd = new SplittableRandom(41L);
        OptionMarket market = market();
        OptionValuations shared = OptionValuations.of(CTX, market);
        PortfolioEvaluator ev = new PortfolioEvaluator(CTX);
        java.util.Set<Object> distinct = new java.util.HashSet<>();
        List<Position> book = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            book.add(randomOption(rnd, rnd.nextInt(Fixtures.UNDERLYINGS.size()), "-" + i, 1));
        }
        for (int i = 0; i < 200; i++) {
            List<Position> positions = new ArrayList<>(Fixtures.randomPositions(rnd, 3));
            java.util.Set<String> used = new java.util.HashSet<>();
            for (int j = 0; j < 3; j++) {
                Position o = book.get(rnd.nextInt(book.size()));
                if (used.add(o.product().id().code())) {
                    positions.add(o.withQuantity(BigDecimal.valueOf(rnd.nextInt(-50, 50))));
                    distinct.add(o.product());
                }
            }

            PortfolioRequirement alone = MarginCalculator.DEFAULT.requirement(positions, market, CTX);
            PortfolioRequirement withShared = MarginCalculator.DEFAULT.requirement(positions, shared, ev);

            assertThat(withShared).isEqualTo(alone);
        }
        assertThat(shared.size()).isEqualTo(distinct.size());
        assertThatThrownBy(() -> MarginCalculator.DEFAULT.requirement(
                        book, shared, new PortfolioEvaluator(MarginContext.of(SCHEDULE, SCENARIOS, null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another margin context");
    }

    @Test
    void anIsolatedOptionBucketShouldBeMarginedAloneAgainstItsOwnCollateral() {
        SplittableRandom rnd = new SplittableRandom(3L);
        OptionMarket market = market();
        for (int i = 0; i < 50; i++) {
            Position option = randomOption(rnd, rnd.nextInt(Fixtures.UNDERLYINGS.size()), "", -5);
            Position perp = Fixtures.randomPositions(rnd, 1).get(0);
            MarginAccount account = new MarginAccount(
                    io.concordia.margin.model.MarginMode.ISOLATED,
                    List.of(option, perp),
                    List.of(
                            new io.concordia.margin.model.CollateralHolding(
                                    io.concordia.types.AssetCode.of("USD"),
                                    new BigDecimal("1000"),
                                    BigDecimal.ONE,
                                    option.product().id()),
                            new io.concordia.margin.model.CollateralHolding(
                                    io.concordia.types.AssetCode.of("USD"),
                                    new BigDecimal("500"),
                                    BigDecimal.ONE,
                                    perp.product().id())),
                    null,
                    BigDecimal.ZERO,
                    market);

            AccountMargin m = MarginCalculator.DEFAULT.margin(account, CTX);

            assertThat(m.buckets().get(0).requirement())
                    .isEqualTo(MarginCalculator.DEFAULT.requirement(List.of(option), market, CTX));
            assertThat(m.buckets().get(0).requirement().hasOptions()).isTrue();
            assertThat(m.buckets().get(1).requirement())
                    .isEqualTo(MarginCalculator.DEFAULT.requirement(List.of(perp), CTX));
            assertThat(m.im())
                    .isEqualByComparingTo(
                            m.buckets().get(0).im().add(m.buckets().get(1).im()));
        }
    }
}
