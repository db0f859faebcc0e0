package io.concordia.margin.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.margin.Fixtures;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.calc.MarginContext;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input fails early with a message naming the argument and the value. */
class BadInputTest {

    private static final UnderlyingId BTC = UnderlyingId.of("BTC");
    private static final UnderlyingId ETH = UnderlyingId.of("ETH");

    private static Map<UnderlyingId, double[]> returns(double[] btc, double[] eth) {
        Map<UnderlyingId, double[]> m = new LinkedHashMap<>();
        m.put(BTC, btc);
        m.put(ETH, eth);
        return m;
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void shouldRejectNonFiniteScenarioReturns(double bad) {
        assertThatThrownBy(() -> ScenarioSet.of("s", returns(new double[] {0.01, bad}, new double[] {0.0, 0.0})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("return of BTC in scenario 1 must be finite")
                .hasMessageContaining(String.valueOf(bad));
    }

    @Test
    void shouldRejectReturnsBelowMinusOneHundredPercent() {
        assertThatThrownBy(() -> ScenarioSet.of("s", returns(new double[] {-1.5}, new double[] {0.0})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be >= -1, got: -1.5");
    }

    @Test
    void shouldRejectScenarioArraysOfDifferentLengths() {
        assertThatThrownBy(() -> ScenarioSet.of("s", returns(new double[] {0.01, 0.02}, new double[] {0.0})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scenario arrays must have the same length: BTC has 2, ETH has 1");
    }

    @Test
    void shouldRejectAnEmptyScenarioSet() {
        assertThatThrownBy(() -> ScenarioSet.of("s", returns(new double[0], new double[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> ScenarioSet.of("s", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one underlying");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "1.5", "-0.1", "1.0000"})
    void shouldRejectConfidenceOutsideTheOpenUnitInterval(String alpha) {
        Schedule s = Fixtures.defaultSchedule();
        assertThatThrownBy(() -> s.withConfidence(new BigDecimal(alpha)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "confidence must be strictly between 0 and 1, got: " + new BigDecimal(alpha).toPlainString());
        assertThatThrownBy(() -> Schedule.tailCount(1000, new BigDecimal(alpha)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confidence");
    }

    @Test
    void shouldRejectAPositionOnAnUnderlyingTheScheduleDoesNotKnow() {
        Schedule s = Fixtures.defaultSchedule();
        ScenarioSet set = ScenarioSet.of("s", Map.of(UnderlyingId.of("LTC"), new double[] {0.01}));
        MarginAccount a = MarginAccount.cross(
                List.of(Position.of(Product.perpetual("LTC-PERP", "LTC"), "1", "80", "80")), List.of());

        assertThatThrownBy(() -> MarginCalculator.DEFAULT.margin(a, s, set, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown underlying: LTC");
    }

    @Test
    void shouldRejectAPositionOnAnUnderlyingMissingFromTheScenarioSet() {
        Schedule s = Fixtures.defaultSchedule();
        ScenarioSet set = ScenarioSet.of("s", Map.of(BTC, new double[] {0.01}));
        MarginAccount a = MarginAccount.cross(
                List.of(Position.of(Product.perpetual("ETH-PERP", "ETH"), "1", "80", "80")), List.of());

        assertThatThrownBy(() -> MarginCalculator.DEFAULT.margin(a, s, set, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown underlying")
                .hasMessageContaining("scenario set s has no returns for ETH");
    }

    @Test
    void shouldRejectAStressScenarioOnAnUnknownUnderlying() {
        Schedule s = Fixtures.defaultSchedule();
        ScenarioSet set = ScenarioSet.of("s", Map.of(BTC, new double[] {0.01}));
        StressSet stress =
                StressSet.of(List.of(StressScenario.of("x", Map.of(UnderlyingId.of("LTC"), -0.2), Map.of())));

        assertThatThrownBy(() -> MarginContext.of(s, set, stress))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown underlying: LTC");
    }

    @Test
    void shouldRejectNonFiniteStressMovesAndDuplicateNames() {
        assertThatThrownBy(() -> StressScenario.of("x", Map.of(BTC, Double.NaN), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("return of BTC in stress scenario x");
        StressScenario a = StressScenario.of("x", Map.of(), Map.of());
        assertThatThrownBy(() -> StressSet.of(List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate: x");
        assertThatThrownBy(() -> StressSet.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one scenario");
    }

    @Test
    void shouldRejectNonPositiveMarksAndNegativeCollateral() {
        Product p = Product.perpetual("BTC-PERP", "BTC");
        assertThatThrownBy(() -> Position.of(p, "1", "0", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mark of BTC-PERP must be > 0, got: 0");
        assertThatThrownBy(() -> CollateralHolding.of("USD", "-1", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantity of USD must be >= 0, got: -1");
    }

    @Test
    void shouldRejectMalformedTierTables() {
        assertThatThrownBy(() -> TierTable.of(List.of("100", "50"), List.of("0.1", "0.2", "0.3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> TierTable.of(List.of("100"), List.of("0.2", "0.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-decreasing");
        assertThatThrownBy(() -> TierTable.of(List.of("100"), List.of("0.2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one more entry");
    }

    @Test
    void shouldRejectIsolatedCollateralInABucketWithoutAPosition() {
        Product p = Product.perpetual("BTC-PERP", "BTC");
        assertThatThrownBy(() -> MarginAccount.isolated(
                        List.of(Position.of(p, "1", "1", "1")),
                        List.of(CollateralHolding.of("USD", "1", "1", "ETH-PERP"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no position in that product");
    }

    @Test
    void shouldRejectMalformedIds() {
        assertThatThrownBy(() -> UnderlyingId.of(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UnderlyingId");
        assertThatThrownBy(() -> ProductId.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
