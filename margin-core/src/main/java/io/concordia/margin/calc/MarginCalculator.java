package io.concordia.margin.calc;

import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.ProductId;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Margins accounts under the harmonized model (docs/margin-model.md §4 and §5).
 * Stateless: a call allocates its own scratch unless given a {@link PortfolioEvaluator} to reuse; for bulk or
 * latency-critical work use an evaluator per thread, {@link MarginRun} or {@link IncrementalPortfolio}, which give
 * the same numbers.
 *
 * <p>Typical use:
 * <pre>{@code
 * MarginContext ctx = MarginContext.of(schedule, scenarioSet, null);   // null: default ALL-DOWN/ALL-UP stress
 * AccountMargin m = MarginCalculator.DEFAULT.margin(account, ctx);
 * }</pre>
 */
public final class MarginCalculator {

    /** The shared instance. */
    public static final MarginCalculator DEFAULT = new MarginCalculator();

    private MarginCalculator() {}

    /**
     * Margins an account, preparing a {@link MarginContext} for this call (which reads every scenario row once to
     * precompute means and covariances, {@code O(U^2 N)}); to margin many accounts, prepare the context once and use
     * {@link #margin(MarginAccount, MarginContext)}.
     *
     * @param account positions, collateral and mode
     * @param schedule the schedule
     * @param scenarios the scenario set
     * @param stress the stress set, or {@code null} for the schedule's default
     * @return the account's margin
     * @throws IllegalArgumentException on an underlying unknown to the schedule or the scenario set
     */
    public AccountMargin margin(MarginAccount account, Schedule schedule, ScenarioSet scenarios, StressSet stress) {
        return margin(account, MarginContext.of(schedule, scenarios, stress));
    }

    /**
     * Margins an account: cross as one portfolio against all its collateral; isolated as one bucket per product
     * against the collateral allocated to it, the account figures being the buckets' sums and its status the
     * worst bucket's.
     *
     * @param account positions, collateral and mode
     * @param ctx prepared schedule, scenario set and stress set
     * @return the account's margin
     * @throws IllegalArgumentException on an underlying unknown to the schedule or the scenario set
     */
    public AccountMargin margin(MarginAccount account, MarginContext ctx) {
        return margin(account, new PortfolioEvaluator(ctx));
    }

    /**
     * Margins an account with a caller-owned evaluator: the same numbers as {@link #margin(MarginAccount,
     * MarginContext)} without allocating the evaluator's scratch (about 24 KB at 1,000 scenarios) per account. An
     * evaluator serves one thread at a time.
     *
     * @param account positions, collateral and mode
     * @param ev an evaluator over prepared market inputs
     * @return the account's margin
     * @throws IllegalArgumentException on an underlying unknown to the schedule or the scenario set
     */
    public AccountMargin margin(MarginAccount account, PortfolioEvaluator ev) {
        return margin(account, ev, false);
    }

    /**
     * Margins an account like {@link #margin(MarginAccount, PortfolioEvaluator)}, except that a portfolio — the
     * account if cross, a bucket if isolated — holding an underlying the context cannot price (no liquidity tier, or
     * no scenarios) is margined at its full gross notional ({@link #fullNotional}) instead of refused: a clearinghouse
     * margins every position it holds, and the most conservative requirement is the one that needs no model.
     *
     * @param account positions, collateral and mode
     * @param ev an evaluator over prepared market inputs
     * @return the account's margin
     * @throws IllegalArgumentException if an uncovered portfolio holds an option without a forward for its underlying
     */
    public AccountMargin marginOrFullNotional(MarginAccount account, PortfolioEvaluator ev) {
        return margin(account, null, ev, true);
    }

