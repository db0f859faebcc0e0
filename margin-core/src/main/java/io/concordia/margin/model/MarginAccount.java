package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The portfolio of an account as margined (docs/margin-model.md §5).
 *
 * @param mode cross (one portfolio) or isolated (one bucket per product)
 * @param positions positions, at most one per product
 * @param collateral collateral holdings; in isolated mode a holding names the bucket it is allocated to, one of the
 *     positions' products, or no bucket: then it is the account's free collateral
 * @param markSnapshotId id of the mark snapshot the marks come from, or {@code null} if unknown; carried into the result
 * @param cash USD the account is owed ({@code +}) or owes ({@code -}) and that is not collateral yet, such as
 *     variation margin a settlement cycle booked and its payment has not moved; part of a cross account's equity at
 *     face value; in isolated mode part of the free balance with the free collateral (docs/margin-model.md §5)
 * @param market valuation time and forwards (docs/margin-model.md §8.2), required when a position is an option
 *     and then holding the forward of every option's underlying; {@code null} otherwise
 */
public record MarginAccount(
        MarginMode mode,
        List<Position> positions,
        List<CollateralHolding> collateral,
        String markSnapshotId,
        BigDecimal cash,
        OptionMarket market) {

    /** An account of perpetuals and futures. */
    public MarginAccount(
            MarginMode mode,
            List<Position> positions,
            List<CollateralHolding> collateral,
            String markSnapshotId,
            BigDecimal cash) {
        this(mode, positions, collateral, markSnapshotId, cash, null);
    }

    /** An account with no cash outside its collateral. */
    public MarginAccount(
            MarginMode mode, List<Position> positions, List<CollateralHolding> collateral, String markSnapshotId) {
        this(mode, positions, collateral, markSnapshotId, BigDecimal.ZERO);
    }

    /** Validates the account. @throws IllegalArgumentException on duplicate products or misallocated collateral */
    public MarginAccount {
        Checks.notNull(mode, "mode");
        Checks.notNull(cash, "cash");
        positions = List.copyOf(Checks.notNull(positions, "positions"));
        collateral = List.copyOf(Checks.notNull(collateral, "collateral"));
        Set<ProductId> products = new HashSet<>();
        for (Position p : positions) {
            if (!products.add(p.product().id())) {
                throw new IllegalArgumentException("positions must name each product once, duplicate: "
                        + p.product().id());
            }
        }
        for (Position p : positions) {
            if (p.product().isOption()) {
                if (market == null) {
                    throw new IllegalArgumentException(
                            "option " + p.product().id() + " needs the market inputs valuationTime and forwards");
                }
                market.forwardOf(p.underlying());
            }
        }
        for (CollateralHolding c : collateral) {
            if (mode == MarginMode.ISOLATED && c.bucket() != null) {
                if (!products.contains(c.bucket())) {
                    throw new IllegalArgumentException("collateral " + c.asset() + " names bucket " + c.bucket()
                            + " but the account has no position in that product");
                }
            }
        }
    }

    /**
     * Creates a cross account.
     *
     * @param positions positions
     * @param collateral collateral
     * @return the account
     */
    public static MarginAccount cross(List<Position> positions, List<CollateralHolding> collateral) {
        return new MarginAccount(MarginMode.CROSS, positions, collateral, null);
    }

    /**
     * Creates an isolated account.
     *
     * @param positions positions, one bucket each
     * @param collateral collateral, each naming its bucket, or none for the free collateral
     * @return the account
     */
    public static MarginAccount isolated(List<Position> positions, List<CollateralHolding> collateral) {
        return new MarginAccount(MarginMode.ISOLATED, positions, collateral, null);
    }

    /**
     * Returns the same account with another mode (collateral buckets are kept as they are).
     *
     * @param newMode the mode
     * @return the account
     */
    public MarginAccount withMode(MarginMode newMode) {
        return new MarginAccount(
                newMode,
                positions,
                collateral,
                markSnapshotId,
                newMode == MarginMode.ISOLATED ? BigDecimal.ZERO : cash,
                market);
    }

    /**
     * Returns the same account with other positions.
     *
     * @param newPositions the positions
     * @return the account
     */
    public MarginAccount withPositions(List<Position> newPositions) {
        return new MarginAccount(mode, newPositions, collateral, markSnapshotId, cash, market);
    }

    /**
     * Returns the same account with other option market inputs.
     *
     * @param newMarket valuation time and forwards
     * @return the account
     */
    public MarginAccount withMarket(OptionMarket newMarket) {
        return new MarginAccount(mode, positions, collateral, markSnapshotId, cash, newMarket);
    }

    /** @return whether a position is an option, so that the account is margined under docs/margin-model.md §8 */
    public boolean hasOptions() {
        for (Position p : positions) {
            if (p.product().isOption()) {
                return true;
            }
        }
        return false;
    }
}
