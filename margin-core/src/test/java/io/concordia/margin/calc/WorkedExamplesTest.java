package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.Fixtures;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.TierTable;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Worked examples of docs/margin-model.md with hand-checked numbers. */
class WorkedExamplesTest {

    private static final Schedule DEFAULT = Fixtures.defaultSchedule();
    private static final Product BTC_PERP = Product.perpetual("BTC-PERP", "BTC");
    private static final Product BTC_FUT = Product.future("BTC-FUT-20261225", "BTC", null);
    private static final Product DOGE_PERP = Product.perpetual("DOGE-PERP", "DOGE");

    /** Ten BTC scenarios: the losses of a 10,000 USD long are 1000, 500, 200, -100, ... */
    private static ScenarioSet tenScenarios() {
        Map<UnderlyingId, double[]> m = new LinkedHashMap<>();
        m.put(UnderlyingId.of("BTC"), new double[] {-0.10, -0.05, -0.02, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08});
        m.put(UnderlyingId.of("DOGE"), new double[] {-0.001, 0.001, 0, 0, 0, 0, 0, 0, 0, 0});
        return ScenarioSet.of("ten", m);
    }

    private static MarginAccount cross(List<Position> positions, String usd) {
        return MarginAccount.cross(positions, List.of(CollateralHolding.of("USD", usd, "1")));
    }

    @ParameterizedTest(name = "N={0} alpha={1} -> k={2}")
    @CsvSource({
        "1000, 0.99, 10",
        "1000, 0.975, 25",
        "250, 0.99, 3",
        "250, 0.975, 7",
        "100, 0.99, 1",
        "100, 0.975, 3",
        "2500, 0.995, 13",
        "2, 0.99, 1",
        "10, 0.8, 2"
    })
    void shouldComputeTailCountExactlyFromDecimalConfidence(int n, String alpha, int k) {
        assertThat(Schedule.tailCount(n, new BigDecimal(alpha))).isEqualTo(k);
    }

    @Test
    void shouldNotSufferTheDoubleRoundingThatGivesElevenTailScenarios() {
        assertThat((int) Math.ceil(1000 * (1 - 0.99))).isEqualTo(11);
        assertThat(Schedule.tailCount(1000, new BigDecimal("0.99"))).isEqualTo(10);
    }

    @Test
    void shouldAverageTheTailForEsWhileVarIsTheKthLoss() {
        Schedule s = DEFAULT.withConfidence(new BigDecimal("0.8")).withStressWeight(BigDecimal.ZERO);
        Position longBtc = Position.of(BTC_PERP, "0.25", "40000", "40000"); // n = 10,000

        PortfolioRequirement r =
                MarginCalculator.DEFAULT.requirement(List.of(longBtc), MarginContext.of(s, tenScenarios(), null));

        assertThat(r.tailCount()).isEqualTo(2);
        assertThat(r.var()).isCloseTo(500.0, within(1e-9));
        assertThat(r.es()).isCloseTo(750.0, within(1e-9));
        assertThat(r.imFloor()).isCloseTo(200.0, within(1e-9));
        assertThat(r.binding()).isEqualTo(Binding.HIST);
        assertThat(r.im()).isEqualByComparingTo("750.00");
        assertThat(r.mm()).isEqualByComparingTo("375.00");
        assertThat(r.contributions())
                .singleElement()
                .satisfies(c -> assertThat(c.esContribution()).isCloseTo(750.0, within(1e-9)));
    }

    @Test
    void shouldBindOnStressWhenTheDefaultShockExceedsHistory() {
        Schedule s = DEFAULT.withConfidence(new BigDecimal("0.8"));
        Position longBtc = Position.of(BTC_PERP, "0.25", "40000", "40000");

        PortfolioRequirement r =
                MarginCalculator.DEFAULT.requirement(List.of(longBtc), MarginContext.of(s, tenScenarios(), null));

        // 0.5 * 24% * 10,000 = 1,200 on ALL-DOWN
        assertThat(r.imStress()).isCloseTo(1200.0, within(1e-9));
        assertThat(r.bindingStress()).isEqualTo("ALL-DOWN");
        assertThat(r.binding()).isEqualTo(Binding.STRESS);
        assertThat(r.im()).isEqualByComparingTo("1200.00");
    }

