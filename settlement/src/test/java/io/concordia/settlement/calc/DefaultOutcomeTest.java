package io.concordia.settlement.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultOutcomeTest {

    @ParameterizedTest(name = "result {0}, costs {1} at scale {2}: loss {3}, surplus {4}")
    @CsvSource({
        // result,    costs,   scale, loss,    surplus
        "-1500,       0,       2,     1500.00, 0.00",
        "-1500,       250,     2,     1750.00, 0.00",
        "1000,        250,     2,     0.00,    750.00",
        "250,         250,     2,     0.00,    0.00",
        "0,           0,       2,     0.00,    0.00",
        // a loss rounds up, a surplus down, at the currency's scale
        "-100.001,    0,       2,     100.01,  0.00",
        "100.009,     0,       2,     0.00,    100.00",
        "10.0000001,  10.5,    6,     0.500000, 0.000000",
        "-0.4,        0,       0,     1,       0",
        "0.9,         0,       0,     0,       0",
    })
    void shouldSplitTheNetIntoALossRoundedUpOrASurplusRoundedDown(
            BigDecimal result, BigDecimal costs, int scale, String loss, String surplus) {
        DefaultOutcome outcome = DefaultOutcome.of(result, costs, scale);

        assertThat(outcome.loss()).isEqualTo(new BigDecimal(loss));
        assertThat(outcome.surplus()).isEqualTo(new BigDecimal(surplus));
        assertThat(outcome.loss().signum() == 0 || outcome.surplus().signum() == 0)
                .isTrue();
    }

    @Test
    void shouldRefuseNegativeCosts() {
        assertThatThrownBy(() -> DefaultOutcome.of(BigDecimal.ONE, new BigDecimal("-1"), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("costs");
    }
}
