package io.concordia.margin;

import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionTerms;
import io.concordia.margin.model.OptionTierParameters;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.TierParameters;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately plain implementation of docs/margin-model.md §8 (options) on top of §4, used only to check the
 * optimised calculators and to compute the expected figures of the worked option examples: its own normal
 * distribution (Marsaglia's Taylor series and Laplace's continued fraction, not Cody's erfc), its own Black-76, every
 * position revalued in every scenario with no sharing, the stress set built scenario by scenario, a full sort of the
 * loss vector.
 */
public final class NaiveOptionReference {

    public record Result(
            double var,
            double es,
            double imHist,
            double imStress,
            String bindingStress,
            double imFloor,
            double imSpread,
            double imShortOption,
            String binding,
            double netDeltaNotional,
            BigDecimal im,
            BigDecimal mm) {}

    private NaiveOptionReference() {}

    /** N(x): Marsaglia's series {@code 1/2 + phi(x) (x + x^3/3 + x^5/15 + ...)} for |x| <= 5, Laplace's continued fraction beyond. */
    public static double normalCdf(double x) {
        if (Double.isInfinite(x)) {
            return x > 0 ? 1.0 : 0.0;
        }
        double density = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
        if (Math.abs(x) <= 5) {
            double term = x;
            double sum = x;
            for (int i = 3; Math.abs(term) > 1e-30 * Math.abs(sum); i += 2) {
                term = term * x * x / i;
                sum += term;
            }
            return 0.5 + density * sum;
        }
        double y = Math.abs(x);
        double fraction = y;
        for (int i = 300; i >= 1; i--) {
            fraction = y + i / fraction;
        }
        double tail = density / fraction;
        return x < 0 ? tail : 1.0 - tail;
    }

    public static double black76(boolean call, double f, double k, double sigma, double tau) {
        if (tau <= 0 || sigma * Math.sqrt(tau) < 1e-12) {
            return call ? Math.max(f - k, 0) : Math.max(k - f, 0);
        }
        double sd = sigma * Math.sqrt(tau);
        double d1 = (Math.log(f / k) + sd * sd / 2) / sd;
        double d2 = d1 - sd;
        return call ? f * normalCdf(d1) - k * normalCdf(d2) : k * normalCdf(-d2) - f * normalCdf(-d1);
    }

    public static double black76Delta(boolean call, double f, double k, double sigma, double tau) {
        if (tau <= 0 || sigma * Math.sqrt(tau) < 1e-12) {
            if (f == k) {
                return call ? 0.5 : -0.5;
            }
            return call ? (f > k ? 1 : 0) : (f < k ? -1 : 0);
        }
        double sd = sigma * Math.sqrt(tau);
        double d1 = (Math.log(f / k) + sd * sd / 2) / sd;
        return call ? normalCdf(d1) : normalCdf(d1) - 1;
    }

    public static double yearsToExpiry(OptionMarket market, OptionTerms terms) {
        return Duration.between(market.valuationTime(), terms.expiry()).getSeconds() / (365.0 * 86400);
    }

    /** A position's P&L for an underlying return and volatility multiplier over the set's horizon. */
    public static double pnl(Position p, OptionMarket market, int horizonDays, double r, double volMultiplier) {
        if (!p.product().isOption()) {
            return p.notional().doubleValue() * r;
        }
        OptionTerms t = p.product().option();
        boolean call = t.right() == io.concordia.margin.model.OptionRight.CALL;
        double f = market.forwardOf(p.underlying()).doubleValue();
        double k = t.strike().doubleValue();
        double sigma = p.iv().doubleValue();
        double tau = yearsToExpiry(market, t);
        double after = black76(call, f * (1 + r), k, sigma * volMultiplier, Math.max(0, tau - horizonDays / 365.0));
        return p.quantity().doubleValue() * (after - black76(call, f, k, sigma, tau));
    }

    public static double spotVolMultiplier(OptionTierParameters o, double r) {
        double m = 1 - o.spotVolBeta().doubleValue() * r;
        return Math.max(1 - o.volDown().doubleValue(), Math.min(1 + o.volUp().doubleValue(), m));
    }

    public static Result requirement(
            List<Position> positions, OptionMarket market, Schedule schedule, ScenarioSet set, StressSet stress) {
        int n = set.size();
        double[] loss = new double[n];
        for (Position p : positions) {
            OptionTierParameters o = schedule.optionParametersOf(schedule.tierOf(p.underlying()));
            double[] r = set.returnsOf(p.underlying());
            for (int s = 0; s < n; s++) {
                loss[s] -= pnl(p, market, set.horizonDays(), r[s], spotVolMultiplier(o, r[s]));
            }
        }
        double[] sorted = loss.clone();
        Arrays.sort(sorted);
        int k = BigDecimal.valueOf(n)
                .multiply(BigDecimal.ONE.subtract(schedule.confidence()))
                .setScale(0, RoundingMode.CEILING)
                .intValueExact();
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += sorted[n - 1 - i];
        }
        double es = sum / k;
        double var = sorted[n - k];
        double imHist = Math.max(0, es);

        List<String> names = new ArrayList<>();
        List<double[]> stressLosses = new ArrayList<>();
        if (stress == null) {
            for (String name : List.of("ALL-DOWN", "ALL-UP", "VOL-UP", "VOL-DOWN")) {
                double l = 0;
                for (Position p : positions) {
                    LiquidityTier tier = schedule.tierOf(p.underlying());
                    double shock = schedule.tiers().get(tier).stressShock().doubleValue();
                    OptionTierParameters o = schedule.optionParametersOf(tier);
                    double up = 1 + o.volUp().doubleValue();
                    double down = 1 - o.volDown().doubleValue();
                    double r = name.equals("ALL-DOWN") ? -shock : name.equals("ALL-UP") ? shock : 0;
                    double vm = name.equals("ALL-DOWN") || name.equals("VOL-UP") ? up : down;
                    l -= pnl(p, market, set.horizonDays(), r, vm);
                }
                names.add(name);
                stressLosses.add(new double[] {l});
            }
        } else {
            for (StressScenario sc : stress.scenarios()) {
                double l = 0;
                for (Position p : positions) {
                    LiquidityTier tier = schedule.tierOf(p.underlying());
                    double r = sc.returnOf(p.underlying(), tier);
                    Double shift = sc.volShifts().containsKey(p.underlying())
                            ? sc.volShifts().get(p.underlying())
                            : sc.tierVolShifts().get(tier);
                    double vm = shift != null ? 1 + shift : spotVolMultiplier(schedule.optionParametersOf(tier), r);
                    l -= pnl(p, market, set.horizonDays(), r, vm);
                }
                names.add(sc.name());
                stressLosses.add(new double[] {l});
            }
        }
        double worst = Double.NEGATIVE_INFINITY;
        String bindingStress = null;
        for (int i = 0; i < names.size(); i++) {
            if (stressLosses.get(i)[0] > worst) {
                worst = stressLosses.get(i)[0];
                bindingStress = names.get(i);
            }
        }
        double imStress = schedule.stressWeight().doubleValue() * Math.max(0, worst);

        Map<UnderlyingId, double[]> agg = new LinkedHashMap<>();
        double som = 0;
        for (Position p : positions) {
            double x;
            if (p.product().isOption()) {
                OptionTerms t = p.product().option();
                double f = market.forwardOf(p.underlying()).doubleValue();
                double q = p.quantity().doubleValue();
                x = q
                        * f
                        * black76Delta(
                                t.right() == io.concordia.margin.model.OptionRight.CALL,
                                f,
                                t.strike().doubleValue(),
                                p.iv().doubleValue(),
                                yearsToExpiry(market, t));
                if (q < 0) {
                    som += -q
                            * f
                            * schedule.optionParametersOf(schedule.tierOf(p.underlying()))
                                    .shortOptionMinimum()
                                    .doubleValue();
                }
            } else {
                x = p.notional().doubleValue();
            }
            double[] a = agg.computeIfAbsent(p.underlying(), u -> new double[3]);
            a[0] += x;
            if (x > 0) {
                a[1] += x;
            } else if (x < 0) {
                a[2] += -x;
            }
        }
        double floor = 0;
        double spread = 0;
        double net = 0;
        for (Map.Entry<UnderlyingId, double[]> e : agg.entrySet()) {
            TierParameters tp = schedule.tiers().get(schedule.tierOf(e.getKey()));
            double a = Math.abs(e.getValue()[0]);
            net += e.getValue()[0];
            double lo = 0;
            List<BigDecimal> edges = tp.table().edges();
            List<BigDecimal> rates = tp.table().rates();
            for (int j = 0; j < rates.size(); j++) {
                double hi = j < edges.size() ? edges.get(j).doubleValue() : Double.POSITIVE_INFINITY;
                floor += rates.get(j).doubleValue() * Math.max(0, Math.min(a, hi) - lo);
                lo = hi;
            }
            spread += tp.basis().doubleValue() * Math.min(e.getValue()[1], e.getValue()[2]);
        }
        double market2 = Math.max(imHist, imStress);
        String binding = som > Math.max(market2, floor)
                ? "SHORT_OPTION_MINIMUM"
                : floor > market2 ? "FLOOR" : imStress > imHist ? "STRESS" : "HIST";
        double req = Math.max(Math.max(market2, floor), som) + spread;
        BigDecimal im = new BigDecimal(Double.toString(req)).setScale(2, RoundingMode.CEILING);
        BigDecimal mm = schedule.mmRatio().multiply(im).setScale(2, RoundingMode.CEILING);
        return new Result(var, es, imHist, imStress, bindingStress, floor, spread, som, binding, net, im, mm);
    }
}
