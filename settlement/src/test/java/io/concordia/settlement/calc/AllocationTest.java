package io.concordia.settlement.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationTest {

    @Test
    void shouldSplitProRataWithTheLastUnitsToTheLargestRemainders() {
        // 10 over 1:1:1 at scale 0: 3.33.. each; floors 9; one unit to the tie's smallest key
        assertThat(Allocation.proRata(
                        new BigDecimal("10"), Map.of("b", BigDecimal.ONE, "a", BigDecimal.ONE, "c", BigDecimal.ONE), 0))
                .containsExactly(
                        Map.entry("a", new BigDecimal("4")),
                        Map.entry("b", new BigDecimal("3")),
                        Map.entry("c", new BigDecimal("3")));
    }

    @Test
    void shouldGiveZeroToZeroWeights() {
        assertThat(Allocation.proRata(
                        new BigDecimal("0.05"), Map.of("a", BigDecimal.ZERO, "b", new BigDecimal("3")), 2))
                .containsExactly(Map.entry("a", new BigDecimal("0.00")), Map.entry("b", new BigDecimal("0.05")));
    }

    @Test
    void shouldRefuseToAllocateAPositiveTotalOverZeroWeights() {
        assertThatThrownBy(() -> Allocation.proRata(BigDecimal.ONE, Map.of("a", BigDecimal.ZERO), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights");
    }

    @Test
    void shouldRoundNegativeAmountsToATotalByFlooringThenLargestRemainder() {
        // -1.005 and -1.005: floors -1.01 each (-2.02); target FLOOR(-2.01) = -2.01 needs one unit back
        assertThat(Allocation.roundToTotal(
                        Map.of("a", new BigDecimal("-1.005"), "b", new BigDecimal("-1.005")),
                        new BigDecimal("-2.01"),
                        2))
                .containsExactly(Map.entry("a", new BigDecimal("-1.00")), Map.entry("b", new BigDecimal("-1.01")));
    }

    @Test
    void shouldRefuseATargetThatRoundingCannotReach() {
        assertThatThrownBy(() -> Allocation.roundToTotal(Map.of("a", new BigDecimal("1")), new BigDecimal("2"), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target 2");
    }
}