    /**
     * {@link #marginOrFullNotional(MarginAccount, PortfolioEvaluator)} with the run's shared option valuations: each
     * distinct option is revalued under the scenarios once for every account of the run that holds it, not once per
     * account. The numbers are the same when the valuations' market inputs give the account's forwards at the
     * account's valuation time.
     *
     * @param account positions, collateral and mode
     * @param valuations the run's option valuations, over the evaluator's context; their market holds the forward of
     *     every underlying of the account's options
     * @param ev an evaluator over prepared market inputs
     * @return the account's margin
     */
    public AccountMargin marginOrFullNotional(
            MarginAccount account, OptionValuations valuations, PortfolioEvaluator ev) {
        return margin(account, valuations, ev, true);
    }

    private AccountMargin margin(MarginAccount account, PortfolioEvaluator ev, boolean fullNotionalWhenUncovered) {
        return margin(account, null, ev, fullNotionalWhenUncovered);
    }

    /** The requirement under the model, with the run's option valuations when given. */
    private PortfolioRequirement modelled(
            List<Position> positions, OptionMarket market, OptionValuations valuations, PortfolioEvaluator ev) {
        return valuations != null ? requirement(positions, valuations, ev) : requirement(positions, market, ev);
    }

    private AccountMargin margin(
            MarginAccount account,
            OptionValuations valuations,
            PortfolioEvaluator ev,
            boolean fullNotionalWhenUncovered) {
        MarginContext ctx = ev.context();
        Schedule schedule = ctx.schedule();
        CollateralCalculator coll = CollateralCalculator.DEFAULT;
        if (account.mode() == MarginMode.CROSS) {
            PortfolioRequirement req = fullNotionalWhenUncovered && !covered(account.positions(), ctx)
                    ? fullNotional(account.positions(), account.market())
                    : modelled(account.positions(), account.market(), valuations, ev);
            BigDecimal value = coll.collateralValue(account.collateral(), schedule);
            BigDecimal equity = coll.equity(account.collateral(), account.positions(), account.cash(), schedule);
            MarginStatus status = MarginStatus.of(equity, req.im(), req.mm());
            return new AccountMargin(
                    MarginMode.CROSS,
                    req.im(),
                    req.mm(),
                    value,
                    equity,
                    status,
                    status.callAmount(equity, req.im()),
                    req,
                    List.of(),
                    schedule.version(),
                    ctx.scenarios().id(),
                    account.markSnapshotId());
        }
        List<BucketMargin> buckets = new ArrayList<>();
        BigDecimal im = Money.ofCents(0);
        BigDecimal mm = Money.ofCents(0);
        BigDecimal value = Money.ofCents(0);
        BigDecimal equity = Money.ofCents(0);
        BigDecimal call = Money.ofCents(0);
        MarginStatus worst = MarginStatus.HEALTHY;
        for (Position p : account.positions()) {
            BucketMargin b = bucket(
                    p, account.collateral(), account.market(), valuations, ev, schedule, fullNotionalWhenUncovered);
            buckets.add(b);
            im = im.add(b.im());
            mm = mm.add(b.mm());
            value = value.add(b.collateralValue());
            equity = equity.add(b.equity());
            call = call.add(b.callAmount());
            worst = worst.worse(b.status());
        }
        // the free balance protects no bucket, but a negative one (a settlement debt beyond the free collateral) is
        // owed
        BigDecimal free = freeBalance(account, schedule);
        if (free.signum() < 0) {
            equity = equity.add(free);
            call = call.add(free.negate());
            worst = worst.worse(MarginStatus.CALL);
        }
        return new AccountMargin(
                MarginMode.ISOLATED,
                im,
                mm,
                value,
                equity,
                worst,
                call,
                null,
                buckets,
                schedule.version(),
                ctx.scenarios().id(),
                account.markSnapshotId());
    }

