package io.concordia.settlement.calc;

import io.concordia.settlement.model.MemberCode;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The Cover-2 default-fund sizing report.
 *
 * @param currency the currency
 * @param scale its decimal places
 * @param largest the (at most two) members with the largest stressed loss beyond IM, largest first (ties: smaller
 *     member code first)
 * @param fundSize the sum of their stressed losses, rounded {@link java.math.RoundingMode#CEILING} (a requirement)
 * @param contributions per member (every member with an IM), {@code fundSize * IM_i / sum IM} by largest remainder;
 *     sums exactly to {@code fundSize}
 */
public record Cover2Result(
        AssetCode currency,
        int scale,
        List<MemberCode> largest,
        BigDecimal fundSize,
        Map<MemberCode, BigDecimal> contributions) {

    /** Copies the collections. */
    public Cover2Result {
        largest = List.copyOf(largest);
        contributions = Map.copyOf(contributions);
    }
}
