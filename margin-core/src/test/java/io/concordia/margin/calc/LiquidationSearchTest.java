package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.margin.Fixtures;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionRight;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Liquidation prices by bisection over the forward with full revaluation (docs/margin-model.md §8.7). */
class LiquidationSearchTest {

    private static final UnderlyingId BTC = UnderlyingId.of("BTC");
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final OptionMarket MARKET = new OptionMarket(NOW, Map.of(BTC, new BigDecimal("60000")));
    private static final MarginContext CTX = MarginContext.of(
            Fixtures.defaultSchedule(),
            ScenarioSet.of("liq", Map.of(BTC, new double[] {-0.12, -0.06, -0.02, 0.0, 0.03, 0.08, 0.15})),
            null);
    private static final Product CALL = Product.option(
            "BTC-31DEC26-65000-C", "BTC", "65000", OptionRight.CALL, Instant.parse("2026-12-31T08:00:00Z"));
    private static final Product PUT = Product.option(
            "BTC-31DEC26-55000-P", "BTC", "55000", OptionRight.PUT, Instant.parse("2026-12-31T08:00:00Z"));

    private static MarginAccount shortStrangle(String usd) {
        return new MarginAccount(
                io.concordia.margin.model.MarginMode.CROSS,
                List.of(
                        Position.ofOption(CALL, "-10", "2240", "2240", "0.60"),
                        Position.ofOption(PUT, "-10", "1500", "1500", "0.60")),
                List.of(CollateralHolding.of("USD", usd, "1")),
                null,
                BigDecimal.ZERO,
                MARKET);
    }

    private static int surplusSign(MarginAccount account, BigDecimal forward) {
        AccountMargin m = MarginCalculator.DEFAULT.margin(
                LiquidationSearch.moved(account, BTC, new BigDecimal("60000"), forward), CTX);
        return m.equity().compareTo(m.mm());
    }

    @Test
    void aShortStrangleShouldHaveALiquidationPriceOnEachSideExactToTheCent() {
        MarginAccount account = shortStrangle("60000");

        LiquidationPrices p = LiquidationSearch.DEFAULT.find(account, BTC, CTX);

        assertThat(p.liquidatingNow()).isFalse();
        assertThat(p.below()).isNotNull().isLessThan(new BigDecimal("60000"));
        assertThat(p.above()).isNotNull().isGreaterThan(new BigDecimal("60000"));
        assertThat(surplusSign(account, p.below())).isNegative();
        assertThat(surplusSign(account, p.below().add(new BigDecimal("0.01")))).isNotNegative();
        assertThat(surplusSign(account, p.above())).isNegative();
        assertThat(surplusSign(account, p.above().subtract(new BigDecimal("0.01"))))
                .isNotNegative();
        assertThat(p.below().scale()).isEqualTo(2);
    }

    @Test
    void moreCollateralShouldMoveBothPricesAway() {
        LiquidationPrices tight = LiquidationSearch.DEFAULT.find(shortStrangle("60000"), BTC, CTX);
        LiquidationPrices ample = LiquidationSearch.DEFAULT.find(shortStrangle("120000"), BTC, CTX);

        assertThat(ample.below()).isLessThan(tight.below());
        assertThat(ample.above()).isGreaterThan(tight.above());
    }

    @Test
    void aLongPerpetualShouldBeLiquidatedBelowOnlyAndTheMarkShouldMoveWithTheForward() {
        MarginAccount account = new MarginAccount(
                io.concordia.margin.model.MarginMode.CROSS,
                List.of(Position.of(Product.perpetual("BTC-PERP", "BTC"), "2", "60000", "60000")),
                List.of(CollateralHolding.of("USD", "30000", "1")),
                null,
                BigDecimal.ZERO,
                MARKET);

        LiquidationPrices p = LiquidationSearch.DEFAULT.find(account, BTC, CTX);

        assertThat(p.above()).isNull();
        assertThat(p.below()).isNotNull();
        assertThat(surplusSign(account, p.below())).isNegative();
        assertThat(surplusSign(account, p.below().add(new BigDecimal("0.01")))).isNotNegative();
        Position moved = LiquidationSearch.moved(account, BTC, new BigDecimal("60000"), new BigDecimal("45000"))
                .positions()
                .get(0);
        assertThat(moved.mark()).isEqualByComparingTo("45000");
    }

    @Test
    void shouldSayWhenTheAccountIsLiquidatingNowAndWhenNoPriceIsInsideTheRange() {
        LiquidationPrices now = LiquidationSearch.DEFAULT.find(shortStrangle("100"), BTC, CTX);
        LiquidationPrices never = LiquidationSearch.DEFAULT.find(shortStrangle("100000000"), BTC, CTX);

        assertThat(now.liquidatingNow()).isTrue();
        assertThat(now.below()).isNull();
        assertThat(now.above()).isNull();
        assertThat(never.liquidatingNow()).isFalse();
        assertThat(never.below()).isNull();
        assertThat(never.above()).isNull();
    }

    @Test
    void shouldRefuseAnAccountWithoutMarketInputs() {
        MarginAccount account = MarginAccount.cross(
                List.of(Position.of(Product.perpetual("BTC-PERP", "BTC"), "2", "60000", "60000")),
                List.of(CollateralHolding.of("USD", "30000", "1")));

        assertThatThrownBy(() -> LiquidationSearch.DEFAULT.find(account, BTC, CTX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("valuationTime and forwards");
    }
}
