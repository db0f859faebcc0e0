package io.concordia.settlement.calc;

import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a closed-out default leaves the CCP with (docs/architecture.md, "Data flow" 5): with the defaulter's result
 * {@code R} ({@code +} owed to the defaulter) and the close-out costs, {@code net = R - costs}; a negative net is a
 * loss for the waterfall, a positive one a surplus returned to the defaulter. At most one of them is non-zero.
 *
 * <p>Rounding, at the currency scale: the loss is a requirement and rounds {@link RoundingMode#CEILING}, the surplus
 * is a payout and rounds {@link RoundingMode#FLOOR}; the zero one is {@code 0} at the scale.
 *
 * @param loss {@code max(0, costs - R)} rounded up, {@code >= 0}
 * @param surplus {@code max(0, R - costs)} rounded down, {@code >= 0}
 */
public record DefaultOutcome(BigDecimal loss, BigDecimal surplus) {

    /**
     * The loss or surplus of a default.
     *
     * @param result the defaulter's unpaid result {@code R}, {@code +} owed to the defaulter, any scale
     * @param costs the close-out costs, {@code >= 0}
     * @param scale the currency's decimal places, in {@code [0, 18]}
     * @return the loss and surplus at {@code scale}
     * @throws IllegalArgumentException on nulls, negative costs or a bad scale
     */
    public static DefaultOutcome of(BigDecimal result, BigDecimal costs, int scale) {
        Checks.notNull(result, "result");
        Checks.nonNegative(costs, "costs");
        Checks.scale(scale, "scale");
        BigDecimal zero = BigDecimal.ZERO.setScale(scale);
        BigDecimal net = result.subtract(costs);
        BigDecimal loss = net.signum() < 0 ? net.negate().setScale(scale, RoundingMode.CEILING) : zero;
        BigDecimal surplus = net.signum() > 0 ? net.setScale(scale, RoundingMode.FLOOR) : zero;
        return new DefaultOutcome(loss, surplus);
    }
}