    @Test
    void shouldBindOnFloorForALargeIlliquidPosition() {
        Position doge = Position.of(DOGE_PERP, "20000000", "0.10", "0.10"); // n = 2,000,000 in T3

        PortfolioRequirement r =
                MarginCalculator.DEFAULT.requirement(List.of(doge), MarginContext.of(DEFAULT, tenScenarios(), null));

        // 10% * 100k + 20% * 900k + 50% * 1M = 690,000 > 0.5 * 50% * 2M = 500,000
        assertThat(r.imFloor()).isCloseTo(690_000.0, within(1e-6));
        assertThat(r.binding()).isEqualTo(Binding.FLOOR);
        assertThat(r.im()).isEqualByComparingTo("690000.00");
        assertThat(r.underlyings()).singleElement().satisfies(u -> {
            assertThat(u.tier()).isEqualTo(LiquidityTier.T3);
            assertThat(u.floor()).isCloseTo(690_000.0, within(1e-6));
        });
    }

    @ParameterizedTest(name = "{0} A={1} -> floor {2}")
    @CsvSource({
        "T1, 0, 0",
        "T1, 500000, 10000",
        "T1, 1000000, 20000",
        "T1, 1500000, 45000",
        "T1, 10000000, 470000",
        "T1, 20000000, 1470000",
        "T1, 50000000, 4470000",
        "T1, 60000000, 6970000",
        "T2, 250000, 12500",
        "T2, 1000000, 87500",
        "T2, 2500000, 237500",
        "T2, 10000000, 1737500",
        "T2, 12000000, 2737500",
        "T3, 100000, 10000",
        "T3, 1000000, 190000",
        "T3, 2000000, 690000"
    })
    void shouldComputeTheSizeFloorBandByBand(String tier, double notional, double floor) {
        TierTable t = DEFAULT.tiers().get(LiquidityTier.of(tier)).table();

        assertThat(t.floor(notional)).isCloseTo(floor, within(1e-6));
    }

    @ParameterizedTest(name = "{0} edge {1}")
    @CsvSource({
        "T1, 1000000",
        "T1, 10000000",
        "T1, 50000000",
        "T2, 250000",
        "T2, 2500000",
        "T2, 10000000",
        "T3, 100000",
        "T3, 1000000"
    })
    void shouldKeepTheFloorContinuousAtEveryEdge(String tier, double edge) {
        TierTable t = DEFAULT.tiers().get(LiquidityTier.of(tier)).table();
        double eps = 1e-3;

        double below = t.floor(edge - eps);
        double at = t.floor(edge);
        double above = t.floor(edge + eps);

        assertThat(at - below).isBetween(0.0, 0.5 * eps + 1e-6);
        assertThat(above - at).isBetween(0.0, 0.5 * eps + 1e-6);
    }

    @ParameterizedTest(name = "straddling {0}")
    @CsvSource({"999999, 1000001", "9999999, 10000001", "49999999, 50000001"})
    void shouldChargeFloorOfPortfoliosStraddlingTierEdgesContinuously(String belowNotional, String aboveNotional) {
        MarginContext ctx = MarginContext.of(DEFAULT.withStressWeight(BigDecimal.ZERO), tenScenarios(), null);
        Position below = Position.of(BTC_PERP, belowNotional, "1", "1");
        Position above = Position.of(BTC_PERP, aboveNotional, "1", "1");

        double fb = MarginCalculator.DEFAULT.requirement(List.of(below), ctx).imFloor();
        double fa = MarginCalculator.DEFAULT.requirement(List.of(above), ctx).imFloor();

        assertThat(fa - fb).isBetween(0.0, 2 * 0.25 + 1e-6);
    }

