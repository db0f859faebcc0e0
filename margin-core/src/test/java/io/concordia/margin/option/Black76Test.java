package io.concordia.margin.option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.model.OptionRight;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Black-76 with zero rates: the worked values of docs/margin-model.md §8.3, parity, limits and Greeks as finite differences. */
class Black76Test {

    private static final double TAU_30D = 30.0 / 365.0;

    @Test
    void shouldGiveTheWorkedValues() {
        Greeks call = Black76.greeks(OptionRight.CALL, 60000, 65000, 0.60, TAU_30D);
        Greeks put = Black76.greeks(OptionRight.PUT, 60000, 65000, 0.60, TAU_30D);

        assertThat(call.value()).isCloseTo(2237.8681554, within(5e-8));
        assertThat(put.value()).isCloseTo(7237.8681554, within(5e-8));
        assertThat(call.delta()).isCloseTo(0.3522260125, within(5e-11));
        assertThat(put.delta()).isCloseTo(0.3522260125 - 1, within(5e-11));
        assertThat(call.gamma()).isCloseTo(3.5970777e-05, within(5e-13));
        assertThat(call.vega()).isCloseTo(63.8604486, within(5e-8));
        assertThat(call.theta()).isCloseTo(-63.8604486, within(5e-8));
        assertThat(Black76.value(OptionRight.CALL, 60000, 65000, 0.60, TAU_30D)).isEqualTo(call.value());
    }

    @Test
    void shouldGiveTheWorkedScenarioPnl() {
        double base = Black76.value(OptionRight.CALL, 60000, 65000, 0.60, TAU_30D);
        double shocked = Black76.value(OptionRight.CALL, 54000, 65000, 0.60 * 1.15, TAU_30D - 2.0 / 365);

        assertThat(shocked - base).isCloseTo(-1242.5360890, within(5e-7));
    }

    @Test
    void shouldMeasureTimeToExpiryInYearsOf365Days() {
        Instant t = Instant.parse("2026-12-01T08:00:00Z");

        assertThat(Black76.yearsToExpiry(t, Instant.parse("2026-12-31T08:00:00Z")))
                .isEqualTo(TAU_30D);
        assertThat(Black76.yearsToExpiry(t, Instant.parse("2026-12-01T07:00:00Z")))
                .isEqualTo(-3600.0 / Black76.SECONDS_PER_YEAR);
    }

    @Test
    void shouldBeIntrinsicAtExpiryWithStepDelta() {
        assertThat(Black76.greeks(OptionRight.CALL, 70000, 65000, 0.6, 0)).isEqualTo(new Greeks(5000, 1, 0, 0, 0));
        assertThat(Black76.greeks(OptionRight.CALL, 60000, 65000, 0.6, -1)).isEqualTo(new Greeks(0, 0, 0, 0, 0));
        assertThat(Black76.greeks(OptionRight.PUT, 60000, 65000, 0.6, 0)).isEqualTo(new Greeks(5000, -1, 0, 0, 0));
        assertThat(Black76.greeks(OptionRight.PUT, 70000, 65000, 0.6, 0)).isEqualTo(new Greeks(0, 0, 0, 0, 0));
        assertThat(Black76.greeks(OptionRight.CALL, 65000, 65000, 0.6, 0).delta())
                .isEqualTo(0.5);
        assertThat(Black76.greeks(OptionRight.PUT, 65000, 65000, 0.6, 0).delta())
                .isEqualTo(-0.5);
        assertThat(Black76.value(OptionRight.CALL, 70000, 65000, 1e-13, 1.0)).isEqualTo(5000);
        assertThat(Black76.value(OptionRight.PUT, 60000, 65000, 0.0, 0.5)).isEqualTo(5000);
    }

    @Test
    void shouldHoldPutCallParityAndBoundsOverSeededInputs() {
        SplittableRandom rnd = new SplittableRandom(76L);
        for (int i = 0; i < 5_000; i++) {
            double f = rnd.nextDouble(100, 100_000);
            double k = f * rnd.nextDouble(0.3, 3);
            double sigma = rnd.nextDouble(0.05, 3);
            double tau = rnd.nextDouble(0, 2);
            double c = Black76.value(OptionRight.CALL, f, k, sigma, tau);
            double p = Black76.value(OptionRight.PUT, f, k, sigma, tau);

            assertThat(c - p).as("parity at F=%s K=%s", f, k).isCloseTo(f - k, within(1e-9 * Math.max(f, k)));
            assertThat(c).isBetween(Math.max(f - k, 0) - 1e-9 * f, f);
            assertThat(p).isBetween(Math.max(k - f, 0) - 1e-9 * k, k);
        }
    }

    @Test
    void greeksShouldEqualFiniteDifferencesOfTheValueOverSeededInputs() {
        SplittableRandom rnd = new SplittableRandom(2026L);
        for (int i = 0; i < 2_000; i++) {
            OptionRight right = rnd.nextBoolean() ? OptionRight.CALL : OptionRight.PUT;
            double f = rnd.nextDouble(1_000, 100_000);
            double k = f * rnd.nextDouble(0.6, 1.6);
            double sigma = rnd.nextDouble(0.1, 1.5);
            double tau = rnd.nextDouble(2.0 / 365, 1.5);
            Greeks g = Black76.greeks(right, f, k, sigma, tau);
            double hf = 1e-3 * f * sigma * Math.sqrt(tau);
            double up = Black76.value(right, f + hf, k, sigma, tau);
            double mid = Black76.value(right, f, k, sigma, tau);
            double down = Black76.value(right, f - hf, k, sigma, tau);
            double hs = 1e-5;
            double ht = 1e-6;
            String what = right + " F=" + f + " K=" + k + " sigma=" + sigma + " tau=" + tau;

            assertThat(g.value()).as(what).isEqualTo(mid);
            double hd = 1e-4 * f * sigma * Math.sqrt(tau);
            double dVdF = (Black76.value(right, f + hd, k, sigma, tau) - Black76.value(right, f - hd, k, sigma, tau))
                    / (2 * hd);
            assertThat(g.delta()).as(what).isCloseTo(dVdF, within(1e-8));
            assertThat(g.gamma())
                    .as(what)
                    .isCloseTo(
                            (up - 2 * mid + down) / (hf * hf),
                            within(1e-5 * g.gamma() + 8 * Math.ulp(Math.max(mid, f)) / (hf * hf)));
            double dVdSigma =
                    (Black76.value(right, f, k, sigma + hs, tau) - Black76.value(right, f, k, sigma - hs, tau))
                            / (2 * hs);
            assertThat(g.vega()).as(what).isCloseTo(dVdSigma / 100, within(1e-6 * Math.abs(g.vega()) + 1e-7));
            double dVdTau = (Black76.value(right, f, k, sigma, tau + ht) - Black76.value(right, f, k, sigma, tau - ht))
                    / (2 * ht);
            assertThat(g.theta()).as(what).isCloseTo(-dVdTau / 365, within(1e-5 * Math.abs(g.theta()) + 1e-6));
        }
    }
}
