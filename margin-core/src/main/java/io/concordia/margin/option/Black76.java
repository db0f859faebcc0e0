package io.concordia.margin.option;

import io.concordia.margin.model.OptionRight;
import java.time.Duration;
import java.time.Instant;

/**
 * Black-76 with zero rates (docs/margin-model.md §8.3): futures-style options are not discounted.
 * {@code d1 = (ln(F/K) + sigma^2 tau / 2) / (sigma sqrt(tau))}, {@code d2 = d1 - sigma sqrt(tau)}; a call is worth
 * {@code F N(d1) - K N(d2)}, a put {@code K N(-d2) - F N(-d1)}. At expiry ({@code tau <= 0}) or when
 * {@code sigma sqrt(tau) < 1e-12} the value is the intrinsic value.
 */
public final class Black76 {

    /** Seconds in the model's year of 365 days. */
    public static final double SECONDS_PER_YEAR = 365.0 * 86400.0;
    /** Below this total volatility {@code sigma sqrt(tau)} the value is the intrinsic value. */
    public static final double MIN_TOTAL_VOLATILITY = 1e-12;
    /** Below this {@code |d1|}, {@code exp(-d1^2 / 2)} is a normal double (above 1e-297). */
    private static final double SHARED_GAUSSIAN_LIMIT = 37.0;

    private Black76() {}

    /**
     * Time to expiry {@code tau = (T - t) / (365 * 86400 s)}, years; negative after expiry.
     *
     * @param valuationTime {@code t}
     * @param expiry {@code T}
     * @return {@code tau}
     */
    public static double yearsToExpiry(Instant valuationTime, Instant expiry) {
        Duration d = Duration.between(valuationTime, expiry);
        return (d.getSeconds() + d.getNano() * 1e-9) / SECONDS_PER_YEAR;
    }

    /**
     * The model value per unit long.
     *
     * @param right call or put
     * @param forward {@code F > 0}
     * @param strike {@code K > 0}
     * @param sigma implied volatility, annualised, {@code >= 0}
     * @param tau years to expiry
     * @return {@code V}, USD per unit
     */
    public static double value(OptionRight right, double forward, double strike, double sigma, double tau) {
        double total = tau > 0.0 ? sigma * Math.sqrt(tau) : 0.0;
        if (total < MIN_TOTAL_VOLATILITY) {
            return right.intrinsic(forward, strike);
        }
        double d1 = (Math.log(forward / strike) + 0.5 * total * total) / total;
        double d2 = d1 - total;
        if (right == OptionRight.CALL) {
            return forward * NormalDistribution.cdf(d1) - strike * NormalDistribution.cdf(d2);
        }
        return strike * NormalDistribution.cdf(-d2) - forward * NormalDistribution.cdf(-d1);
    }

