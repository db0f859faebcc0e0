package io.concordia.margin.calc;

import io.concordia.margin.model.Position;
import java.util.ArrayList;
import java.util.List;

/** Turns the evaluator's primitive figures into a {@link PortfolioRequirement} with per-underlying and per-position detail. */
final class Requirements {

    private Requirements() {}

    /** The charge of every underlying the evaluator's last portfolio touched. */
    static List<UnderlyingCharge> charges(PortfolioEvaluator ev) {
        MarginContext ctx = ev.context();
        List<UnderlyingCharge> charges = new ArrayList<>();
        int[] touched = ev.touchedRows();
        for (int i = 0; i < ev.touchedCount(); i++) {
            int r = touched[i];
            charges.add(new UnderlyingCharge(
                    ctx.underlyingOf(r),
                    ctx.tierOf(r),
                    ev.netOf(r),
                    ev.floorOf(r),
                    ev.grossLongOf(r),
                    ev.grossShortOf(r),
                    ev.spreadOf(r)));
        }
        return charges;
    }

    static PortfolioRequirement detail(
            PortfolioEvaluator ev, RiskFigures f, List<Position> positions, int[] rows, double[] notionals, int from) {
        MarginContext ctx = ev.context();
        List<UnderlyingCharge> charges = charges(ev);
        int k = ctx.tailCount();
        int[] tail = ev.tailIndices();
        List<PositionContribution> contributions = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            double[] row = ctx.scenarios().row(rows[from + i]);
            double c = -notionals[from + i];
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                sum += c * row[tail[j]];
            }
            Position p = positions.get(i);
            contributions.add(new PositionContribution(p.product().id(), p.underlying(), notionals[from + i], sum / k));
        }
        String bindingStress = ctx.stressName(f.bindingStress());
        return new PortfolioRequirement(
                f.var(),
                f.es(),
                f.imHist(),
                f.imStress(),
                bindingStress,
                f.imFloor(),
                f.imSpread(),
                f.binding(),
                charges,
                contributions,
                ctx.scenarioCount(),
                k,
                Money.ofCents(f.imCents()),
                Money.ofCents(f.mmCents()));
    }
}
