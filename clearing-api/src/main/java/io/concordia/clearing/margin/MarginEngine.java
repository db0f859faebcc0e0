package io.concordia.clearing.margin;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.calc.MarginContext;
import io.concordia.margin.calc.OptionValuations;
import io.concordia.margin.calc.PortfolioEvaluator;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.UnderlyingId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The active schedule and scenario set as one margin-core context, rebuilt only when either changes. Every margin
 * number the service shows — stored, what-if, withdrawal check, liquidation price — is computed here, through
 * {@link MarginCalculator}, so they cannot disagree.
 */
@ApplicationScoped
public class MarginEngine {

    /** What a margin number was computed under. */
    public record Risk(String scheduleVersion, String scenarioSetId, MarginContext context) {}

    @Inject
    ScheduleService schedules;

    @Inject
    ScenarioSetService scenarioSets;

    private volatile Risk cached;

    /** The active schedule version and scenario set, either null before the first start completed. */
    private record Active(String scheduleVersion, String scenarioSetId) {}

    /** The active risk, installing the defaults on the first start. */
    public Risk current(Connection c) {
        // both in one round trip: every margin computation asks
        Active active = Sql.on(c)
                .one(
                        "SELECT (SELECT version FROM margin_schedule WHERE status = 'ACTIVE') AS schedule_version, "
                                + "(SELECT id FROM scenario_set WHERE active) AS scenario_set_id",
                        row -> new Active(row.string("schedule_version"), row.string("scenario_set_id")));
        String version = active.scheduleVersion();
        String set = active.scenarioSetId();
        if (version == null || set == null) {
            schedules.activateDue(c);
            scenarioSets.ensureCoverage(c, Set.of());
            version = schedules.activeVersion(c).orElseThrow();
            set = scenarioSets.activeId(c).orElseThrow();
        }
        Risk r = cached;
        if (r != null
                && r.scheduleVersion().equals(version)
                && r.scenarioSetId().equals(set)) {
            return r;
        }
        r = new Risk(version, set, MarginContext.of(schedules.load(c, version), scenarioSets.load(c, set), null));
        cached = r;
        return r;
    }

    /**
     * The active risk, made to cover the underlyings of {@code inputs}: the synthetic demo set is extended; an
     * uploaded set that lacks one is kept, and such accounts cannot be margined ({@link #covers}).
     */
    Risk covering(Connection c, Collection<MarginBook.AccountInput> inputs) {
        Risk risk = current(c);
        Set<String> missing = new TreeSet<>();
        for (UnderlyingId u : underlyingsOf(inputs)) {
            if (risk.context().scenarios().indexOf(u) < 0) {
                missing.add(u.code());
            }
        }
        if (!missing.isEmpty() && scenarioSets.ensureCoverage(c, missing)) {
            return current(c);
        }
        return risk;
    }

