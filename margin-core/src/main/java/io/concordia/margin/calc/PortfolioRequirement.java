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
 * @param imShortOption {@code IM_som}, the short option minimum (docs/margin-model.md §8.5); 0 without options
 * @param greeks net Greeks per underlying, in order of first appearance; empty for a portfolio without options
 * @param positionGreeks each position's Greeks, in position order; empty for a portfolio without options
 */
public record PortfolioRequirement(
        double var,
        double es,
        double imHist,
        double imStress,
        String bindingStress,
        double imFloor,
        double imSpread,
        Binding binding,
        List<UnderlyingCharge> underlyings,
        List<PositionContribution> contributions,
        int scenarioCount,
        int tailCount,
        BigDecimal im,
        BigDecimal mm,
        double imShortOption,
        List<UnderlyingGreeks> greeks,
        List<PositionGreeks> positionGreeks) {

    /** Copies the lists. */
    public PortfolioRequirement {
        underlyings = List.copyOf(underlyings);
        contributions = List.copyOf(contributions);
        greeks = List.copyOf(greeks);
        positionGreeks = List.copyOf(positionGreeks);
    }

    /** The requirement of a portfolio without options. */
    public PortfolioRequirement(
            double var,
            double es,
            double imHist,
            double imStress,
            String bindingStress,
            double imFloor,
            double imSpread,
            Binding binding,
            List<UnderlyingCharge> underlyings,
            List<PositionContribution> contributions,
            int scenarioCount,
            int tailCount,
            BigDecimal im,
            BigDecimal mm) {
        this(
                var,
                es,
                imHist,
                imStress,
                bindingStress,
                imFloor,
                imSpread,
                binding,
                underlyings,
                contributions,
                scenarioCount,
                tailCount,
                im,
                mm,
                0.0,
                List.of(),
                List.of());
    }

    /** @return whether the portfolio holds an option, so that the components of docs/margin-model.md §8 apply */
    public boolean hasOptions() {
        return !positionGreeks.isEmpty();
    }
}
