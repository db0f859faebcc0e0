package io.concordia.margin.calc;

import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.Position;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The liquidation price of one linear position: the price of its product at which the account's equity falls to its
 * MM (the position's bucket's, when the account is isolated), everything else held, margined as the service margins
 * it ({@link MarginCalculator#marginOrFullNotional}). A long position's price is searched below its mark (down to
 * {@code 1e-9} of it), a short's above (up to {@code 1e6} times it); the search bisects between the last safe and the
 * first unsafe price until the two are a few ulps apart. An option's liquidation is where its underlying moves, which
 * {@link LiquidationSearch} finds. Stateless.
 */
public final class ProductLiquidationSearch {

    /** The shared instance. */
    public static final ProductLiquidationSearch DEFAULT = new ProductLiquidationSearch();

    /** Bisection steps at most; the search usually stops far sooner, at a few ulps. */
    public static final int ITERATIONS = 200;
    /** Decimals of the price reported, rounded {@link #PRICE_ROUNDING}. */
    public static final int PRICE_SCALE = 8;

    public static final RoundingMode PRICE_ROUNDING = RoundingMode.HALF_EVEN;

    private static final BigDecimal SMALLEST_PRICE = BigDecimal.ONE.movePointLeft(PRICE_SCALE);

    private ProductLiquidationSearch() {}

    /**
     * The liquidation price of the account's position at {@code index}.
     *
     * @param account the account
     * @param index the position, linear and not flat
     * @param ev the evaluator of the context the account is margined under
     * @return the price, or none when the position cannot be liquidated by its own product's price; liquidating now
     *     when equity is below MM at the mark already
     */
    public ProductLiquidation find(MarginAccount account, int index, PortfolioEvaluator ev) {
        Position p = account.positions().get(index);
        if (p.product().isOption() || p.quantity().signum() == 0) {
            throw new IllegalArgumentException(
                    "a liquidation price is searched for a linear position that is not flat, " + "not "
                            + p.product().id().code() + " of quantity "
                            + p.quantity().toPlainString());
        }
        double mark = p.mark().doubleValue();
        if (surplus(account, index, mark, ev) < 0) {
            return new ProductLiquidation(p.product().id(), p.quantity(), p.mark(), p.mark(), true);
        }
        double safe = mark;
        double unsafe;
        if (p.quantity().signum() > 0) {
            unsafe = mark * 1e-9;
            if (surplus(account, index, unsafe, ev) >= 0) {
                return new ProductLiquidation(p.product().id(), p.quantity(), p.mark(), null, false);
            }
        } else {
            unsafe = mark * 2;
            while (surplus(account, index, unsafe, ev) >= 0) {
                if (unsafe > mark * 1e6) {
                    return new ProductLiquidation(p.product().id(), p.quantity(), p.mark(), null, false);
                }
                unsafe *= 2;
            }
        }
        for (int i = 0; i < ITERATIONS && Math.abs(safe - unsafe) > Math.ulp(safe) * 4; i++) {
            double mid = (safe + unsafe) / 2;
            if (surplus(account, index, mid, ev) >= 0) {
                safe = mid;
            } else {
                unsafe = mid;
            }
        }
        return new ProductLiquidation(p.product().id(), p.quantity(), p.mark(), price(safe), false);
    }

    /** Equity minus MM (of the position's bucket when isolated) with the position's product at {@code price}. */
    static double surplus(MarginAccount account, int index, double price, PortfolioEvaluator ev) {
        List<Position> positions = new ArrayList<>(account.positions());
        Position p = positions.get(index);
        positions.set(index, new Position(p.product(), p.quantity(), price(price), p.ref(), p.realized()));
        AccountMargin m = MarginCalculator.DEFAULT.marginOrFullNotional(account.withPositions(positions), ev);
        if (m.mode() == MarginMode.ISOLATED) {
            for (BucketMargin b : m.buckets()) {
                if (b.product().equals(p.product().id())) {
                    return b.equity().subtract(b.mm()).doubleValue();
                }
            }
        }
        return m.equity().subtract(m.mm()).doubleValue();
    }

    /** A searched price as the decimal reported: {@link #PRICE_SCALE} decimals, never below the smallest one. */
    static BigDecimal price(double d) {
        return new BigDecimal(d).setScale(PRICE_SCALE, PRICE_ROUNDING).max(SMALLEST_PRICE);
    }
}
