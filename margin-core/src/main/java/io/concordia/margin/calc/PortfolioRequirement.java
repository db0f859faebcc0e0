package io.concordia.margin.calc;

import java.math.BigDecimal;
import java.util.List;

/**
 * Every component of one portfolio's requirement (docs/margin-model.md §4). Doubles
 * are USD, unrounded; {@code im} and {@code mm} are rounded up to cents.
 *
 * @param var {@code VaR = L(k)}
 * @param es {@code ES = (L(1) + ... + L(k)) / k}
 * @param imHist {@code max(0, ES)}
 * @param imStress {@code w_stress * max(0, max_psi L[psi])}
 * @param bindingStress name of the stress scenario with the largest loss
 * @param imFloor {@code sum_u floor_u}
 * @param imSpread {@code sum_u beta * O_u}
 * @param binding which of HIST, STRESS, FLOOR sets {@code max(IM_market, IM_floor)}
 * @param underlyings floor and spread per underlying, in order of first appearance
 * @param contributions each position's contribution to ES, in position order
 * @param scenarioCount {@code N}
 * @param tailCount {@code k}
 * @param im {@code ceil_cents(max(IM_market, IM_floor) + IM_spread)}
 * @param mm {@code ceil_cents(mm_ratio * IM)}
 */
public record PortfolioRequirement(double var, double es, double imHist, double imStress, String bindingStress,
                                   double imFloor, double imSpread, Binding binding,
                                   List<UnderlyingCharge> underlyings, List<PositionContribution> contributions,
                                   int scenarioCount, int tailCount, BigDecimal im, BigDecimal mm) {

    /** Copies the lists. */
    public PortfolioRequirement {
        underlyings = List.copyOf(underlyings);
        contributions = List.copyOf(contributions);
    }
}