    /**
     * The free balance of an isolated account (docs/margin-model.md §5): {@code floor_cents} of its free collateral's
     * haircut value plus its cash, the variation margin settlement released from the buckets and not paid yet.
     *
     * @param account an isolated account
     * @param schedule the schedule (haircuts)
     * @return the free balance, USD, scale 2; negative when the account owes more than its free collateral covers
     */
    public static BigDecimal freeBalance(MarginAccount account, Schedule schedule) {
        List<CollateralHolding> free = new ArrayList<>();
        for (CollateralHolding c : account.collateral()) {
            if (c.bucket() == null) {
                free.add(c);
            }
        }
        return CollateralCalculator.DEFAULT.equity(free, List.of(), account.cash(), schedule);
    }

    private BucketMargin bucket(
            Position p,
            List<CollateralHolding> all,
            OptionMarket market,
            OptionValuations valuations,
            PortfolioEvaluator ev,
            Schedule schedule,
            boolean fullNotionalWhenUncovered) {
        ProductId product = p.product().id();
        List<CollateralHolding> mine = new ArrayList<>();
        for (CollateralHolding c : all) {
            if (product.equals(c.bucket())) {
                mine.add(c);
            }
        }
        PortfolioRequirement req = fullNotionalWhenUncovered && !ev.context().covers(p.underlying())
                ? fullNotional(List.of(p), market)
                : modelled(List.of(p), market, valuations, ev);
        CollateralCalculator coll = CollateralCalculator.DEFAULT;
        BigDecimal equity = coll.equity(mine, List.of(p), schedule);
        MarginStatus status = MarginStatus.of(equity, req.im(), req.mm());
        return new BucketMargin(
                product,
                req,
                coll.collateralValue(mine, schedule),
                p.unrealizedPnl(),
                equity,
                status,
                status.callAmount(equity, req.im()));
    }

