package io.concordia.margin.option;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.margin.model.OptionRight;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The batch pricer {@link Black76#values} against the scalar {@link Black76#value}, option by option and scenario by
 * scenario, over seeded random inputs that reach deep in and out of the money, tiny and zero times to expiry, zero
 * volatility, returns of -100% and the far tails of {@code N}.
 */
class Black76BatchTest {

    private static final int OPTIONS = 4_000;
    private static final int SCENARIOS = 250;

    @Test
    void shouldEqualTheScalarValueTo1eMinus9RelativeOverSeededInputs() {
        SplittableRandom rnd = new SplittableRandom(2026_12_05L);
        double[] returns = new double[SCENARIOS];
        double[] logGrowth = new double[SCENARIOS];
        double[] multipliers = new double[SCENARIOS];
        double[] batch = new double[SCENARIOS];
        int compared = 0;
        int intrinsic = 0;
        int tails = 0;
        for (int o = 0; o < OPTIONS; o++) {
            OptionRight right = rnd.nextBoolean() ? OptionRight.CALL : OptionRight.PUT;
            double forward = Math.pow(10, -2 + 7 * rnd.nextDouble());
            // strikes from e^-4 to e^4 times the forward: deep in and out of the money on both rights
            double strike = forward * Math.exp(-4 + 8 * rnd.nextDouble());
            double sigma = 0.01 + 2.5 * rnd.nextDouble();
            double tau = randomTau(rnd);
            for (int s = 0; s < SCENARIOS; s++) {
                int kind = rnd.nextInt(50);
                returns[s] = kind == 0 ? -1.0 : kind == 1 ? 0.0 : -0.95 + 2.5 * rnd.nextDouble() * rnd.nextDouble();
                logGrowth[s] = Math.log(1.0 + returns[s]);
                multipliers[s] = kind == 2 ? 0.0 : 0.3 + 1.7 * rnd.nextDouble();
            }

            Black76.values(right, forward, strike, sigma, tau, returns, logGrowth, multipliers, SCENARIOS, batch);

            for (int s = 0; s < SCENARIOS; s++) {
                double fs = forward * (1.0 + returns[s]);
                double sigmaS = sigma * multipliers[s];
                double expected = Black76.value(right, fs, strike, sigmaS, tau);
                String what = right + " F=" + fs + " K=" + strike + " sigma=" + sigmaS + " tau=" + tau;
                assertThat(Math.abs(batch[s] - expected))
                        .as(what + ": batch " + batch[s] + ", scalar " + expected)
                        .isLessThanOrEqualTo(tolerance(right, expected, fs, strike, sigmaS, tau));
                compared++;
                if (tau <= 0 || sigmaS * Math.sqrt(tau) < Black76.MIN_TOTAL_VOLATILITY) {
                    intrinsic++;
                } else if (expected < 1e-6 * Math.min(fs, strike)) {
                    tails++;
                }
            }
        }
        assertThat(compared).isEqualTo(OPTIONS * SCENARIOS);
        assertThat(intrinsic).as("cases at expiry or without volatility").isGreaterThan(compared / 20);
        assertThat(tails).as("deep out-of-the-money cases").isGreaterThan(compared / 20);
    }

    @Test
    void shouldGiveTheWorkedScenarioValueOfTheModel() {
        double tau = 30.0 / 365;
        double[] values = new double[1];

        Black76.values(
                OptionRight.CALL,
                60000,
                65000,
                0.60,
                tau - 2.0 / 365,
                new double[] {-0.10},
                new double[] {Math.log(0.90)},
                new double[] {1.15},
                1,
                values);

        assertThat(values[0] - Black76.value(OptionRight.CALL, 60000, 65000, 0.60, tau))
                .isCloseTo(-1242.5360890, org.assertj.core.api.Assertions.within(5e-7));
    }

    /** At expiry, after it, a few seconds before it, or from a day to five years. */
    private static double randomTau(SplittableRandom rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> -rnd.nextDouble() / 365;
            case 2 -> Math.pow(10, -14 + 8 * rnd.nextDouble());
            default -> Math.pow(10, -2.6 + 3.3 * rnd.nextDouble());
        };
    }

    /**
     * 1e-9 relative; but a value far out of the money at tiny volatility is the small difference of its two terms
     * {@code F N(d1)} and {@code K N(d2)}, each of which the scalar formula itself computes only to about
     * {@code d^2} units in the last place (the rounding of {@code d} is amplified by {@code exp(-d^2 / 2)} in the
     * tail), so no comparison there can be finer than that, relative to the terms: below 1e-11 of them.
     */
    private static double tolerance(
            OptionRight right, double expected, double forward, double strike, double sigma, double tau) {
        double total = tau > 0 ? sigma * Math.sqrt(tau) : 0.0;
        double d1 = (Math.log(forward / strike) + 0.5 * total * total) / total;
        if (total < Black76.MIN_TOTAL_VOLATILITY || !Double.isFinite(d1)) {
            // the intrinsic value, or a forward of 0 (a return of -100%): no cancellation
            return 1e-9 * Math.abs(expected);
        }
        double d2 = d1 - total;
        double sign = right == OptionRight.CALL ? 1.0 : -1.0;
        double terms = forward * NormalDistribution.cdf(sign * d1) + strike * NormalDistribution.cdf(sign * d2);
        return Math.max(1e-9 * Math.abs(expected), 8 * Math.ulp(1.0) * (1 + d1 * d1) * terms);
    }
}
