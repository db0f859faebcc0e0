package io.concordia.settlement.calc;

import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.WaterfallInput;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Allocates a default loss over the waterfall (docs/architecture.md, "Data flow" 5). Stateless, exact
 * {@code BigDecimal} at the currency scale.
 *
 * <p>With {@code R} the loss left when a layer is reached (initially the loss, rounded
 * {@link RoundingMode#CEILING}), each layer uses {@code min(R, capacity)}, in order:
 * <ol>
 *   <li>{@link WaterfallLayer#DEFAULTER_MARGIN}: capacity = the defaulter's margin collateral value;</li>
 *   <li>{@link WaterfallLayer#DEFAULTER_CONTRIBUTION}: the defaulter's default-fund contribution;</li>
 *   <li>{@link WaterfallLayer#SKIN_IN_THE_GAME}: the CCP's own capital;</li>
 *   <li>{@link WaterfallLayer#MUTUAL_FUND}: {@code sum c_i} over surviving members; member {@code i} bears
 *       {@code used * c_i / sum c} by largest remainder ({@link Allocation#proRata});</li>
 *   <li>{@link WaterfallLayer#ASSESSMENTS}: member cap {@code a_i = FLOOR(multiple * c_i)}, capacity
 *       {@code sum a_i}; member {@code i} bears {@code used * a_i / sum a} by largest remainder (pro rata to the
 *       cap, hence to the contribution up to the cap's floor).</li>
 * </ol>
 * Whatever is left is {@code uncovered}. Shares sum exactly to their layer's use and never exceed a member's
 * contribution (mutual fund) or cap (assessments): a largest-remainder share exceeds its floor by at most one unit
 * of the last place, and only when its exact share is strictly below a capacity that lies on the scale's grid.
 */
public final class WaterfallCalculator {

    /** The shared stateless instance. */
    public static final WaterfallCalculator DEFAULT = new WaterfallCalculator();

    private WaterfallCalculator() {}

    /**
     * Runs the waterfall.
     *
     * @param input the loss and the resources
     * @return every layer's use and shares, the uncovered remainder
     * @throws IllegalArgumentException if {@code input} is null
     */
    public WaterfallResult allocate(WaterfallInput input) {
        Checks.notNull(input, "input");
        int scale = input.scale();
        BigDecimal zero = BigDecimal.ZERO.setScale(scale);
        BigDecimal left = input.loss();
        List<LayerUse> layers = new ArrayList<>(WaterfallLayer.values().length);

        BigDecimal used = left.min(input.defaulterMargin());
        layers.add(new LayerUse(
                WaterfallLayer.DEFAULTER_MARGIN, input.defaulterMargin(), used, Map.of(input.defaulter(), used)));
        left = left.subtract(used);

        used = left.min(input.defaulterContribution());
        layers.add(new LayerUse(
                WaterfallLayer.DEFAULTER_CONTRIBUTION,
                input.defaulterContribution(),
                used,
                Map.of(input.defaulter(), used)));
        left = left.subtract(used);

        used = left.min(input.skinInTheGame());
        layers.add(new LayerUse(WaterfallLayer.SKIN_IN_THE_GAME, input.skinInTheGame(), used, Map.of()));
        left = left.subtract(used);

        Map<MemberCode, BigDecimal> contributions = input.contributions();
        BigDecimal fund = sum(contributions, zero);
        used = left.min(fund);
        Map<MemberCode, BigDecimal> fundShares = Allocation.proRata(used, contributions, scale);
        layers.add(new LayerUse(WaterfallLayer.MUTUAL_FUND, fund, used, fundShares));
        left = left.subtract(used);

        Map<MemberCode, BigDecimal> caps = new TreeMap<>();
        contributions.forEach(
                (m, c) -> caps.put(m, c.multiply(input.assessmentMultiple()).setScale(scale, RoundingMode.FLOOR)));
        BigDecimal assessable = sum(caps, zero);
        used = left.min(assessable);
        Map<MemberCode, BigDecimal> assessments = Allocation.proRata(used, caps, scale);
        layers.add(new LayerUse(WaterfallLayer.ASSESSMENTS, assessable, used, assessments));
        left = left.subtract(used);

        Map<MemberCode, BigDecimal> charges = new TreeMap<>();
        fundShares.forEach((m, s) -> charges.put(m, s.add(assessments.get(m))));
        return new WaterfallResult(
                input.currency(),
                scale,
                input.defaulter(),
                input.loss(),
                layers,
                input.loss().subtract(left),
                left,
                charges);
    }

    private static BigDecimal sum(Map<MemberCode, BigDecimal> values, BigDecimal zero) {
        BigDecimal s = zero;
        for (BigDecimal v : values.values()) {
            s = s.add(v);
        }
        return s;
    }
}
