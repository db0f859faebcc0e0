package io.concordia.settlement.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrawdownTest {

    @ParameterizedTest(name = "{0} from [{1}] takes [{2}]")
    @CsvSource(
            delimiter = '|',
            value = {
                // amount | capacities, in order    | takes
                "0        | 100 200 300             | 0 0 0",
                "50       | 100 200 300             | 50 0 0",
                "100      | 100 200 300             | 100 0 0",
                "250      | 100 200 300             | 100 150 0",
                "600      | 100 200 300             | 100 200 300",
                "700      | 100 200 300             | 100 200 300",
                "0.35     | 0.10 0.20 0.30          | 0.10 0.20 0.05",
                "150      | 0 100 0 100             | 0 100 0 50",
            })
    void shouldEmptyEachSourceBeforeTheNext(BigDecimal amount, String capacities, String takes) {
        List<BigDecimal> result = Drawdown.inOrder(amount, decimals(capacities));

        assertThat(result).usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(decimals(takes));
    }

    @Test
    void shouldTakeExactlyTheAmountOrEverythingOverManyRandomCases() {
        SplittableRandom random = new SplittableRandom(20261206L);
        for (int n = 0; n < 1_000; n++) {
            List<BigDecimal> capacities = random.ints(random.nextInt(0, 6), 0, 10_000)
                    .mapToObj(i -> BigDecimal.valueOf(i, 2))
                    .toList();
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(0, 30_000), 2);
            List<BigDecimal> takes = Drawdown.inOrder(amount, capacities);

            BigDecimal total = capacities.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(takes.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(amount.min(total));
            for (int i = 0; i < takes.size(); i++) {
                assertThat(takes.get(i)).isBetween(BigDecimal.ZERO, capacities.get(i));
            }
        }
    }

    @Test
    void shouldRefuseANegativeCapacity() {
        assertThatThrownBy(() -> Drawdown.inOrder(BigDecimal.TEN, List.of(BigDecimal.ONE, new BigDecimal("-1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacities[1]");
    }

    private static List<BigDecimal> decimals(String spaced) {
        return Arrays.stream(spaced.trim().split("\\s+", -1))
                .map(BigDecimal::new)
                .toList();
    }
}