    @Test
    void shouldChargeOnlyBasisForLongPerpetualAgainstShortFutureOnTwoVenuesProducts() {
        Position longPerp = Position.of(BTC_PERP, "10", "60000", "59000");
        Position shortFut = Position.of(BTC_FUT, "-10", "60000", "59000");

        AccountMargin m = MarginCalculator.DEFAULT.margin(
                cross(List.of(longPerp, shortFut), "10000"), MarginContext.of(DEFAULT, tenScenarios(), null));

        PortfolioRequirement r = m.components();
        assertThat(r.es()).isZero();
        assertThat(r.imStress()).isZero();
        assertThat(r.imFloor()).isZero();
        assertThat(r.imSpread()).isCloseTo(6000.0, within(1e-9)); // 1% * min(600k, 600k)
        assertThat(m.im()).isEqualByComparingTo("6000.00");
        assertThat(m.mm()).isEqualByComparingTo("3000.00");
        assertThat(m.equity()).isEqualByComparingTo("10000.00"); // +10,000 and -10,000 UPnL
        assertThat(m.status()).isEqualTo(MarginStatus.HEALTHY);
    }

    @Test
    void shouldChargeIsolatedBucketsSeparatelyWhereCrossNetsThem() {
        Schedule s = DEFAULT.withConfidence(new BigDecimal("0.9"));
        Position longPerp = Position.of(BTC_PERP, "1", "50000", "50000");
        Position shortFut = Position.of(BTC_FUT, "-1", "50000", "50000");
        List<CollateralHolding> coll = List.of(
                CollateralHolding.of("USD", "7000", "1", "BTC-PERP"),
                CollateralHolding.of("USD", "5000", "1", "BTC-FUT-20261225"));
        MarginContext ctx = MarginContext.of(s, tenScenarios(), null);

        AccountMargin isolated =
                MarginCalculator.DEFAULT.margin(MarginAccount.isolated(List.of(longPerp, shortFut), coll), ctx);
        AccountMargin cross =
                MarginCalculator.DEFAULT.margin(MarginAccount.cross(List.of(longPerp, shortFut), coll), ctx);

        // each bucket: max(ES 5000 or 4000, stress 0.5 * 24% * 50,000 = 6,000) = 6,000
        assertThat(isolated.buckets()).hasSize(2);
        assertThat(isolated.buckets().get(0).im()).isEqualByComparingTo("6000.00");
        assertThat(isolated.buckets().get(0).requirement().es()).isCloseTo(5000.0, within(1e-9));
        assertThat(isolated.buckets().get(1).im()).isEqualByComparingTo("6000.00");
        assertThat(isolated.buckets().get(1).requirement().es()).isCloseTo(4000.0, within(1e-9));
        assertThat(isolated.im()).isEqualByComparingTo("12000.00");
        assertThat(isolated.buckets().get(0).status()).isEqualTo(MarginStatus.HEALTHY);
        assertThat(isolated.buckets().get(1).status()).isEqualTo(MarginStatus.CALL);
        assertThat(isolated.status()).isEqualTo(MarginStatus.CALL);
        assertThat(isolated.callAmount()).isEqualByComparingTo("1000.00");
        assertThat(isolated.components()).isNull();
        // cross: flat book, basis only: 1% * 50,000
        assertThat(cross.im()).isEqualByComparingTo("500.00");
        assertThat(cross.equity()).isEqualByComparingTo("12000.00");
        assertThat(cross.status()).isEqualTo(MarginStatus.HEALTHY);
    }

    @Test
    void shouldApplyHaircutsAndRoundCollateralDown() {
        List<CollateralHolding> coll = List.of(
                CollateralHolding.of("USD", "1000", "1"),
                CollateralHolding.of("USDC", "1000", "1"),
                CollateralHolding.of("USDT", "1000", "1"),
                CollateralHolding.of("BTC", "0.1", "50000"),
                CollateralHolding.of("ETH", "1", "3000"),
                CollateralHolding.of("SOL", "10", "150"),
                CollateralHolding.of("USDC", "0.333", "1"));

        BigDecimal v = CollateralCalculator.DEFAULT.collateralValue(coll, DEFAULT);

        // 1000 + 980 + 950 + 4000 + 2250 + 900 (other assets 40%) + 0.32634 -> floor
        assertThat(v).isEqualByComparingTo("10080.32");
        assertThat(DEFAULT.haircutOf(AssetCode.of("SOL"))).isEqualByComparingTo("0.40");
    }

