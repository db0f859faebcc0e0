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
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The liquidation price of one linear position: safe at the price found, liquidated just beyond it. */
class ProductLiquidationSearchTest {

    private static final MarginContext CTX =
            MarginContext.of(Fixtures.defaultSchedule(), Fixtures.randomScenarios("liq", 250, 11L), null);
    private static final Product BTC_PERP = Product.perpetual("BTC-PERP", "BTC");

    private static double surplusAt(MarginAccount account, int index, BigDecimal price) {
        return ProductLiquidationSearch.surplus(account, index, price.doubleValue(), new PortfolioEvaluator(CTX));
    }

    @Test
    void shouldFindThePriceWhereEquityMeetsMaintenanceMarginOverSeededAccounts() {
        SplittableRandom random = new SplittableRandom(23L);
        int found = 0;
        for (int i = 0; i < 300; i++) {
            MarginAccount account = Fixtures.randomCross(random, 4);
            int index = random.nextInt(account.positions().size());
            Position p = account.positions().get(index);
            ProductLiquidation liquidation =
                    ProductLiquidationSearch.DEFAULT.find(account, index, new PortfolioEvaluator(CTX));

            assertThat(liquidation.product()).isEqualTo(p.product().id());
            if (liquidation.liquidatingNow()) {
                assertThat(surplusAt(account, index, p.mark())).isNegative();
                assertThat(liquidation.price()).isEqualTo(p.mark());
                continue;
            }
            if (liquidation.price() == null) {
                continue;
            }
            found++;
            BigDecimal price = liquidation.price();
            // a long is liquidated below its mark, a short above; one part in a million beyond, equity is below MM
            BigDecimal beyond = price.multiply(BigDecimal.valueOf(p.quantity().signum() > 0 ? 0.999999 : 1.000001));
            assertThat(p.quantity().signum() > 0 ? price.compareTo(p.mark()) < 0 : price.compareTo(p.mark()) > 0)
                    .as("account %d: %s at %s", i, p.quantity(), price)
                    .isTrue();
            assertThat(surplusAt(account, index, price))
                    .as("account %d at %s", i, price)
                    .isGreaterThanOrEqualTo(-1e-6);
            assertThat(surplusAt(account, index, beyond))
                    .as("account %d beyond %s", i, price)
                    .isNegative();
        }
        assertThat(found).as("accounts with a liquidation price among 300").isGreaterThan(50);
    }

    @Test
    void shouldLiquidateALeveragedLongBelowItsMarkAndLeaveAFullyFundedOneAlone() {
        MarginAccount leveraged = MarginAccount.cross(
                List.of(Position.of(BTC_PERP, "10", "64000", "64000")),
                List.of(CollateralHolding.of("USD", "100000", "1")));
        ProductLiquidation l = ProductLiquidationSearch.DEFAULT.find(leveraged, 0, new PortfolioEvaluator(CTX));
        assertThat(l.liquidatingNow()).isFalse();
        assertThat(l.price()).isBetween(new BigDecimal("50000"), new BigDecimal("64000"));
        assertThat(l.price().scale()).isEqualTo(ProductLiquidationSearch.PRICE_SCALE);

        MarginAccount funded = MarginAccount.cross(
                List.of(Position.of(BTC_PERP, "1", "64000", "64000")),
                List.of(CollateralHolding.of("USD", "1000000", "1")));
        assertThat(ProductLiquidationSearch.DEFAULT
                        .find(funded, 0, new PortfolioEvaluator(CTX))
                        .price())
                .isNull();
    }

    @Test
    void shouldReportAnAccountAlreadyBelowMaintenanceAsLiquidatingAtItsMark() {
        MarginAccount broke = MarginAccount.cross(
                List.of(Position.of(BTC_PERP, "-10", "64000", "60000")),
                List.of(CollateralHolding.of("USD", "1000", "1")));
        ProductLiquidation l = ProductLiquidationSearch.DEFAULT.find(broke, 0, new PortfolioEvaluator(CTX));
        assertThat(l.liquidatingNow()).isTrue();
        assertThat(l.price()).isEqualByComparingTo("64000");
    }

    @Test
    void shouldRefuseAnOptionOrAFlatPosition() {
        Product call = Product.option(
                "BTC-31DEC26-65000-C", "BTC", "65000", OptionRight.CALL, Instant.parse("2026-12-31T08:00:00Z"));
        OptionMarket market = new OptionMarket(
                Instant.parse("2026-12-01T08:00:00Z"), Map.of(UnderlyingId.of("BTC"), new BigDecimal("64000")));
        MarginAccount options = new MarginAccount(
                MarginMode.CROSS,
                List.of(Position.ofOption(call, "1", "2000", "2000", "0.6")),
                List.of(),
                null,
                BigDecimal.ZERO,
                market);
        assertThatThrownBy(() -> ProductLiquidationSearch.DEFAULT.find(options, 0, new PortfolioEvaluator(CTX)))
                .isInstanceOf(IllegalArgumentException.class);
        MarginAccount flat = MarginAccount.cross(List.of(Position.of(BTC_PERP, "0", "64000", "64000")), List.of());
        assertThatThrownBy(() -> ProductLiquidationSearch.DEFAULT.find(flat, 0, new PortfolioEvaluator(CTX)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
