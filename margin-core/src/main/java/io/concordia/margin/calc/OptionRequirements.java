package io.concordia.margin.calc;

import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.option.Greeks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requirement of a portfolio that holds options (docs/margin-model.md §8): scenario and stress losses by full
 * revaluation (each distinct option priced once, positions adding {@code q} times its P&amp;L vectors), linear
 * positions as in version 1; the size floor and basis on delta-equivalent notionals; the short option minimum
 * {@code IM_som = sum over short options |q| F_u som_tier}; Greeks per position and per underlying.
 */
final class OptionRequirements {

    private OptionRequirements() {}

    static PortfolioRequirement of(List<Position> positions, OptionMarket market, PortfolioEvaluator ev) {
        return of(positions, OptionValuations.of(ev.context(), market), ev);
    }

    static PortfolioRequirement of(List<Position> positions, OptionValuations priced, PortfolioEvaluator ev) {
        MarginContext ctx = ev.context();
        if (priced.context() != ctx) {
            throw new IllegalArgumentException("the option valuations belong to another margin context");
        }
        int count = positions.size();
        int[] rows = new int[count];
        double[] notionals = new double[count];
        double[] quantities = new double[count];
        OptionValuation[] valuations = new OptionValuation[count];
        for (int i = 0; i < count; i++) {
            Position p = positions.get(i);
            rows[i] = ctx.rowOf(p.underlying());
            if (p.product().isOption()) {
                OptionValuation v = priced.of(p);
                double q = finite(
                        p.quantity().doubleValue(), "quantity of " + p.product().id(), p.quantity());
                valuations[i] = v;
                quantities[i] = q;
                notionals[i] = v.deltaNotional(q);
            } else {
                notionals[i] = MarginCalculator.notionalOf(p);
                quantities[i] = p.quantity().doubleValue();
            }
        }
        RiskFigures f = new RiskFigures();
        ev.evaluateWithOptions(rows, notionals, quantities, valuations, 0, count, f);
        return detail(ev, f, positions, rows, notionals, quantities, valuations);
    }

    private static double finite(double x, String what, Object exact) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(what + " must be finite, got: " + exact);
        }
        return x;
    }

    private static PortfolioRequirement detail(
            PortfolioEvaluator ev,
            RiskFigures f,
            List<Position> positions,
            int[] rows,
            double[] notionals,
            double[] quantities,
            OptionValuation[] valuations) {
        MarginContext ctx = ev.context();
        List<UnderlyingCharge> charges = Requirements.charges(ev);
        int k = ctx.tailCount();
        int[] tail = ev.tailIndices();
        List<PositionContribution> contributions = new ArrayList<>();
        List<PositionGreeks> positionGreeks = new ArrayList<>();
        Map<UnderlyingId, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < positions.size(); i++) {
            Position p = positions.get(i);
            OptionValuation v = valuations[i];
            double q = quantities[i];
            double sum = 0.0;
            if (v != null) {
                for (int j = 0; j < k; j++) {
                    sum += -q * v.scenarioPnl(tail[j]);
                }
            } else {
                double[] row = ctx.scenarios().row(rows[i]);
                for (int j = 0; j < k; j++) {
                    sum += -notionals[i] * row[tail[j]];
                }
            }
            contributions.add(new PositionContribution(p.product().id(), p.underlying(), notionals[i], sum / k));
            PositionGreeks g;
            if (v != null) {
                Greeks unit = v.greeks();
                Greeks pos = unit.times(q);
                g = new PositionGreeks(
                        p.product().id(),
                        p.underlying(),
                        pos.delta(),
                        pos.gamma(),
                        pos.vega(),
                        pos.theta(),
                        unit.value(),
                        p.iv());
            } else {
                g = new PositionGreeks(p.product().id(), p.underlying(), q, 0.0, 0.0, 0.0, null, null);
            }
            positionGreeks.add(g);
            double[] t = sums.computeIfAbsent(p.underlying(), u -> new double[5]);
            t[0] += g.delta();
            t[1] += g.gamma();
            t[2] += g.vega();
            t[3] += g.theta();
            t[4] += notionals[i];
        }
        List<UnderlyingGreeks> greeks = new ArrayList<>();
        sums.forEach((u, t) -> greeks.add(new UnderlyingGreeks(u, t[0], t[1], t[2], t[3], t[4])));
        return new PortfolioRequirement(
                f.var(),
                f.es(),
                f.imHist(),
                f.imStress(),
                ctx.optionStressName(f.bindingStress()),
                f.imFloor(),
                f.imSpread(),
                f.binding(),
                charges,
                contributions,
                ctx.scenarioCount(),
                k,
                Money.ofCents(f.imCents()),
                Money.ofCents(f.mmCents()),
                f.imShortOption(),
                greeks,
                positionGreeks);
    }
}