    @ParameterizedTest(name = "collateral {0} -> {1}, call {2}")
    @CsvSource({
        "1300, HEALTHY, 0.00",
        "1200, HEALTHY, 0.00",
        "1199.99, CALL, 0.01",
        "600, CALL, 600.00",
        "599.99, LIQUIDATION, 600.01",
        "0, LIQUIDATION, 1200.00"
    })
    void shouldClassifyEachStatusAgainstImAndMm(String usd, MarginStatus status, String call) {
        Schedule s = DEFAULT.withConfidence(new BigDecimal("0.8"));
        Position longBtc = Position.of(BTC_PERP, "0.25", "40000", "40000"); // IM 1,200, MM 600

        AccountMargin m = MarginCalculator.DEFAULT.margin(
                cross(List.of(longBtc), usd), MarginContext.of(s, tenScenarios(), null));

        assertThat(m.im()).isEqualByComparingTo("1200.00");
        assertThat(m.mm()).isEqualByComparingTo("600.00");
        assertThat(m.status()).isEqualTo(status);
        assertThat(m.callAmount()).isEqualByComparingTo(call);
    }

    @Test
    void shouldIncludeUnrealizedPnlInEquity() {
        Position longBtc = Position.of(BTC_PERP, "2", "64000", "63000.005");

        BigDecimal e = CollateralCalculator.DEFAULT.equity(
                List.of(CollateralHolding.of("USD", "100", "1")), List.of(longBtc), DEFAULT);

        assertThat(e).isEqualByComparingTo("2099.99"); // 100 + 2 * 999.995 = 2099.99
    }

    @Test
    void shouldCountVariationRealizedSinceTheLastSettlementInEquityButNotInRisk() {
        Position open = Position.of(BTC_PERP, "2", "64000", "63000");
        Position reduced = new Position(
                BTC_PERP,
                new BigDecimal("2"),
                new BigDecimal("64000"),
                new BigDecimal("63000"),
                new BigDecimal("-2500.50"));
        Position closed = new Position(
                DOGE_PERP, BigDecimal.ZERO, new BigDecimal("0.1"), new BigDecimal("0.1"), new BigDecimal("300"));
        List<CollateralHolding> usd = List.of(CollateralHolding.of("USD", "10000", "1"));

        BigDecimal before = CollateralCalculator.DEFAULT.equity(usd, List.of(open), DEFAULT);
        BigDecimal after = CollateralCalculator.DEFAULT.equity(usd, List.of(reduced, closed), DEFAULT);

        assertThat(before).isEqualByComparingTo("12000.00");
        assertThat(after).isEqualByComparingTo("9799.50"); // 10,000 + 2,000 - 2,500.50 + 300
        AccountMargin a = MarginCalculator.DEFAULT.margin(cross(List.of(open), "10000"), DEFAULT, tenScenarios(), null);
        AccountMargin b =
                MarginCalculator.DEFAULT.margin(cross(List.of(reduced), "10000"), DEFAULT, tenScenarios(), null);
        assertThat(b.im()).isEqualByComparingTo(a.im());
        assertThat(a.equity().subtract(b.equity())).isEqualByComparingTo("2500.50");
    }

    @Test
    void shouldCarryScheduleScenarioAndMarkIds() {
        MarginAccount a = new MarginAccount(
                io.concordia.margin.model.MarginMode.CROSS,
                List.of(Position.of(BTC_PERP, "1", "100", "100")),
                List.of(),
                "marks-42");

        AccountMargin m = MarginCalculator.DEFAULT.margin(a, DEFAULT, tenScenarios(), null);

        assertThat(m.scheduleVersion()).isEqualTo(DEFAULT.version());
        assertThat(m.scenarioSetId()).isEqualTo("ten");
        assertThat(m.markSnapshotId()).isEqualTo("marks-42");
    }

    @Test
    void shouldCostNothingForAnEmptyBook() {
        AccountMargin m = MarginCalculator.DEFAULT.margin(cross(List.of(), "0"), DEFAULT, tenScenarios(), null);

        assertThat(m.im()).isEqualByComparingTo("0.00");
        assertThat(m.status()).isEqualTo(MarginStatus.HEALTHY);
    }
}
