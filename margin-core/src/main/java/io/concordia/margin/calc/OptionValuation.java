package io.concordia.margin.calc;

import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionTerms;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.option.Black76;
import io.concordia.margin.option.Greeks;
import java.math.BigDecimal;

/**
 * One option revalued under every scenario and stress scenario of a margin context, per unit long
 * (docs/margin-model.md §8.4): under scenario {@code s} with return {@code R}, {@code F_s = F (1 + R)},
 * {@code sigma_s = sigma * clamp(1 - kappa R, 1 - vDown, 1 + vUp)}, {@code tau_s = max(0, tau - h / 365)} and
 * {@code PnL[s] = V(F_s, K, sigma_s, tau_s) - V(F, K, sigma, tau)}, model value to model value. A stress scenario
 * uses its volatility shift where it gives one. Computed once per distinct option and market, then shared by every
 * position in it: a position's P&amp;L is {@code q} times these vectors. The values come from the batch pricer
 * {@link Black76#values}, one option under all scenarios at once. Immutable.
 */
public final class OptionValuation {

    private final MarginContext ctx;
    private final Product product;
    private final int row;
    private final double forward;
    private final double sigma;
    private final double tau;
    private final Greeks greeks;
    private final double[] scenarioPnl;
    private final double[] stressPnl;

    private OptionValuation(
            MarginContext ctx,
            Product product,
            int row,
            double forward,
            double sigma,
            double tau,
            Greeks greeks,
            double[] scenarioPnl,
            double[] stressPnl) {
        this.ctx = ctx;
        this.product = product;
        this.row = row;
        this.forward = forward;
        this.sigma = sigma;
        this.tau = tau;
        this.greeks = greeks;
        this.scenarioPnl = scenarioPnl;
        this.stressPnl = stressPnl;
    }

    /**
     * Revalues an option under the context's scenarios and its option stress set.
     *
     * @param ctx the margin context
     * @param option the option product
     * @param iv its mark implied volatility, {@code > 0}
     * @param market valuation time and forwards
     * @return the valuation
     * @throws IllegalArgumentException if the product is not an option, or its underlying is unknown to the
     *     schedule, the scenario set or the market inputs
     */
    public static OptionValuation of(MarginContext ctx, Product option, BigDecimal iv, OptionMarket market) {
        if (!option.isOption()) {
            throw new IllegalArgumentException("product " + option.id() + " is not an option: " + option.kind());
        }
        int row = ctx.rowOf(option.underlying());
        OptionTerms terms = option.option();
        double f = market.forwardOf(option.underlying()).doubleValue();
        double k = terms.strike().doubleValue();
        double sigma = iv.doubleValue();
        double tau = Black76.yearsToExpiry(market.valuationTime(), terms.expiry());
        Greeks greeks = Black76.greeks(terms.right(), f, k, sigma, tau);
        double base = greeks.value();
        double tauH = Math.max(0.0, tau - ctx.horizonYears());
        double[] returns = ctx.scenarios().row(row);
        double[] pnl = new double[returns.length];
        Black76.values(
                terms.right(),
                f,
                k,
                sigma,
                tauH,
                returns,
                ctx.logGrowth(row),
                ctx.volMultipliers(row),
                pnl.length,
                pnl);
        for (int s = 0; s < pnl.length; s++) {
            pnl[s] -= base;
        }
        double[][] stressReturns = ctx.optionStressReturns();
        double[][] stressVols = ctx.optionStressVolMultipliers();
        int m = stressReturns.length;
        double[] stressReturn = new double[m];
        double[] stressLogGrowth = new double[m];
        double[] stressMultiplier = new double[m];
        for (int i = 0; i < m; i++) {
            double r = stressReturns[i][row];
            double given = stressVols[i][row];
            stressReturn[i] = r;
            stressLogGrowth[i] = Math.log(1.0 + r);
            stressMultiplier[i] = Double.isNaN(given) ? ctx.volMultiplier(row, r) : given;
        }
        double[] stress = new double[m];
        Black76.values(terms.right(), f, k, sigma, tauH, stressReturn, stressLogGrowth, stressMultiplier, m, stress);
        for (int i = 0; i < m; i++) {
            stress[i] -= base;
        }
        return new OptionValuation(ctx, option, row, f, sigma, tau, greeks, pnl, stress);
    }

    /**
     * Revalues the option of a position.
     *
     * @param ctx the margin context
     * @param position an option position (its product and iv)
     * @param market valuation time and forwards
     * @return the valuation
     */
    public static OptionValuation of(MarginContext ctx, Position position, OptionMarket market) {
        return of(ctx, position.product(), position.iv(), market);
    }

    /** @return the margin context whose scenarios it was revalued under */
    MarginContext context() {
        return ctx;
    }

    /** @return the option */
    public Product product() {
        return product;
    }

    /** @return the scenario row of its underlying */
    public int row() {
        return row;
    }

    /** @return {@code F_u}, USD per unit */
    public double forward() {
        return forward;
    }

    /** @return {@code sigma_p} */
    public double sigma() {
        return sigma;
    }

    /** @return {@code tau}, years to expiry at the valuation time */
    public double tau() {
        return tau;
    }

    /** @return model value and Greeks per unit long at the current inputs */
    public Greeks greeks() {
        return greeks;
    }

    /**
     * The delta-equivalent notional of a position in this option (docs/margin-model.md §8.5).
     *
     * @param quantity signed quantity {@code q_p}
     * @return {@code q_p delta_p F_u}, USD
     */
    public double deltaNotional(double quantity) {
        return quantity * greeks.delta() * forward;
    }

    /** @return {@code PnL[s]} per unit long over the scenarios (internal array: do not modify) */
    double[] scenarioPnl() {
        return scenarioPnl;
    }

    /** @return {@code PnL[psi]} per unit long over the option stress set (internal array: do not modify) */
    double[] stressPnl() {
        return stressPnl;
    }

    /**
     * @param scenario a scenario index
     * @return the P&amp;L per unit long under it, USD
     */
    public double scenarioPnl(int scenario) {
        return scenarioPnl[scenario];
    }

    /**
     * @param index an index into the context's option stress set
     * @return the P&amp;L per unit long under that stress scenario, USD
     */
    public double stressPnl(int index) {
        return stressPnl[index];
    }
}
