package io.concordia.margin.calc;

import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Schedule;
import java.math.BigDecimal;
import java.util.List;

/**
 * Collateral value and equity (docs/margin-model.md §5), exact decimal arithmetic rounded down to cents
 * once. Stateless.
 */
public final class CollateralCalculator {

    /** The shared instance. */
    public static final CollateralCalculator DEFAULT = new CollateralCalculator();

    private CollateralCalculator() {}

    /**
     * {@code sum_a Q_a * P_a * (1 - haircut_a)}, exact, unrounded.
     *
     * @param holdings the collateral
     * @param schedule the schedule giving the haircuts
     * @return the haircut value, USD
     */
    public BigDecimal haircutValue(List<CollateralHolding> holdings, Schedule schedule) {
        BigDecimal v = BigDecimal.ZERO;
        for (CollateralHolding h : holdings) {
            v = v.add(h.marketValue().multiply(BigDecimal.ONE.subtract(schedule.haircutOf(h.asset()))));
        }
        return v;
    }

    /**
     * {@code V = floor_cents(sum_a Q_a * P_a * (1 - haircut_a))}.
     *
     * @param holdings the collateral
     * @param schedule the schedule giving the haircuts
     * @return the value, USD, scale 2, rounded down
     */
    public BigDecimal collateralValue(List<CollateralHolding> holdings, Schedule schedule) {
        return Money.floorCents(haircutValue(holdings, schedule));
    }

    /**
     * {@code UPnL = sum_p q_p * (S_p - S_p_ref)}, exact; {@code +} a gain to the member.
     *
     * @param positions the positions
     * @return the unrealized P&amp;L, USD, unrounded
     */
    public BigDecimal unrealizedPnl(List<Position> positions) {
        BigDecimal u = BigDecimal.ZERO;
        for (Position p : positions) {
            u = u.add(p.unrealizedPnl());
        }
        return u;
    }

    /**
     * {@code E = floor_cents(sum_a Q_a * P_a * (1 - haircut_a) + UPnL)}.
     *
     * @param holdings the collateral
     * @param positions the positions
     * @param schedule the schedule giving the haircuts
     * @return equity, USD, scale 2, rounded down
     */
    public BigDecimal equity(List<CollateralHolding> holdings, List<Position> positions, Schedule schedule) {
        return equity(holdings, positions, BigDecimal.ZERO, schedule);
    }

    /**
     * {@code E = floor_cents(sum_a Q_a * P_a * (1 - haircut_a) + UPnL + cash)}.
     *
     * @param holdings the collateral
     * @param positions the positions
     * @param cash USD owed to ({@code +}) or by ({@code -}) the account outside its collateral
     * @param schedule the schedule giving the haircuts
     * @return equity, USD, scale 2, rounded down
     */
    public BigDecimal equity(
            List<CollateralHolding> holdings, List<Position> positions, BigDecimal cash, Schedule schedule) {
        return Money.floorCents(
                haircutValue(holdings, schedule).add(unrealizedPnl(positions)).add(cash));
    }
}
