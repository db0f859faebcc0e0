package io.concordia.settlement.calc;

import io.concordia.settlement.model.Cover2Input;
import io.concordia.settlement.model.MemberCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cover-2 sizing of the default fund (docs/architecture.md, "Data flow" 5): the fund must cover the default of the two members
 * with the largest stressed loss beyond initial margin, and is allocated to members pro rata to their IM.
 *
 * <p>{@code F = CEILING(L(1) + L(2))} at the scale, where {@code L(1) >= L(2)} are the two largest stressed losses
 * beyond IM (one member: {@code L(1)}; none: 0). Contribution {@code i} is {@code F * IM_i / sum IM} by largest
 * remainder ({@link Allocation#proRata}), so the contributions sum exactly to {@code F}.
 */
public final class DefaultFundSizing {

    /** The shared stateless instance. */
    public static final DefaultFundSizing DEFAULT = new DefaultFundSizing();

    private DefaultFundSizing() {}

    /**
     * Sizes and allocates the fund.
     *
     * @param input stressed losses beyond IM and IMs per member
     * @return the fund size, the two members that size it, the contributions
     * @throws IllegalArgumentException if {@code input} is null, or the fund is positive while every IM is 0
     */
    public Cover2Result cover2(Cover2Input input) {
        Checks.notNull(input, "input");
        List<Map.Entry<MemberCode, BigDecimal>> ranked =
                new ArrayList<>(input.stressedLossBeyondIm().entrySet());
        ranked.sort((a, b) -> {
            int c = b.getValue().compareTo(a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        List<MemberCode> largest = new ArrayList<>(2);
        BigDecimal fund = BigDecimal.ZERO;
        for (int i = 0; i < Math.min(2, ranked.size()); i++) {
            largest.add(ranked.get(i).getKey());
            fund = fund.add(ranked.get(i).getValue());
        }
        fund = fund.setScale(input.scale(), RoundingMode.CEILING);
        Map<MemberCode, BigDecimal> contributions = Allocation.proRata(fund, input.initialMargin(), input.scale());
        return new Cover2Result(input.currency(), input.scale(), largest, fund, contributions);
    }
}
