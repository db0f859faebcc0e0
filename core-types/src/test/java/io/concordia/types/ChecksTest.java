package io.concordia.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared argument checks: each passes its value through and names the argument and the value when it refuses. */
class ChecksTest {

    private static final BigDecimal ONE = BigDecimal.ONE;

    @Test
    void shouldPassValidValuesThrough() {
        assertThat(Checks.notNull("x", "a")).isEqualTo("x");
        assertThat(Checks.positive(ONE, "a")).isSameAs(ONE);
        assertThat(Checks.nonNegative(BigDecimal.ZERO, "a")).isSameAs(BigDecimal.ZERO);
        assertThat(Checks.nonZero(ONE.negate(), "a")).isEqualTo(ONE.negate());
        assertThat(Checks.between(new BigDecimal("0.5"), BigDecimal.ZERO, ONE, "a"))
                .isEqualByComparingTo("0.5");
        assertThat(Checks.finite(1.5, "a")).isEqualTo(1.5);
        assertThat(Checks.notBlank("x", "a")).isEqualTo("x");
        assertThat(Checks.scale(18, "a")).isEqualTo(18);
        assertThat(Checks.atScale(new BigDecimal("1.2300"), 2, "a")).isEqualByComparingTo("1.23");
        assertThat(Checks.noNulls(List.of(1, 2), "a")).containsExactly(1, 2);
        assertThat(Checks.noNulls(Map.of("k", 1), "a")).containsEntry("k", 1);
    }

    @Test
    void shouldNameTheArgumentAndTheValue() {
        assertThatThrownBy(() -> Checks.notNull(null, "mark")).hasMessage("mark must not be null");
        assertThatThrownBy(() -> Checks.positive(BigDecimal.ZERO, "mark")).hasMessage("mark must be > 0, got: 0");
        assertThatThrownBy(() -> Checks.nonNegative(new BigDecimal("-1.5"), "q"))
                .hasMessage("q must be >= 0, got: -1.5");
        assertThatThrownBy(() -> Checks.nonZero(new BigDecimal("0.00"), "q")).hasMessage("q must not be 0, got: 0.00");
        assertThatThrownBy(() -> Checks.between(new BigDecimal("1.5"), BigDecimal.ZERO, ONE, "haircut"))
                .hasMessage("haircut must be in [0, 1], got: 1.5");
        assertThatThrownBy(() -> Checks.finite(Double.NaN, "r")).hasMessage("r must be a finite number, got: NaN");
        assertThatThrownBy(() -> Checks.notBlank(" ", "version")).hasMessage("version must not be blank, got:  ");
        assertThatThrownBy(() -> Checks.scale(19, "scale")).hasMessage("scale must be in [0, 18], got: 19");
        assertThatThrownBy(() -> Checks.atScale(new BigDecimal("1.234"), 2, "amount"))
                .hasMessage("amount must have at most 2 decimal places, got: 1.234");
        assertThatThrownBy(() -> Checks.noNulls(Arrays.asList(1, null), "rows")).hasMessage("rows[1] must not be null");
        Map<String, Integer> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThatThrownBy(() -> Checks.noNulls(withNull, "scales")).hasMessage("scales[k] must not be null");
    }
}
