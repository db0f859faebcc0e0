package io.concordia.settlement.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.settlement.calc.SettlementCalculator;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BadInputTest {

    private static CycleInput.Builder book() {
        return CycleInput.builder("C1")
                .currency("USD", 2)
                .product(Product.of("BTC-PERP", ProductKind.PERPETUAL, "USD"))
                .product(Product.of("ETH-FUT-20261225", ProductKind.FUTURE, "USD"))
                .account("ALPHA-1", "ALPHA")
                .price("BTC-PERP", "60000");
    }

    private static void refused(Executable e, String message) {
        assertThatThrownBy(e::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldRefuseMalformedIds() {
        refused(() -> MemberCode.of("alpha"), "MemberCode code must match");
        refused(() -> AccountCode.of(""), "AccountCode code must match");
        refused(() -> ProductSymbol.of(null), "got: null");
        refused(() -> AssetCode.of("U"), "AssetCode code must match");
        refused(() -> VenueCode.of("Venue A"), "VenueCode code must match");
        refused(() -> CycleId.of(" "), "CycleId code must match");
    }

    @Test
    void shouldRefuseANegativeOrTooLargeScale() {
        refused(() -> book().currency("USD", -1).build(), "currencyScales[USD] must be in [0, 18], got: -1");
        refused(() -> book().currency("USD", 19).build(), "got: 19");
        refused(() -> WaterfallInput.of("USD", -2, "D", "1", "0", "0", "0", Map.of(), "0"), "scale must be in");
    }

    @Test
    void shouldRefuseNullAndNonPositivePrices() {
        refused(
                () -> PositionState.of("ALPHA-1", "BTC-PERP", "1", "-1"),
                "lastSettlementPrice of ALPHA-1/BTC-PERP must be >= 0, got: -1");
        refused(
                () -> new PositionState(AccountCode.of("ALPHA-1"), ProductSymbol.of("BTC-PERP"), BigDecimal.ONE, null),
                "lastSettlementPrice of ALPHA-1/BTC-PERP must not be null");
        refused(
                () -> CycleTrade.of("ALPHA-1", "BTC-PERP", "venue-a", "1", "-5"),
                "price of trade of ALPHA-1/BTC-PERP must be > 0");
        refused(() -> book().price("BTC-PERP", "-1").build(), "settlementPrices[BTC-PERP] must be > 0, got: -1");
        refused(() -> book().price("BTC-PERP", "0").build(), "settlementPrices[BTC-PERP] must be > 0, got: 0");
        refused(
                () -> book().price("ETH-FUT-20261225", "0").build(),
                "settlementPrices[ETH-FUT-20261225] must be > 0, got: 0");
    }

    @Test
    void shouldSettleAWorthlessOptionAtZeroButNeverBelow() {
        CycleInput.Builder withOption = book().product(Product.of("BTC-27DEC26-70000-C", ProductKind.OPTION, "USD"));
        CycleInput input = withOption.price("BTC-27DEC26-70000-C", "0").build();
        org.assertj.core.api.Assertions.assertThat(
                        input.settlementPrices().get(ProductSymbol.of("BTC-27DEC26-70000-C")))
                .isEqualByComparingTo("0");
        refused(
                () -> book().product(Product.of("BTC-27DEC26-70000-C", ProductKind.OPTION, "USD"))
                        .price("BTC-27DEC26-70000-C", "-0.01")
                        .build(),
                "settlementPrices[BTC-27DEC26-70000-C] must be >= 0, got: -0.01");
    }

    @Test
    void shouldRefuseAZeroTradeQuantity() {
        refused(() -> CycleTrade.of("ALPHA-1", "BTC-PERP", "venue-a", "0.000", "1"), "must not be 0");
    }

    @Test
    void shouldRefuseAPriceForAnUnknownProduct() {
        refused(() -> book().price("DOGE-PERP", "0.1").build(), "settlementPrices names unknown product: DOGE-PERP");
    }

    @Test
    void shouldRefuseAPositionOrTradeWithoutASettlementPrice() {
        refused(
                () -> book().position(PositionState.of("ALPHA-1", "ETH-FUT-20261225", "1", "3000"))
                        .build(),
                "settlementPrices has no price for ETH-FUT-20261225");
        refused(
                () -> book().trade(CycleTrade.of("ALPHA-1", "SOL-PERP", "venue-a", "1", "100"))
                        .build(),
                "unknown product SOL-PERP");
    }

    @Test
    void shouldRefuseAnAccountWithoutAMember() {
        refused(
                () -> book().trade(CycleTrade.of("GHOST-1", "BTC-PERP", "venue-a", "1", "100"))
                        .build(),
                "accountMembers has no member for account GHOST-1");
    }

    @Test
    void shouldRefuseTwoStatesForOnePosition() {
        refused(
                () -> book().position(PositionState.of("ALPHA-1", "BTC-PERP", "1", "100"))
                        .position(PositionState.of("ALPHA-1", "BTC-PERP", "2", "100"))
                        .build(),
                "two states for ALPHA-1/BTC-PERP");
    }

    @Test
    void shouldRefuseFundingForAFutureAndNegativeIntervals() {
        refused(
                () -> book().price("ETH-FUT-20261225", "3000")
                        .funding(FundingRate.of("ETH-FUT-20261225", "0.0001", 1))
                        .build(),
                "only perpetuals pay funding");
        refused(() -> FundingRate.of("BTC-PERP", "0.0001", -1), "intervals of BTC-PERP must be >= 0, got: -1");
    }

    @Test
    void shouldRefuseAProductWhoseCurrencyHasNoScale() {
        refused(
                () -> book().product(Product.of("ETH-USDC-PERP", ProductKind.PERPETUAL, "USDC"))
                        .build(),
                "currencyScales has no scale for currency USDC of product ETH-USDC-PERP");
    }

    @Test
    void shouldRefuseANegativeFeeRate() {
        refused(() -> FeeSchedule.of("-0.0001"), "defaultRate must be >= 0");
    }

    @Test
    void shouldRefuseNegativeWaterfallAmountsAndTheDefaulterAmongSurvivors() {
        refused(
                () -> WaterfallInput.of("USD", 2, "D", "-1", "0", "0", "0", Map.of(), "0"),
                "loss must be >= 0, got: -1");
        refused(
                () -> WaterfallInput.of("USD", 2, "D", "1", "0", "0", "0", Map.of("A", "-5"), "0"),
                "contributions[A] must be >= 0, got: -5");
        refused(
                () -> WaterfallInput.of("USD", 2, "D", "1", "0", "0", "0", Map.of("D", "5"), "0"),
                "contributions must not include the defaulter D");
        refused(
                () -> WaterfallInput.of("USD", 2, "D", "1", "0", "0", "0", Map.of(), "-1"),
                "assessmentMultiple must be >= 0");
    }

    @Test
    void shouldRefuseACover2MemberWithoutIm() {
        refused(
                () -> new Cover2Input(AssetCode.of("USD"), 2, Map.of(MemberCode.of("A"), BigDecimal.ONE), Map.of()),
                "initialMargin has no entry for member A");
    }

    @Test
    void shouldRefuseANullCycleInput() {
        refused(() -> SettlementCalculator.DEFAULT.run(null), "input must not be null");
    }
}
