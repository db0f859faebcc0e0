package io.concordia.clearing.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Closing a position at its final price realises exactly what a fill of the whole position at that price would. */
class PositionCloseTest {

    @Test
    void shouldRealiseWhatAClosingFillWouldAndGoFlat() {
        SplittableRandom random = new SplittableRandom(8L);
        for (int i = 0; i < 2_000; i++) {
            BigDecimal quantity = BigDecimal.valueOf(random.nextLong(-1_000_000, 1_000_000), random.nextInt(7)).stripTrailingZeros();
            if (quantity.signum() == 0) {
                continue;
            }
            Position open = new Position(quantity, BigDecimal.valueOf(random.nextLong(1, 10_000_000), random.nextInt(9)),
                    BigDecimal.valueOf(random.nextLong(-1_000_000, 1_000_000), 2));
            BigDecimal price = BigDecimal.valueOf(random.nextLong(1, 10_000_000), random.nextInt(9));
            Position closed = open.closeAt(price);
            assertThat(closed.quantity()).isZero();
            assertThat(closed.averagePrice()).isZero();
            assertThat(closed.realizedPnl()).isEqualTo(open.fill(quantity.negate(), price).realizedPnl());
        }
    }

    @Test
    void shouldCloseAWorthlessOptionAtZeroButRefuseANegativePrice() {
        Position longCalls = new Position(new BigDecimal("2"), new BigDecimal("2100"), BigDecimal.ZERO);
        assertThat(longCalls.closeAt(BigDecimal.ZERO).realizedPnl()).isEqualByComparingTo("-4200");
        assertThatThrownBy(() -> longCalls.closeAt(new BigDecimal("-0.01"))).isInstanceOf(IllegalArgumentException.class);
    }
}
