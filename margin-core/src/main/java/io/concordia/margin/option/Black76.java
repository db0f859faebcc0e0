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

    private Black76() {
    }

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