    /** Whether the risk has a liquidity tier and scenarios for every underlying of the account. */
    static boolean covers(Risk risk, MarginBook.AccountInput in) {
        for (Position p : in.positions()) {
            if (!risk.context().covers(p.underlying())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The underlyings of the accounts that the risk cannot price, each with the accounts holding it, so that the
     * operators can be told what is being margined at full notional and why.
     */
    static Map<String, List<String>> uncovered(Risk risk, Collection<MarginBook.AccountInput> inputs) {
        Set<UnderlyingId> uncovered = new HashSet<>();
        for (UnderlyingId u : underlyingsOf(inputs)) {
            if (!risk.context().covers(u)) {
                uncovered.add(u);
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        if (uncovered.isEmpty()) {
            return out;
        }
        for (MarginBook.AccountInput in : inputs) {
            for (Position p : in.positions()) {
                if (uncovered.contains(p.underlying())) {
                    out.computeIfAbsent(p.underlying().code(), u -> new ArrayList<>())
                            .add(in.code());
                }
            }
        }
        return out;
    }

    /**
     * The distinct underlyings of the accounts' positions. Positions loaded together share their product and so its
     * underlying: an identity set skips the record's hashing and equality for all but one position of each. Looked up
     * per position, coverage was 8 % of the service's JVM samples in a full run.
     */
    private static Set<UnderlyingId> underlyingsOf(Collection<MarginBook.AccountInput> inputs) {
        Set<UnderlyingId> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (MarginBook.AccountInput in : inputs) {
            for (Position p : in.positions()) {
                seen.add(p.underlying());
            }
        }
        return new HashSet<>(seen);
    }

    /**
     * Refuses to list a product whose underlying the active schedule, or an approved one waiting for its effective
     * time, assigns no liquidity tier: nothing in it could be margined until a schedule that does is approved, or from
     * the day the waiting one becomes active.
     */
    public void requireMargined(Connection c, String underlying) {
        Risk risk = current(c);
        if (!risk.context().schedule().underlyings().containsKey(UnderlyingId.of(underlying))) {
            throw ApiProblem.of(
                    ProblemCode.UNDERLYING_NOT_IN_SCHEDULE,
                    "the active margin schedule " + risk.scheduleVersion() + " assigns no liquidity tier to '"
                            + underlying + "'; approve a schedule that does before listing it");
        }
        for (String pending : schedules.pendingVersions(c)) {
            if (!schedules.load(c, pending).underlyings().containsKey(UnderlyingId.of(underlying))) {
                throw ApiProblem.of(
                        ProblemCode.UNDERLYING_NOT_IN_SCHEDULE,
                        "the approved margin schedule " + pending
                                + ", waiting for its effective time, assigns no liquidity tier to '" + underlying
                                + "'; approve a version that does before listing it");
            }
        }
    }

    /**
     * Margins one account. A portfolio holding an underlying the risk cannot price is margined at its full notional
     * (docs/margin-model.md §5), never skipped: a clearinghouse holds no position it does not margin.
     */
    static AccountMargin margin(Risk risk, MarginBook.AccountInput in) {
        return MarginCalculator.DEFAULT.marginOrFullNotional(in.account(), evaluator(risk.context()));
    }

    /**
     * Margins one account of a batch with the batch's shared option valuations ({@link #valuations}), so that each
     * distinct option is revalued once for the batch; the same numbers as {@link #margin(Risk, MarginBook.AccountInput)}.
     */
    static AccountMargin margin(Risk risk, MarginBook.AccountInput in, OptionValuations valuations) {
        if (valuations == null || in.market() == null) {
            return margin(risk, in);
        }
        return MarginCalculator.DEFAULT.marginOrFullNotional(in.account(), valuations, evaluator(risk.context()));
    }

    /**
     * The option valuations a batch of accounts loaded together shares: one valuation time, and the forward of every
     * underlying their options are on; {@code null} when none holds an option.
     */
    static OptionValuations valuations(Risk risk, Collection<MarginBook.AccountInput> inputs) {
        Instant valuationTime = null;
        Map<UnderlyingId, BigDecimal> forwards = new LinkedHashMap<>();
        for (MarginBook.AccountInput in : inputs) {
            if (in.market() != null) {
                valuationTime = in.market().valuationTime();
                forwards.putAll(in.market().forwards());
            }
        }
        return valuationTime == null
                ? null
                : OptionValuations.of(risk.context(), new OptionMarket(valuationTime, forwards));
    }

    /**
     * The calling thread's evaluator for the context: its scratch (about 24 KB at 1,000 scenarios) is reused from one
     * account to the next instead of allocated per account: a tenth of the garbage per account.
     */
    static PortfolioEvaluator evaluator(MarginContext ctx) {
        PortfolioEvaluator ev = EVALUATORS.get();
        if (ev == null || ev.context() != ctx) {
            ev = new PortfolioEvaluator(ctx);
            EVALUATORS.set(ev);
        }
        return ev;
    }

    private static final ThreadLocal<PortfolioEvaluator> EVALUATORS = new ThreadLocal<>();
}
