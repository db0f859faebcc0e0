package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.Fixtures;
import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionRight;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scenario revaluation of one option (docs/margin-model.md §8.4), the option stress set (§8.5) and the option model's checks. */
class OptionValuationTest {

    private static final UnderlyingId BTC = UnderlyingId.of("BTC");
    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final OptionMarket MARKET = new OptionMarket(NOW, Map.of(BTC, new BigDecimal("60000")));
    private static final Product CALL = Product.option(
            "BTC-31DEC26-65000-C", "BTC", "65000", OptionRight.CALL, Instant.parse("2026-12-31T08:00:00Z"));

    private static MarginContext context(double[] returns, int horizonDays, StressSet stress) {
        return MarginContext.of(
                Fixtures.defaultSchedule(),
                ScenarioSet.of("v", Map.of(BTC, returns)).withHorizonDays(horizonDays),
                stress);
    }

    @Test
    void shouldGiveTheWorkedScenarioPnlWithTheSpotVolatilityRuleAndTimeDecay() {
        OptionValuation v = OptionValuation.of(
                context(new double[] {-0.10, 0.0, 0.5, -0.5}, 2, null), CALL, new BigDecimal("0.60"), MARKET);

        assertThat(v.scenarioPnl(0)).isCloseTo(-1242.5360890, within(5e-7));
        assertThat(v.greeks().value()).isCloseTo(2237.8681554, within(5e-8));
        // no move: two days of time decay only, about twice theta
        assertThat(v.scenarioPnl(1)).isNegative().isCloseTo(2 * v.greeks().theta(), within(5.0));
        // +50%: volatility clamped at 1 - vDown (T1 0.30); -50%: at 1 + vUp (T1 0.50)
        assertThat(v.scenarioPnl(2))
                .isCloseTo(
                        io.concordia.margin.option.Black76.value(
                                        OptionRight.CALL, 90000, 65000, 0.60 * 0.70, 28.0 / 365)
                                - v.greeks().value(),
                        within(1e-9));
        assertThat(v.scenarioPnl(3))
                .isCloseTo(
                        io.concordia.margin.option.Black76.value(
                                        OptionRight.CALL, 30000, 65000, 0.60 * 1.50, 28.0 / 365)
                                - v.greeks().value(),
                        within(1e-9));
    }

    @Test
    void anOptionExpiringWithinTheHorizonShouldBeRevaluedAtItsIntrinsicValue() {
        Product shortDated =
                Product.option("BTC-02DEC26-59000-C", "BTC", "59000", OptionRight.CALL, NOW.plusSeconds(86400));
        OptionValuation v = OptionValuation.of(
                context(new double[] {0.05, -0.05}, 2, null), shortDated, new BigDecimal("0.6"), MARKET);

        assertThat(v.scenarioPnl(0)).isCloseTo(63000 - 59000 - v.greeks().value(), within(1e-9));
        assertThat(v.scenarioPnl(1)).isCloseTo(-v.greeks().value(), within(1e-9));
    }

    @Test
    void theDefaultOptionStressSetShouldShockPriceAndVolatilityPerTier() {
        MarginContext ctx = context(new double[] {0.0}, 2, null);
        OptionValuation v = OptionValuation.of(ctx, CALL, new BigDecimal("0.60"), MARKET);
        double base = v.greeks().value();
        double tau = 28.0 / 365;

        assertThat(ctx.optionStress().scenarios())
                .extracting(StressScenario::name)
                .containsExactly(StressSet.ALL_DOWN, StressSet.ALL_UP, StressSet.VOL_UP, StressSet.VOL_DOWN);
        assertThat(ctx.stress().size())
                .as("portfolios without options keep the version-1 pair")
                .isEqualTo(2);
        double[] expected = {
            io.concordia.margin.option.Black76.value(OptionRight.CALL, 60000 * 0.76, 65000, 0.60 * 1.5, tau) - base,
            io.concordia.margin.option.Black76.value(OptionRight.CALL, 60000 * 1.24, 65000, 0.60 * 0.7, tau) - base,
            io.concordia.margin.option.Black76.value(OptionRight.CALL, 60000, 65000, 0.60 * 1.5, tau) - base,
            io.concordia.margin.option.Black76.value(OptionRight.CALL, 60000, 65000, 0.60 * 0.7, tau) - base,
        };
        for (int i = 0; i < expected.length; i++) {
            assertThat(v.stressPnl(i)).as(ctx.optionStressName(i)).isCloseTo(expected[i], within(1e-9));
        }
    }

