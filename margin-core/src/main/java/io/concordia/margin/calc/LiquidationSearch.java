package io.concordia.margin.calc;

import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionTerms;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.option.Black76;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Liquidation prices by bisection over one underlying's forward with full revaluation (docs/margin-model.md §8.7).
 * Moving {@code F_u} to {@code F'} moves the marks of the linear positions on {@code u} in proportion
 * ({@code S' = S F' / F_u}) and each option on {@code u} by its model value, {@code q (V(F') - V(F_u))}, added to
 * what the position has realized (its risk reads the forward, not its mark, and its mark stays positive); collateral
 * and the other underlyings are held. The search scans outward from {@code F_u} on a grid of
 * {@value #GRID_STEPS} steps per side ({@code (0, F_u)} below, {@code (F_u, 10 F_u]} above) for the first grid
 * price where equity is below MM, then bisects in whole cents between it and the last safe price, so it finds the
 * nearest liquidation price unless the account is liquidated and then safe again between two grid points. Stateless.
 */
public final class LiquidationSearch {

    /** The shared instance. */
    public static final LiquidationSearch DEFAULT = new LiquidationSearch();

    /** Grid steps per side of the outward scan. */
    public static final int GRID_STEPS = 200;

    private static final BigDecimal CENT = new BigDecimal("0.01");

    private LiquidationSearch() {}

    /**
     * The liquidation prices of one underlying.
     *
     * @param account the account; when it holds no option and gives no forward for {@code underlying}, give the
     *     forward through its market inputs first ({@link MarginAccount#withMarket})
     * @param underlying the underlying to move
     * @param ctx prepared schedule, scenarios and stress
     * @return the prices below and above, if any
     * @throws IllegalArgumentException if the account has no market inputs or no forward for the underlying
     */
    public LiquidationPrices find(MarginAccount account, UnderlyingId underlying, MarginContext ctx) {
        if (account.market() == null) {
            throw new IllegalArgumentException("liquidation prices need the market inputs valuationTime and forwards");
        }
        BigDecimal forward = account.market().forwardOf(underlying);
        long current = forward.movePointRight(2)
                .setScale(0, java.math.RoundingMode.HALF_EVEN)
                .longValueExact();
        PortfolioEvaluator ev = new PortfolioEvaluator(ctx);
        if (surplus(account, underlying, forward, current, ev) < 0) {
            return new LiquidationPrices(underlying, forward, true, null, null);
        }
        Long below = nearestUnsafe(account, underlying, forward, current, 1, ev);
        Long above = nearestUnsafe(account, underlying, forward, current, 10 * current, ev);
        return new LiquidationPrices(
                underlying,
                forward,
                false,
                below == null ? null : BigDecimal.valueOf(below, 2),
                above == null ? null : BigDecimal.valueOf(above, 2));
    }

    /** The unsafe cent price nearest {@code current} towards {@code end}, or {@code null} if every grid price is safe. */
    private Long nearestUnsafe(
            MarginAccount account, UnderlyingId u, BigDecimal forward, long current, long end, PortfolioEvaluator ev) {
        if (end == current) {
            return null;
        }
        long safe = current;
        long unsafe = Long.MIN_VALUE;
        for (int j = 1; j <= GRID_STEPS; j++) {
            long price = current + Math.round((end - current) * (double) j / GRID_STEPS);
            if (price == safe) {
                continue;
            }
            if (surplus(account, u, forward, price, ev) < 0) {
                unsafe = price;
                break;
            }
            safe = price;
        }
        if (unsafe == Long.MIN_VALUE) {
            return null;
        }
        while (Math.abs(unsafe - safe) > 1) {
            long mid = safe + (unsafe - safe) / 2;
            if (surplus(account, u, forward, mid, ev) < 0) {
                unsafe = mid;
            } else {
                safe = mid;
            }
        }
        return unsafe;
    }

    /**
     * The sign of equity minus MM at a forward: of the account when cross, of the worst bucket when isolated.
     *
     * @return negative when liquidated at that forward
     */
    private int surplus(MarginAccount account, UnderlyingId u, BigDecimal forward, long cents, PortfolioEvaluator ev) {
        AccountMargin m = MarginCalculator.DEFAULT.margin(moved(account, u, forward, BigDecimal.valueOf(cents, 2)), ev);
        if (m.mode() == MarginMode.ISOLATED) {
            int worst = 1;
            for (BucketMargin b : m.buckets()) {
                worst = Math.min(worst, b.equity().compareTo(b.mm()));
            }
            return worst;
        }
        return m.equity().compareTo(m.mm());
    }

    /**
     * The account with the underlying's forward at {@code moved}.
     *
     * @param account the account
     * @param u the underlying
     * @param forward its current forward
     * @param moved its new forward, {@code > 0}
     * @return the account as it would be
     */
    static MarginAccount moved(MarginAccount account, UnderlyingId u, BigDecimal forward, BigDecimal moved) {
        OptionMarket market = account.market();
        List<Position> positions = new ArrayList<>();
        double f = forward.doubleValue();
        double g = moved.doubleValue();
        for (Position p : account.positions()) {
            if (!p.underlying().equals(u)) {
                positions.add(p);
            } else if (p.product().isOption()) {
                OptionTerms t = p.product().option();
                double tau = Black76.yearsToExpiry(market.valuationTime(), t.expiry());
                double sigma = p.iv().doubleValue();
                double k = t.strike().doubleValue();
                double change = Black76.value(t.right(), g, k, sigma, tau) - Black76.value(t.right(), f, k, sigma, tau);
                BigDecimal realized = p.realized().add(p.quantity().multiply(BigDecimal.valueOf(change)));
                positions.add(new Position(p.product(), p.quantity(), p.mark(), p.ref(), realized, p.iv()));
            } else {
                BigDecimal mark = p.mark().multiply(moved).divide(forward, MathContext.DECIMAL64);
                positions.add(new Position(p.product(), p.quantity(), mark, p.ref(), p.realized(), p.iv()));
            }
        }
        return account.withPositions(positions).withMarket(market.withForward(u, moved));
    }
}