    private static boolean covered(List<Position> positions, MarginContext ctx) {
        for (Position p : positions) {
            if (!ctx.covers(p.underlying())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The requirement of a portfolio the risk in force cannot price (docs/margin-model.md §5): {@code IM = MM =
     * ceil_cents(sum_p |q_p| * S_p)}, the gross notional with no netting, offset or model term, where {@code S_p} is
     * the mark of a perpetual or future and the forward of an option's underlying. Binding {@link
     * Binding#FULL_NOTIONAL}; every model component is zero. With IM equal to MM, an account short of its full
     * notional is in LIQUIDATION, the most severe status, called for the difference.
     *
     * @param positions the portfolio's positions
     * @param market valuation time and forwards; may be {@code null} when no position is an option
     * @return the requirement
     * @throws IllegalArgumentException on an option without a forward for its underlying
     */
    public static PortfolioRequirement fullNotional(List<Position> positions, OptionMarket market) {
        BigDecimal gross = BigDecimal.ZERO;
        for (Position p : positions) {
            BigDecimal price = p.mark();
            if (p.product().isOption()) {
                if (market == null) {
                    throw new IllegalArgumentException("option " + p.product().id()
                            + " needs the forward of its underlying to be margined at its full notional");
                }
                price = market.forwardOf(p.underlying());
            }
            gross = gross.add(p.quantity().multiply(price).abs());
        }
        BigDecimal im = Money.ceilCents(gross);
        return new PortfolioRequirement(
                0, 0, 0, 0, null, 0, 0, Binding.FULL_NOTIONAL, List.of(), List.of(), 0, 0, im, im);
    }

    /**
     * The requirement of one portfolio (steps 1-8) with every component.
     *
     * @param positions the portfolio's positions
     * @param ctx prepared market inputs
     * @return the requirement
     * @throws IllegalArgumentException on an unknown underlying or a non-finite notional
     */
    public PortfolioRequirement requirement(List<Position> positions, MarginContext ctx) {
        return requirement(positions, new PortfolioEvaluator(ctx));
    }

    /**
     * The requirement of one portfolio using a caller-owned evaluator (no scratch allocation in the risk loops).
     *
     * @param positions the portfolio's positions
     * @param ev the evaluator
     * @return the requirement
     */
    public PortfolioRequirement requirement(List<Position> positions, PortfolioEvaluator ev) {
        MarginContext ctx = ev.context();
        int count = positions.size();
        int[] rows = new int[count];
        double[] notionals = new double[count];
        for (int i = 0; i < count; i++) {
            Position p = positions.get(i);
            rows[i] = ctx.rowOf(p.underlying());
            notionals[i] = notionalOf(p);
        }
        RiskFigures f = new RiskFigures();
        ev.evaluate(rows, notionals, 0, count, f);
        return Requirements.detail(ev, f, positions, rows, notionals, 0);
    }

    /**
     * The requirement of one portfolio that may hold options (docs/margin-model.md §8): without an option, exactly
     * {@link #requirement(List, PortfolioEvaluator)}; with one, full revaluation under the scenarios and the option
     * stress set, the short option minimum, delta-equivalent floor and basis, and Greeks.
     *
     * @param positions the portfolio's positions
     * @param market valuation time and forwards; may be {@code null} when no position is an option
     * @param ev the evaluator
     * @return the requirement
     * @throws IllegalArgumentException on an unknown underlying, a missing forward or market inputs
     */
    public PortfolioRequirement requirement(List<Position> positions, OptionMarket market, PortfolioEvaluator ev) {
        for (Position p : positions) {
            if (p.product().isOption()) {
                if (market == null) {
                    throw new IllegalArgumentException(
                            "option " + p.product().id() + " needs the market inputs valuationTime and forwards");
                }
                return OptionRequirements.of(positions, market, ev);
            }
        }
        return requirement(positions, ev);
    }

    /**
     * The requirement of one portfolio that may hold options, with the run's shared option valuations, so that each
     * distinct option is revalued once for all the accounts that hold it.
     *
     * @param positions the portfolio's positions
     * @param valuations the run's option valuations (their context must be the evaluator's)
     * @param ev the evaluator
     * @return the requirement
     */
    public PortfolioRequirement requirement(
            List<Position> positions, OptionValuations valuations, PortfolioEvaluator ev) {
        for (Position p : positions) {
            if (p.product().isOption()) {
                return OptionRequirements.of(positions, valuations, ev);
            }
        }
        return requirement(positions, ev);
    }

    /**
     * The requirement of one portfolio that may hold options, preparing an evaluator for this call.
     *
     * @param positions the portfolio's positions
     * @param market valuation time and forwards; may be {@code null} when no position is an option
     * @param ctx prepared market inputs
     * @return the requirement
     */
    public PortfolioRequirement requirement(List<Position> positions, OptionMarket market, MarginContext ctx) {
        return requirement(positions, market, new PortfolioEvaluator(ctx));
    }

    /**
     * The signed notional {@code n_p = q_p * S_p} as a double, from the exact decimal product.
     *
     * @param p the position
     * @return {@code n_p}, USD
     * @throws IllegalArgumentException if it is not finite as a double, or the position is an option (options are
     *     revalued in full, never margined by a notional)
     */
    static double notionalOf(Position p) {
        requireLinear(p.product());
        double n = ExactDouble.of(p.notional());
        if (!Double.isFinite(n)) {
            throw new IllegalArgumentException(
                    "notional of " + p.product().id() + " must be finite, got: " + p.notional());
        }
        return n;
    }

    /**
     * Refuses an option on the paths that margin perpetuals and futures by their notional only (the bulk and
     * incremental paths, and {@link #requirement(List, PortfolioEvaluator)}).
     *
     * @param product the product
     * @throws IllegalArgumentException naming the option
     */
    static void requireLinear(io.concordia.margin.model.Product product) {
        if (product.isOption()) {
            throw new IllegalArgumentException(
                    "option " + product.id() + " is revalued in full (docs/margin-model.md §8):"
                            + " margin it with its market inputs (margin(account, ...) or requirement(positions, market, ...));"
                            + " this path takes perpetuals and futures only");
        }
    }
}