    /**
     * The values of one option under many scenarios (docs/margin-model.md §8.4): for each {@code s},
     * {@code V(F (1 + R_s), K, sigma m_s, tau)}, equal to {@link #value} to about 1e-15 relative (the tests hold it
     * to 1e-9). This is the inner loop of a margin run with options, so what does not change with the scenario is
     * computed once: {@code sqrt(tau)}, {@code ln(F / K)}. The caller gives {@code ln(1 + R_s)}, which depends on the
     * underlying only and is shared by all its options, so {@code ln(F_s / K) = ln(F / K) + ln(1 + R_s)} needs no
     * logarithm here. Of the two Gaussian factors {@code exp(-d^2 / 2)} of {@code N(d1)} and {@code N(d2)} only the
     * first is an {@code exp}: since {@code d1^2 - d2^2 = 2 ln(F_s / K)}, the second is the first times
     * {@code F_s / K}. One {@code exp} per scenario instead of the scalar path's one {@code log} and four
     * {@code exp}.
     *
     * @param right call or put
     * @param forward {@code F > 0}
     * @param strike {@code K > 0}
     * @param sigma implied volatility, annualised, {@code >= 0}
     * @param tau years to expiry, the same under every scenario
     * @param returns {@code R_s >= -1}
     * @param logGrowth {@code ln(1 + R_s)}, computed as {@code Math.log(1.0 + R_s)}
     * @param volMultipliers {@code m_s >= 0}, the factor of {@code sigma} under scenario {@code s}
     * @param count how many scenarios, from index 0
     * @param dest receives {@code V_s}, USD per unit
     */
    public static void values(
            OptionRight right,
            double forward,
            double strike,
            double sigma,
            double tau,
            double[] returns,
            double[] logGrowth,
            double[] volMultipliers,
            int count,
            double[] dest) {
        if (!(tau > 0.0)) {
            for (int s = 0; s < count; s++) {
                dest[s] = right.intrinsic(forward * (1.0 + returns[s]), strike);
            }
            return;
        }
        double sqrtTau = Math.sqrt(tau);
        double logMoneyness = Math.log(forward / strike);
        boolean call = right == OptionRight.CALL;
        for (int s = 0; s < count; s++) {
            double fs = forward * (1.0 + returns[s]);
            double total = sigma * volMultipliers[s] * sqrtTau;
            if (total < MIN_TOTAL_VOLATILITY) {
                dest[s] = right.intrinsic(fs, strike);
                continue;
            }
            double d1 = (logMoneyness + logGrowth[s] + 0.5 * total * total) / total;
            double d2 = d1 - total;
            double g1 = NormalDistribution.gaussian(d1);
            // beyond SHARED_GAUSSIAN_LIMIT the first factor is subnormal or zero and would lose the second
            double g2 = Math.abs(d1) < SHARED_GAUSSIAN_LIMIT ? g1 * (fs / strike) : NormalDistribution.gaussian(d2);
            if (call) {
                dest[s] = fs * NormalDistribution.cdfWithGaussian(d1, g1)
                        - strike * NormalDistribution.cdfWithGaussian(d2, g2);
            } else {
                dest[s] = strike * NormalDistribution.cdfWithGaussian(-d2, g2)
                        - fs * NormalDistribution.cdfWithGaussian(-d1, g1);
            }
        }
    }

    /**
     * The value and Greeks per unit long: delta {@code N(d1)} (call) or {@code N(d1) - 1} (put), gamma
     * {@code phi(d1) / (F sigma sqrt(tau))}, vega {@code F phi(d1) sqrt(tau) / 100}, theta
     * {@code -F phi(d1) sigma / (2 sqrt(tau)) / 365}. At expiry (or below the minimum total volatility) delta is
     * 1 for a call with {@code F > K}, -1 for a put with {@code F < K}, 0.5 or -0.5 at the money and 0 otherwise;
     * the other Greeks are 0.
     *
     * @param right call or put
     * @param forward {@code F > 0}
     * @param strike {@code K > 0}
     * @param sigma implied volatility, {@code >= 0}
     * @param tau years to expiry
     * @return the value and Greeks
     */
    public static Greeks greeks(OptionRight right, double forward, double strike, double sigma, double tau) {
        double total = tau > 0.0 ? sigma * Math.sqrt(tau) : 0.0;
        if (total < MIN_TOTAL_VOLATILITY) {
            double delta;
            if (forward == strike) {
                delta = right == OptionRight.CALL ? 0.5 : -0.5;
            } else if (right == OptionRight.CALL) {
                delta = forward > strike ? 1.0 : 0.0;
            } else {
                delta = forward < strike ? -1.0 : 0.0;
            }
            return new Greeks(right.intrinsic(forward, strike), delta, 0.0, 0.0, 0.0);
        }
        double sqrtTau = Math.sqrt(tau);
        double d1 = (Math.log(forward / strike) + 0.5 * total * total) / total;
        double d2 = d1 - total;
        double density = NormalDistribution.pdf(d1);
        double value;
        double delta;
        if (right == OptionRight.CALL) {
            value = forward * NormalDistribution.cdf(d1) - strike * NormalDistribution.cdf(d2);
            delta = NormalDistribution.cdf(d1);
        } else {
            value = strike * NormalDistribution.cdf(-d2) - forward * NormalDistribution.cdf(-d1);
            delta = NormalDistribution.cdf(d1) - 1.0;
        }
        double gamma = density / (forward * total);
        double vega = forward * density * sqrtTau / 100.0;
        double theta = -forward * density * sigma / (2.0 * sqrtTau) / 365.0;
        return new Greeks(value, delta, gamma, vega, theta);
    }
}
