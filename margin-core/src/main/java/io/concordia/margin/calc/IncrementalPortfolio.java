package io.concordia.margin.calc;

import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ProductId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The incremental path (docs/margin-model.md §4): an account's
 * scenario loss vector {@code L[0..N)} and stress losses are kept, a position change of notional
 * {@code delta = n_new - n_old} updates them in {@code O(N)} by {@code L[s] -= delta * R[u(p)][s]}, and the
 * requirement is re-evaluated from the kept vector (top-k, stress, floor, spread in {@code O(N + P)}) without
 * rebuilding the portfolio. It gives the same numbers as {@link MarginCalculator} up to double rounding in the
 * last bits. Not thread-safe.
 */
public final class IncrementalPortfolio {

    private final MarginContext ctx;
    private final PortfolioEvaluator ev;
    private final double[] loss;
    private final double[] stressLoss;
    private final Map<ProductId, Integer> slotOf = new HashMap<>();
    private Position[] positions;
    private int[] rows;
    private double[] notionals;
    private int count;

    private IncrementalPortfolio(MarginContext ctx, List<Position> initial) {
        this.ctx = ctx;
        this.ev = new PortfolioEvaluator(ctx);
        this.loss = new double[ctx.scenarioCount()];
        this.stressLoss = new double[ctx.stress().size()];
        int cap = Math.max(8, initial.size() * 2);
        this.positions = new Position[cap];
        this.rows = new int[cap];
        this.notionals = new double[cap];
        for (Position p : initial) {
            if (slotOf.containsKey(p.product().id())) {
                throw new IllegalArgumentException("positions must name each product once, duplicate: "
                        + p.product().id());
            }
            addSlot(p);
        }
        ev.fillLosses(rows, notionals, 0, count, loss);
        ev.fillStressLosses(rows, notionals, 0, count, stressLoss);
    }

    /**
     * Builds the kept vectors from a portfolio (the full path, once).
     *
     * @param ctx prepared market inputs
     * @param positions the portfolio
     * @return the incremental portfolio
     * @throws IllegalArgumentException on an unknown underlying or a duplicate product
     */
    public static IncrementalPortfolio of(MarginContext ctx, List<Position> positions) {
        return new IncrementalPortfolio(ctx, positions);
    }

    private int addSlot(Position p) {
        int row = ctx.rowOf(p.underlying());
        double n = MarginCalculator.notionalOf(p);
        if (count == positions.length) {
            positions = Arrays.copyOf(positions, count * 2);
            rows = Arrays.copyOf(rows, count * 2);
            notionals = Arrays.copyOf(notionals, count * 2);
        }
        positions[count] = p;
        rows[count] = row;
        notionals[count] = n;
        slotOf.put(p.product().id(), count);
        return count++;
    }

    /**
     * Sets a position (new product, or new quantity and/or mark of an existing one) and updates the loss vectors
     * in {@code O(N)}: {@code L[s] -= (n_new - n_old) * R[u(p)][s]}.
     *
     * @param position the position as it now stands
     * @throws IllegalArgumentException on an unknown underlying or a product whose underlying changed
     */
    public void set(Position position) {
        Integer slot = slotOf.get(position.product().id());
        double oldN;
        int s;
        if (slot == null) {
            oldN = 0.0;
            double n = MarginCalculator.notionalOf(position);
            s = addSlot(position);
            notionals[s] = 0.0;
            applyDelta(s, n - oldN);
            notionals[s] = n;
            return;
        }
        s = slot;
        if (!positions[s].underlying().equals(position.underlying())) {
            throw new IllegalArgumentException("product " + position.product().id() + " has underlying "
                    + positions[s].underlying() + ", got: " + position.underlying());
        }
        oldN = notionals[s];
        double n = MarginCalculator.notionalOf(position);
        positions[s] = position;
        applyDelta(s, n - oldN);
        notionals[s] = n;
    }

    /**
     * Applies a trade: the product's quantity changes by {@code quantityDelta}; the mark stays the position's
     * mark, or is {@code price} for a new position (whose reference price is then also {@code price}).
     *
     * @param product the product traded
     * @param quantityDelta signed quantity bought ({@code +}) or sold ({@code -})
     * @param price trade price, USD per unit
     */
    public void trade(Product product, BigDecimal quantityDelta, BigDecimal price) {
        MarginCalculator.requireLinear(product);
        Integer slot = slotOf.get(product.id());
        if (slot == null) {
            set(new Position(product, quantityDelta, price, price));
        } else {
            Position old = positions[slot];
            set(old.withQuantity(old.quantity().add(quantityDelta)));
        }
    }

    private void applyDelta(int slot, double delta) {
        double c = -delta;
        double[] r = ctx.scenarios().row(rows[slot]);
        double[] l = loss;
        for (int s = 0; s < l.length; s++) {
            l[s] += c * r[s];
        }
        double[][] sr = ctx.stressReturns();
        for (int i = 0; i < sr.length; i++) {
            stressLoss[i] += c * sr[i][rows[slot]];
        }
    }

    /**
     * Re-evaluates the requirement from the kept vectors without allocating.
     *
     * @param out receives the figures
     * @return {@code out}
     */
    public RiskFigures evaluate(RiskFigures out) {
        ev.evaluateFrom(loss, stressLoss, rows, notionals, 0, count, out);
        return out;
    }

    /**
     * Re-evaluates the requirement with every component (allocates the result).
     *
     * @return the requirement
     */
    public PortfolioRequirement requirement() {
        RiskFigures f = new RiskFigures();
        ev.evaluateFrom(loss, stressLoss, rows, notionals, 0, count, f);
        return Requirements.detail(ev, f, positions(), rows, notionals, 0);
    }

    /** @return the current positions, in slot order (a position set to zero quantity keeps its slot) */
    public List<Position> positions() {
        return new ArrayList<>(Arrays.asList(positions).subList(0, count));
    }

    /** @return a copy of the kept loss vector {@code L[0..N)}, USD */
    public double[] losses() {
        return loss.clone();
    }
}
