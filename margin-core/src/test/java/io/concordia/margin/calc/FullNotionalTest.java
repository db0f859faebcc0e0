package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.margin.Fixtures;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionRight;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ProductKind;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
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
 * docs/margin-model.md §5, "A portfolio the risk cannot cover": over seeded random accounts, a portfolio holding an
 * underlying without a tier or without scenarios is margined at its gross notional and never skipped, while every
 * portfolio the risk covers keeps exactly the model's numbers.
 */
class FullNotionalTest {

    private static final int ACCOUNTS = 2000;
    /** BTC, ETH and SOL have scenarios; XRP and DOGE have a tier in the schedule but no history in this set. */
    private static final MarginContext CTX;
    /** An underlying the schedule assigns no tier. */
    private static final String UNTIERED = "ZZZ";

    static {
        ScenarioSet all = Fixtures.randomScenarios("full-notional", 500, 20261205L);
        Map<UnderlyingId, double[]> some = new LinkedHashMap<>();
        for (String u : List.of("BTC", "ETH", "SOL")) {
            some.put(UnderlyingId.of(u), all.returnsOf(UnderlyingId.of(u)));
        }
        CTX = MarginContext.of(Fixtures.defaultSchedule(), ScenarioSet.of("three-underlyings", some), null);
    }

    private static final MarginCalculator CALC = MarginCalculator.DEFAULT;

    @Test
    void shouldMarginAnUncoveredCrossAccountAtItsGrossNotional() {
        SplittableRandom rnd = new SplittableRandom(11);
        int uncovered = 0;
        int liquidation = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            MarginAccount account = randomAccount(rnd, MarginMode.CROSS);
            AccountMargin m = CALC.marginOrFullNotional(account, new PortfolioEvaluator(CTX));

            if (coveredByContext(account.positions())) {
                assertThat(m).as("account %d", i).isEqualTo(CALC.margin(account, CTX));
                continue;
            }
            uncovered++;
            BigDecimal gross = grossNotional(account.positions());
            assertThat(m.components().binding()).isEqualTo(Binding.FULL_NOTIONAL);
            assertThat(m.im()).as("account %d im", i).isEqualByComparingTo(gross);
            assertThat(m.mm()).isEqualByComparingTo(gross);
            // USD collateral at 1 without haircut: equity is the deposit plus the variation margin, to the cent below
            BigDecimal usd = account.collateral().get(0).quantity();
            assertThat(m.equity())
                    .isEqualByComparingTo(
                            usd.add(unrealized(account.positions())).setScale(2, RoundingMode.FLOOR));
            if (m.equity().compareTo(gross) < 0) {
                liquidation++;
                assertThat(m.status()).isEqualTo(MarginStatus.LIQUIDATION);
                assertThat(m.callAmount()).isEqualByComparingTo(gross.subtract(m.equity()));
            } else {
                assertThat(m.status()).isEqualTo(MarginStatus.HEALTHY);
                assertThat(m.callAmount()).isZero();
            }
            assertThatThrownBy(() -> CALC.margin(account, CTX)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(uncovered).as("uncovered accounts generated").isGreaterThan(ACCOUNTS / 4);
        assertThat(liquidation).as("of them short of their notional").isGreaterThan(uncovered / 4);
    }

    @Test
    void shouldMarginOnlyTheUncoveredBucketsOfAnIsolatedAccountAtTheirNotional() {
        SplittableRandom rnd = new SplittableRandom(12);
        int uncoveredBuckets = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            MarginAccount account = randomAccount(rnd, MarginMode.ISOLATED);
            AccountMargin m = CALC.marginOrFullNotional(account, new PortfolioEvaluator(CTX));

            MarginStatus worst = MarginStatus.HEALTHY;
            BigDecimal im = BigDecimal.ZERO;
            for (int b = 0; b < account.positions().size(); b++) {
                Position p = account.positions().get(b);
                BucketMargin bucket = m.buckets().get(b);
                if (CTX.covers(p.underlying())) {
                    List<CollateralHolding> own = account.collateral().stream()
                            .filter(c -> p.product().id().equals(c.bucket()))
                            .toList();
                    AccountMargin alone = CALC.margin(MarginAccount.isolated(List.of(p), own), CTX);
                    assertThat(bucket)
                            .as("account %d bucket %d", i, b)
                            .isEqualTo(alone.buckets().get(0));
                } else {
                    uncoveredBuckets++;
                    assertThat(bucket.requirement().binding()).isEqualTo(Binding.FULL_NOTIONAL);
                    assertThat(bucket.im()).isEqualByComparingTo(grossNotional(List.of(p)));
                    assertThat(bucket.status())
                            .isEqualTo(
                                    bucket.equity().compareTo(bucket.im()) >= 0
                                            ? MarginStatus.HEALTHY
                                            : MarginStatus.LIQUIDATION);
                }
                worst = worst.worse(bucket.status());
                im = im.add(bucket.im());
            }
            assertThat(m.status()).isEqualTo(worst);
            assertThat(m.im()).isEqualByComparingTo(im);
        }
        assertThat(uncoveredBuckets).isGreaterThan(ACCOUNTS / 4);
    }

