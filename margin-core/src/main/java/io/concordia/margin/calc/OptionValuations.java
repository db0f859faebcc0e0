package io.concordia.margin.calc;

import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.Position;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The valuations of the distinct options of one margin run: every option (product and implied volatility) is
 * revalued under the scenarios once per (context, market inputs), however many accounts hold it; accounts then add
 * {@code q} times its P&amp;L vectors (docs/margin-model.md §8.4). Thread-safe: share one across the threads of a run.
 */
public final class OptionValuations {

    private final MarginContext ctx;
    private final OptionMarket market;
    private final ConcurrentHashMap<OptionSeries, OptionValuation> cache = new ConcurrentHashMap<>();

    private OptionValuations(MarginContext ctx, OptionMarket market) {
        this.ctx = ctx;
        this.market = market;
    }

    /**
     * An empty memo for one run.
     *
     * @param ctx the margin context
     * @param market valuation time and forwards of the run
     * @return the memo
     */
    public static OptionValuations of(MarginContext ctx, OptionMarket market) {
        if (ctx == null || market == null) {
            throw new IllegalArgumentException("context and market must not be null");
        }
        return new OptionValuations(ctx, market);
    }

    /** @return the margin context */
    public MarginContext context() {
        return ctx;
    }

    /** @return the market inputs */
    public OptionMarket market() {
        return market;
    }

    /**
     * The valuation of an option position's option, computed on first use.
     *
     * @param position an option position
     * @return its option's valuation
     */
    public OptionValuation of(Position position) {
        return of(OptionSeries.of(position));
    }

    /**
     * The valuation of an option series, computed on first use.
     *
     * @param series an option and its implied volatility
     * @return its valuation
     */
    public OptionValuation of(OptionSeries series) {
        return cache.computeIfAbsent(series, k -> OptionValuation.of(ctx, k.product(), k.iv(), market));
    }

    /** @return how many distinct options have been valued */
    public int size() {
        return cache.size();
    }
}