    @Test
    void aGivenStressScenarioShouldUseItsVolatilityShiftElseTheSpotVolatilityRule() {
        StressSet stress = StressSet.of(List.of(
                new StressScenario(
                        "shifted", Map.of(BTC, -0.2), Map.of(), Map.of(BTC, 0.8), Map.of(LiquidityTier.T1, 0.1)),
                new StressScenario("tier", Map.of(BTC, -0.2), Map.of(), Map.of(), Map.of(LiquidityTier.T1, 0.1)),
                new StressScenario("rule", Map.of(BTC, -0.2), Map.of())));
        MarginContext ctx = context(new double[] {0.0}, 1, stress);
        OptionValuation v = OptionValuation.of(ctx, CALL, new BigDecimal("0.60"), MARKET);
        double base = v.greeks().value();
        double tau = 29.0 / 365;

        assertThat(v.stressPnl(0))
                .isCloseTo(
                        io.concordia.margin.option.Black76.value(OptionRight.CALL, 48000, 65000, 0.60 * 1.8, tau)
                                - base,
                        within(1e-9));
        assertThat(v.stressPnl(1))
                .isCloseTo(
                        io.concordia.margin.option.Black76.value(OptionRight.CALL, 48000, 65000, 0.60 * 1.1, tau)
                                - base,
                        within(1e-9));
        assertThat(v.stressPnl(2))
                .isCloseTo(
                        io.concordia.margin.option.Black76.value(OptionRight.CALL, 48000, 65000, 0.60 * 1.3, tau)
                                - base,
                        within(1e-9));
    }

    @Test
    void shouldRefuseInconsistentOptionInputsNamingThem() {
        Instant expiry = Instant.parse("2026-12-31T08:00:00Z");
        assertThatThrownBy(() -> Product.option("O", "BTC", "0", OptionRight.CALL, expiry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strike");
        assertThatThrownBy(() -> new Product(CALL.id(), BTC, io.concordia.margin.model.ProductKind.OPTION, null, null))
                .hasMessageContaining("must have its terms");
        assertThatThrownBy(() ->
                        new Product(CALL.id(), BTC, io.concordia.margin.model.ProductKind.FUTURE, null, CALL.option()))
                .hasMessageContaining("must not have option terms");
        assertThatThrownBy(() -> Position.ofOption(CALL, "1", "10", "10", "0"))
                .hasMessageContaining("iv of BTC-31DEC26-65000-C");
        assertThatThrownBy(() -> new Position(
                        Product.perpetual("BTC-PERP", "BTC"),
                        BigDecimal.ONE,
                        BigDecimal.TEN,
                        BigDecimal.TEN,
                        BigDecimal.ZERO,
                        new BigDecimal("0.5")))
                .hasMessageContaining("applies to options only");
        assertThatThrownBy(() -> io.concordia.margin.model.MarginAccount.cross(
                        List.of(Position.ofOption(CALL, "1", "10", "10", "0.5")), List.of()))
                .hasMessageContaining("needs the market inputs");
        assertThatThrownBy(() -> new OptionMarket(NOW, Map.of(BTC, BigDecimal.ZERO)))
                .hasMessageContaining("forward of BTC");
        assertThatThrownBy(() -> io.concordia.margin.model.OptionTierParameters.of("1.5", "0.5", "1", "0.01"))
                .hasMessageContaining("volDown");
        assertThatThrownBy(() ->
                        ScenarioSet.of("v", Map.of(BTC, new double[] {0.0})).withHorizonDays(0))
                .hasMessageContaining("horizonDays");
    }

    @Test
    void theLinearOnlyPathsShouldRefuseAnOptionNamingIt() {
        MarginContext ctx = context(new double[] {0.01, -0.02}, 2, null);
        Position option = Position.ofOption(CALL, "1", "10", "10", "0.5");
        io.concordia.margin.model.MarginAccount account = new io.concordia.margin.model.MarginAccount(
                io.concordia.margin.model.MarginMode.CROSS, List.of(option), List.of(), null, BigDecimal.ZERO, MARKET);

        assertThatThrownBy(() -> MarginCalculator.DEFAULT.requirement(List.of(option), ctx))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option BTC-31DEC26-65000-C is revalued in full");
        assertThatThrownBy(() -> AccountBook.of(List.of(account), ctx)).hasMessageContaining("revalued in full");
        assertThatThrownBy(() -> IncrementalPortfolio.of(ctx, List.of(option)))
                .hasMessageContaining("revalued in full");
        IncrementalPortfolio inc = IncrementalPortfolio.of(ctx, List.of());
        assertThatThrownBy(() -> inc.trade(CALL, BigDecimal.ONE, BigDecimal.TEN))
                .hasMessageContaining("revalued in full");
        assertThatThrownBy(() -> MarginCalculator.DEFAULT.requirement(
                        List.of(option), (io.concordia.margin.model.OptionMarket) null, ctx))
                .hasMessageContaining("needs the market inputs");
        assertThat(MarginCalculator.DEFAULT.margin(account, ctx).components().hasOptions())
                .isTrue();
    }
}
