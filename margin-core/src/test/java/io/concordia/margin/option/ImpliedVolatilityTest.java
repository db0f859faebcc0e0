package io.concordia.margin.option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.model.OptionRight;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImpliedVolatilityTest {

    @Test
    void shouldRecoverTheVolatilityOfSeededPrices() {
        SplittableRandom random = new SplittableRandom(20261205L);
        int checked = 0;
        for (int i = 0; i < 5_000; i++) {
            OptionRight right = random.nextBoolean() ? OptionRight.CALL : OptionRight.PUT;
            double forward = 100 + random.nextDouble() * 99_900;
            double strike = forward * (0.5 + random.nextDouble());
            double sigma = 0.05 + random.nextDouble() * 2.5;
            double tau = (1 + random.nextInt(720)) / 365.0;
            double price = Black76.value(right, forward, strike, sigma, tau);
            double vega = Black76.greeks(right, forward, strike, sigma, tau).vega() * 100;
            if (price - right.intrinsic(forward, strike) < 1e-6 * forward || vega < 1e-6 * forward) {
                continue; // the price carries no information on the volatility at double precision
            }
            double implied = ImpliedVolatility.of(right, price, forward, strike, tau);
            assertThat(Black76.value(right, forward, strike, implied, tau))
                    .as("price at the implied volatility")
                    .isCloseTo(price, within(1e-9 * forward));
            assertThat(implied)
                    .as("sigma of " + right + " F=" + forward + " K=" + strike + " tau=" + tau)
                    .isCloseTo(sigma, within(1e-6));
            checked++;
        }
        assertThat(checked).isGreaterThan(2_000);
    }

    @Test
    void shouldClampPricesOutsideTheModel() {
        assertThat(ImpliedVolatility.of(OptionRight.CALL, 0.0, 60_000, 65_000, 30 / 365.0))
                .isEqualTo(ImpliedVolatility.MIN);
        assertThat(ImpliedVolatility.of(OptionRight.CALL, 4_000, 70_000, 65_000, 30 / 365.0))
                .as("below intrinsic")
                .isEqualTo(ImpliedVolatility.MIN);
        assertThat(ImpliedVolatility.of(OptionRight.CALL, 60_000, 60_000, 65_000, 30 / 365.0))
                .as("the whole forward")
                .isEqualTo(ImpliedVolatility.MAX);
        assertThat(ImpliedVolatility.of(OptionRight.PUT, 100, 60_000, 65_000, -1.0))
                .as("expired")
                .isEqualTo(ImpliedVolatility.MIN);
        assertThatThrownBy(() -> ImpliedVolatility.of(OptionRight.PUT, -1, 60_000, 65_000, 0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
