package io.concordia.margin.calc;

import io.concordia.margin.model.MarginMode;
import java.math.BigDecimal;
import java.util.List;

/**
 * The margin of an account (docs/margin-model.md §5 and §6). Money at scale 2.
 *
 * <p>Cross: {@code components} is the one portfolio's requirement and {@code buckets} is empty. Isolated:
 * {@code components} is {@code null}, {@code buckets} holds one result per product in position order, and
 * {@code im}, {@code mm}, {@code collateralValue}, {@code equity}, {@code callAmount} are the buckets' sums and
 * {@code status} the worst bucket's (LIQUIDATION, then CALL, then HEALTHY).
 *
 * @param mode cross or isolated
 * @param im initial requirement, rounded up to cents
 * @param mm maintenance requirement, rounded up to cents
 * @param collateralValue haircut collateral value, rounded down to cents
 * @param equity collateral value plus unrealized P&amp;L, rounded down to cents
 * @param status the status
 * @param callAmount {@code IM - E} unless healthy, else 0
 * @param components the cross portfolio's components, or {@code null} when isolated
 * @param buckets the isolated buckets (empty when cross)
 * @param scheduleVersion id of the schedule version used
 * @param scenarioSetId id of the scenario set used
 * @param markSnapshotId id of the mark snapshot used, or {@code null} if the caller gave none
 */
public record AccountMargin(
        MarginMode mode,
        BigDecimal im,
        BigDecimal mm,
        BigDecimal collateralValue,
        BigDecimal equity,
        MarginStatus status,
        BigDecimal callAmount,
        PortfolioRequirement components,
        List<BucketMargin> buckets,
        String scheduleVersion,
        String scenarioSetId,
        String markSnapshotId) {

    /** Copies the bucket list. */
    public AccountMargin {
        buckets = List.copyOf(buckets);
    }
}