    @Test
    void shouldMarginAnUncoveredOptionAtItsUnderlyingsForwardAndRefuseWithoutOne() {
        Product call =
                Product.option("ZZZ-C-100", UNTIERED, "100", OptionRight.CALL, Instant.parse("2027-03-26T08:00:00Z"));
        Position shortCall = Position.ofOption(call, "-3", "7.5", "7.5", "0.8");
        Instant now = Instant.parse("2026-12-05T08:00:00Z");
        OptionMarket market = new OptionMarket(now, Map.of(UnderlyingId.of(UNTIERED), new BigDecimal("104.5")));
        MarginAccount account = new MarginAccount(
                MarginMode.CROSS,
                List.of(shortCall),
                List.of(CollateralHolding.of("USD", "1000", "1")),
                null,
                BigDecimal.ZERO,
                market);

        AccountMargin m = CALC.marginOrFullNotional(account, new PortfolioEvaluator(CTX));

        assertThat(m.im()).isEqualByComparingTo("313.50"); // 3 x 104.5, the underlying's notional, not the premium's
        assertThat(m.components().binding()).isEqualTo(Binding.FULL_NOTIONAL);
        assertThat(m.status()).isEqualTo(MarginStatus.HEALTHY);
        assertThatThrownBy(() -> MarginCalculator.fullNotional(List.of(shortCall), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forward");
    }

    private static MarginAccount randomAccount(SplittableRandom rnd, MarginMode mode) {
        List<Position> positions = new ArrayList<>(Fixtures.randomPositions(rnd, 5));
        if (rnd.nextInt(3) == 0) {
            BigDecimal q = BigDecimal.valueOf(rnd.nextInt(2_000_001) - 1_000_000, 2);
            if (q.signum() != 0) {
                positions.add(new Position(
                        Fixtures.product(UNTIERED, ProductKind.PERPETUAL),
                        q,
                        new BigDecimal("12.34"),
                        new BigDecimal("12.00")));
            }
        }
        List<CollateralHolding> collateral = new ArrayList<>();
        if (mode == MarginMode.CROSS) {
            collateral.add(CollateralHolding.of("USD", String.valueOf(rnd.nextInt(3_000_000)), "1"));
        } else {
            for (Position p : positions) {
                collateral.add(CollateralHolding.of(
                        "USD",
                        String.valueOf(rnd.nextInt(300_000)),
                        "1",
                        p.product().id().code()));
            }
        }
        MarginAccount cross = MarginAccount.cross(positions, collateral);
        return mode == MarginMode.CROSS ? cross : cross.withMode(MarginMode.ISOLATED);
    }

    private static boolean coveredByContext(List<Position> positions) {
        return uncoveredOnly(positions).isEmpty();
    }

    private static List<Position> uncoveredOnly(List<Position> positions) {
        return positions.stream().filter(p -> !CTX.covers(p.underlying())).toList();
    }

    private static BigDecimal unrealized(List<Position> positions) {
        return positions.stream().map(Position::unrealizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The gross notional, summed here independently of the code under test. */
    private static BigDecimal grossNotional(List<Position> positions) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Position p : positions) {
            sum = sum.add(p.quantity().abs().multiply(p.mark()));
        }
        return sum.setScale(2, RoundingMode.CEILING);
    }
}
