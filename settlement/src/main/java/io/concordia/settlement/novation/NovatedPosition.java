package io.concordia.settlement.novation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A position and what one fill does to it: the novation arithmetic, free of any framework.
 *
 * <p>Convention. {@code quantity}: product units, {@code +} long, {@code -} short. {@code averagePrice}: USD per
 * unit, the volume-weighted entry price of the open quantity, 0 when flat. {@code realizedPnl}: USD, {@code +}
 * gained by the member. A fill in the direction of the position (or from flat) re-weights the average price;
 * a fill against it realizes {@code closed × (fillPrice − averagePrice)} for a long (the negative for a short)
 * on the closed quantity and leaves the average price of the rest unchanged; a fill larger than the position
 * closes it and opens the remainder at the fill price.
 */
public record NovatedPosition(BigDecimal quantity, BigDecimal averagePrice, BigDecimal realizedPnl) {

    /** Stored decimals of prices and P&L (NUMERIC(38, 18)). */
    public static final int SCALE = 18;
    /** The average entry price is a quotient and is rounded half-even to {@link #SCALE} decimals. */
    public static final RoundingMode AVERAGE_PRICE_ROUNDING = RoundingMode.HALF_EVEN;
    /** Realized P&L is a product of two 18-decimal numbers and is rounded half-even to {@link #SCALE} decimals. */
    public static final RoundingMode REALIZED_PNL_ROUNDING = RoundingMode.HALF_EVEN;

    public static final NovatedPosition FLAT = new NovatedPosition(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    /** The position after a fill of {@code signedQuantity} (+ bought, − sold) at {@code price}. */
    public NovatedPosition fill(BigDecimal signedQuantity, BigDecimal price) {
        if (signedQuantity.signum() == 0) {
            throw new IllegalArgumentException("signedQuantity must not be zero");
        }
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price must be positive, was " + price);
        }
        BigDecimal after = quantity.add(signedQuantity);
        if (quantity.signum() == 0 || quantity.signum() == signedQuantity.signum()) {
            BigDecimal cost = quantity.abs()
                    .multiply(averagePrice)
                    .add(signedQuantity.abs().multiply(price));
            return new NovatedPosition(after, cost.divide(after.abs(), SCALE, AVERAGE_PRICE_ROUNDING), realizedPnl);
        }
        BigDecimal closed = quantity.abs().min(signedQuantity.abs());
        BigDecimal gain = closed.multiply(price.subtract(averagePrice)).multiply(BigDecimal.valueOf(quantity.signum()));
        BigDecimal realized = realizedPnl.add(gain).setScale(SCALE, REALIZED_PNL_ROUNDING);
        if (after.signum() == 0) {
            return new NovatedPosition(BigDecimal.ZERO, BigDecimal.ZERO, realized);
        }
        BigDecimal newAverage = after.signum() == quantity.signum() ? averagePrice : price;
        return new NovatedPosition(after, newAverage.setScale(SCALE, AVERAGE_PRICE_ROUNDING), realized);
    }

    /**
     * The position closed at its product's final settlement price, {@code >= 0} (an option may expire worthless):
     * {@code quantity × (price − averagePrice)} is realized like a fill's, and the position is flat.
     */
    public NovatedPosition closeAt(BigDecimal price) {
        if (price.signum() < 0) {
            throw new IllegalArgumentException("final price must not be negative, was " + price);
        }
        BigDecimal gain = quantity.multiply(price.subtract(averagePrice));
        return new NovatedPosition(
                BigDecimal.ZERO, BigDecimal.ZERO, realizedPnl.add(gain).setScale(SCALE, REALIZED_PNL_ROUNDING));
    }

    /** Unrealized P&L at {@code mark}: {@code quantity × (mark − averagePrice)}, USD, + gained by the member. */
    public BigDecimal unrealizedPnl(BigDecimal mark) {
        return quantity.multiply(mark.subtract(averagePrice));
    }
}
