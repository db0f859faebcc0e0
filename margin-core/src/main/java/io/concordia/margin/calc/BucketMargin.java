package io.concordia.margin.calc;

import io.concordia.margin.model.ProductId;
import java.math.BigDecimal;

/**
 * The margin of one isolated bucket (docs/margin-model.md §5): one product margined alone against the
 * collateral allocated to it. Money at scale 2.
 *
 * @param product the bucket's product
 * @param requirement every component of the bucket's requirement
 * @param collateralValue {@code floor_cents(sum_a Q_a P_a (1 - haircut_a))} of the bucket's collateral
 * @param unrealizedPnl {@code q_p (S_p - S_p_ref)}, exact, {@code +} a gain to the member
 * @param equity {@code floor_cents(sum_a Q_a P_a (1 - haircut_a) + UPnL)}
 * @param status HEALTHY, CALL or LIQUIDATION
 * @param callAmount {@code IM - E} unless healthy, else 0
 */
public record BucketMargin(
        ProductId product,
        PortfolioRequirement requirement,
        BigDecimal collateralValue,
        BigDecimal unrealizedPnl,
        BigDecimal equity,
        MarginStatus status,
        BigDecimal callAmount) {

    /** @return the bucket's IM */
    public BigDecimal im() {
        return requirement.im();
    }

    /** @return the bucket's MM */
    public BigDecimal mm() {
        return requirement.mm();
    }
}
