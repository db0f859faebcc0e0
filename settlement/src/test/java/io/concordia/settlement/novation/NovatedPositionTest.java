package io.concordia.settlement.novation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a fill does to a position, by worked examples; closing at a final price realizes what a closing fill would. */
class NovatedPositionTest {

    @ParameterizedTest(name = "{0} @ {1} (realized {2}), fill {3} @ {4} -> {5} @ {6} (realized {7})")
    @CsvSource({
        // from flat: opens at the fill price
        "0,    0,     0,    2,    100,  2,    100,                    0",
        // adding to a long re-weights the entry price: (2 x 100 + 1 x 130) / 3
        "2,    100,   0,    1,    130,  3,    110,                    0",
        // adding to a short the same way: (3 x 50 + 1 x 54) / 4
        "-3,   50,    0,    -1,   54,   -4,   51,                     0",
        // a partial close realizes (fill - entry) on the closed quantity and keeps the entry price of the rest
        "3,    110,   5,    -1,   120,  2,    110,                    15",
        // a short closed at a higher price loses: -2 x (60 - 50)
        "-2,   50,    0,    2,    60,   0,    0,                      -20",
        // a fill through the position closes it and opens the remainder at the fill price
        "2,    100,   0,    -5,   90,   -3,   90,                     -20",
        // the entry price is a quotient rounded half-even at 18 decimals: (1 x 1 + 2 x 2) / 3
        "1,    1,     0,    2,    2,    3,    1.666666666666666667,   0",
    })
    void shouldApplyAFillByTheNovationArithmetic(
            String quantity,
            String averagePrice,
            String realized,
            String fill,
            String price,
            String quantityAfter,
            String averageAfter,
            String realizedAfter) {
        NovatedPosition after = new NovatedPosition(
                        new BigDecimal(quantity), new BigDecimal(averagePrice), new BigDecimal(realized))
                .fill(new BigDecimal(fill), new BigDecimal(price));
        assertThat(after.quantity()).isEqualByComparingTo(quantityAfter);
        assertThat(after.averagePrice()).isEqualByComparingTo(averageAfter);
        assertThat(after.realizedPnl()).isEqualByComparingTo(realizedAfter);
    }

    @Test
    void shouldRefuseAnEmptyFillOrAPriceThatIsNotPositive() {
        assertThatThrownBy(() -> NovatedPosition.FLAT.fill(BigDecimal.ZERO, BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NovatedPosition.FLAT.fill(BigDecimal.ONE, BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRealizeWhatAClosingFillWouldAndGoFlat() {
        SplittableRandom random = new SplittableRandom(8L);
        for (int i = 0; i < 2_000; i++) {
            BigDecimal quantity = BigDecimal.valueOf(random.nextLong(-1_000_000, 1_000_000), random.nextInt(7))
                    .stripTrailingZeros();
            if (quantity.signum() == 0) {
                continue;
            }
            NovatedPosition open = new NovatedPosition(
                    quantity,
                    BigDecimal.valueOf(random.nextLong(1, 10_000_000), random.nextInt(9)),
                    BigDecimal.valueOf(random.nextLong(-1_000_000, 1_000_000), 2));
            BigDecimal price = BigDecimal.valueOf(random.nextLong(1, 10_000_000), random.nextInt(9));
            NovatedPosition closed = open.closeAt(price);
            assertThat(closed.quantity()).isZero();
            assertThat(closed.averagePrice()).isZero();
            assertThat(closed.realizedPnl())
                    .isEqualTo(open.fill(quantity.negate(), price).realizedPnl());
        }
    }

    @Test
    void shouldCloseAWorthlessOptionAtZeroButRefuseANegativePrice() {
        NovatedPosition longCalls = new NovatedPosition(new BigDecimal("2"), new BigDecimal("2100"), BigDecimal.ZERO);
        assertThat(longCalls.closeAt(BigDecimal.ZERO).realizedPnl()).isEqualByComparingTo("-4200");
        assertThatThrownBy(() -> longCalls.closeAt(new BigDecimal("-0.01")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
