package io.concordia.margin;

import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.TierParameters;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately plain implementation of docs/margin-model.md §4 steps 1-8 (straightforward loops, a full sort of the
 * loss vector, BigDecimal floors computed band by band), used only to check the optimised calculators.
 */
public final class NaiveMarginReference {

    public record Result(
            double var,
            double es,
            double imHist,
            double imStress,
            String bindingStress,
            double imFloor,
            double imSpread,
            BigDecimal im,
            BigDecimal mm) {}

    private NaiveMarginReference() {}

    public static Result requirement(List<Position> positions, Schedule schedule, ScenarioSet set, StressSet stress) {
        if (stress == null) {
            stress = StressSet.defaultFor(schedule);
        }
        int n = set.size();
        double[] loss = new double[n];
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            double notional = p.notional().doubleValue();
            double[] r = set.returnsOf(p.underlying());
            for (int s = 0; s < n; s++) {
                if (i == 0) {
                    loss[s] = -notional * r[s];
                } else {
                    loss[s] += -notional * r[s];
                }
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
        double worst = Double.NEGATIVE_INFINITY;
        String name = null;
        for (StressScenario sc : stress.scenarios()) {
            double l = 0;
            for (Position p : positions) {
                l += -p.notional().doubleValue() * sc.returnOf(p.underlying(), schedule.tierOf(p.underlying()));
            }
            if (l > worst) {
                worst = l;
                name = sc.name();
            }
        }
        double imStress = schedule.stressWeight().doubleValue() * Math.max(0, worst);
        Map<UnderlyingId, double[]> agg = new LinkedHashMap<>();
        for (Position p : positions) {
            double x = p.notional().doubleValue();
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
        for (Map.Entry<UnderlyingId, double[]> e : agg.entrySet()) {
            LiquidityTier tier = schedule.tierOf(e.getKey());
            TierParameters tp = schedule.tiers().get(tier);
            double a = Math.abs(e.getValue()[0]);
            double f = 0;
            double lo = 0;
            List<BigDecimal> edges = tp.table().edges();
            List<BigDecimal> rates = tp.table().rates();
            for (int j = 0; j < rates.size(); j++) {
                double hi = j < edges.size() ? edges.get(j).doubleValue() : Double.POSITIVE_INFINITY;
                f += rates.get(j).doubleValue() * Math.max(0, Math.min(a, hi) - lo);
                lo = hi;
            }
            floor += f;
            spread += tp.basis().doubleValue() * Math.min(e.getValue()[1], e.getValue()[2]);
        }
        double req = Math.max(Math.max(imHist, imStress), floor) + spread;
        BigDecimal im = new BigDecimal(Double.toString(req)).setScale(2, RoundingMode.CEILING);
        BigDecimal mm = schedule.mmRatio().multiply(im).setScale(2, RoundingMode.CEILING);
        return new Result(var, es, imHist, imStress, name, floor, spread, im, mm);
    }
}
