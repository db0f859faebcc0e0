package io.concordia.clearing.margin;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A SYNTHETIC daily price history for the embedded demo, clearly labelled as such wherever it is used: fat-tailed
 * (Student-t with 3 degrees of freedom) returns with GARCH(1,1) volatility clustering at crypto-like levels (about
 * 3.5% a day for BTC and ETH, 5% for the others). Deterministic for a seed. Real uploads replace it.
 */
public final class SyntheticHistory {

    private static final int DEGREES_OF_FREEDOM = 3;

    private SyntheticHistory() {}

    /**
     * Closes for {@code days} consecutive days ending at {@code lastDay}, as the CSV a scenario-set upload takes.
     *
     * @param underlyings the underlyings, each gets its own series
     * @param lastDay the last date
     * @param days number of days, {@code >= 3}
     * @param seed the random seed
     * @return CSV text {@code date,underlying,close}
     */
    public static String csv(List<String> underlyings, LocalDate lastDay, int days, long seed) {
        StringBuilder out = new StringBuilder("date,underlying,close\n");
        for (String u : underlyings) {
            SplittableRandom random = new SplittableRandom(seed ^ u.hashCode() * 0x9E3779B97F4A7C15L);
            double longRunVol = u.equals("BTC") || u.equals("ETH") ? 0.035 : 0.05;
            double omega = longRunVol * longRunVol * 0.05;
            double variance = longRunVol * longRunVol;
            double price = 100.0;
            double previousReturn = 0;
            for (int d = 0; d < days; d++) {
                if (d > 0) {
                    variance = omega + 0.10 * previousReturn * previousReturn + 0.85 * variance;
                    // the tail is cut at MAX_SHOCK: a draw far beyond it would look to the model's input checks like
                    // a bad print (a jump of ten deviations that reverses), and the demo history would be refused
                    double shock = Math.max(-MAX_SHOCK, Math.min(MAX_SHOCK, studentT(random)));
                    previousReturn = Math.sqrt(variance) * shock;
                    price *= Math.exp(previousReturn);
                }
                out.append(lastDay.minusDays(days - 1 - d))
                        .append(',')
                        .append(u)
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.8f", price))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** The largest daily shock, in conditional standard deviations. */
    static final double MAX_SHOCK = 5.0;

    /** A Student-t draw scaled to unit variance. */
    private static double studentT(SplittableRandom random) {
        double z = gaussian(random);
        double chi2 = 0;
        for (int i = 0; i < DEGREES_OF_FREEDOM; i++) {
            double g = gaussian(random);
            chi2 += g * g;
        }
        double t = z / Math.sqrt(chi2 / DEGREES_OF_FREEDOM);
        return t / Math.sqrt(DEGREES_OF_FREEDOM / (DEGREES_OF_FREEDOM - 2.0));
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
