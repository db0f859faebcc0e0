package io.concordia.clearing.margin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.JsonDecimals;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.ProductLiquidation;
import io.concordia.margin.calc.ProductLiquidationSearch;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.Product;
import io.concordia.margin.replication.ReplicationCodec;
import io.concordia.margin.replication.ReplicationRequest;
import io.concordia.settlement.novation.NovatedPosition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What members and operators read of margin, and the hypothetical questions they ask of it: what-if trades, a switch
 * between cross and isolated, and liquidation prices. Every hypothetical number is computed by the same loader and
 * engine as the stored one, on the account as it stands now.
 */
@ApplicationScoped
public class MarginService {

    /** The headline figures of a margin. Money in USD at scale 2. */
    public record Figures(
            BigDecimal im,
            BigDecimal mm,
            BigDecimal equity,
            BigDecimal collateralValue,
            String status,
            BigDecimal callAmount,
            BigDecimal excess) {

        static Figures of(AccountMargin m) {
            return new Figures(
                    m.im(),
                    m.mm(),
                    m.equity(),
                    m.collateralValue(),
                    m.status().name(),
                    m.callAmount(),
                    m.equity().subtract(m.im()));
        }

        Figures minus(Figures other) {
            return new Figures(
                    im.subtract(other.im),
                    mm.subtract(other.mm),
                    equity.subtract(other.equity),
                    collateralValue.subtract(other.collateralValue),
                    null,
                    callAmount.subtract(other.callAmount),
                    excess.subtract(other.excess));
        }
    }

    /** The components of a cross account's requirement (docs/margin-model.md), USD to the cent. */
    public record Components(
            BigDecimal var,
            BigDecimal es,
            BigDecimal imHist,
            BigDecimal imStress,
            String bindingStress,
            BigDecimal imFloor,
            BigDecimal imSpread) {}

    /**
     * An account's stored margin: the figures, the binding term and components (cross) or the buckets (isolated), and
     * what they were computed under, including the products whose mark was stale (or missing) or held by the
     * dislocation guard at the time: those figures rest on the last good mark, not on what the venues report.
     * {@code breakdown} is margin-core's full result for the account as it stands at the time of the request —
     * per-underlying charges and per-position contributions — computed by the same engine.
     */
    public record MarginView(
            String account,
            String mode,
            Figures figures,
            String binding,
            Components components,

            @Schema(
                    implementation = JsonNode[].class,
                    description = "isolated mode: one entry per bucket, with its figures")
            JsonNode buckets,

            String scheduleVersion,
            String scenarioSetId,
            String cause,
            Instant computedAt,
            List<String> staleMarks,
            List<String> heldMarks,
            JsonNode breakdown) {}

    /** One history point, with the products whose mark was stale or held when it was computed. */
    public record HistoryPoint(
            Figures figures,
            String scheduleVersion,
            String scenarioSetId,
            String cause,
            Instant computedAt,
            List<String> staleMarks,
            List<String> heldMarks) {}

    /** A hypothetical trade: {@code quantity} in product units, {@code +} buy; {@code price} defaults to the mark. */
    public record HypotheticalTrade(String product, BigDecimal quantity, BigDecimal price) {}

    /**
     * The answer to a what-if: the account now, with the trades, and the change; options valued at
     * {@code valuationTime}.
     */
    public record WhatIf(
            String account, Figures before, Figures after, Figures change, Instant valuationTime, JsonNode details) {}

    /** The account's margin in its own mode and in the other one. */
    public record ModePreview(
            String account,
            String currentMode,
            Figures current,
            String previewMode,
            Figures preview,
            JsonNode details) {}

    /**
     * Where a position's product price puts equity at MM, every other price held: {@code null} when no price does
     * (a fully collateralised long, say); {@code breached} when equity is already below MM at the mark.
     */
    public record LiquidationPrice(
            String product, BigDecimal quantity, BigDecimal mark, BigDecimal liquidationPrice, boolean breached) {

        public LiquidationPrice {
            quantity = Decimals.plain(quantity);
            mark = Decimals.plain(mark);
            liquidationPrice = liquidationPrice == null ? null : Decimals.plain(liquidationPrice);
        }

        static LiquidationPrice of(ProductLiquidation found) {
            return new LiquidationPrice(
                    found.product().code(), found.quantity(), found.mark(), found.price(), found.liquidatingNow());
        }
    }

    /**
     * One position's Greeks, for the whole position (per unit long times its quantity): delta in units of the underlying,
     * gamma in units per USD, vega in USD per volatility point, theta in USD per day, the delta-equivalent notional
     * in USD; an option's model value (USD per unit) and mark implied volatility. A linear position has delta = its
     * quantity and no other Greek (docs/margin-model.md §8.3).
     */
    public record PositionGreeksView(
            String product,
            String underlying,
            String kind,
            BigDecimal quantity,
            String delta,
            String gamma,
            String vega,
            String theta,
            String deltaNotional,
            String modelValue,
            String iv) {}

    /** An underlying's net Greeks over the account's positions, and its forward. */
    public record UnderlyingGreeksView(
            String underlying,
            String forward,
            String delta,
            String gamma,
            String vega,
            String theta,
            String deltaNotional) {}

    /** An account's Greeks at {@code valuationTime}. */
    public record GreeksView(
            String account,
            Instant valuationTime,
            List<UnderlyingGreeksView> underlyings,
            List<PositionGreeksView> positions) {}

    /**
     * Where moving one underlying, every other price held, puts the account (or the bucket of a position on it) below
     * MM (docs/margin-model.md §8.7): the nearest such forward below and above the current one, to the cent, or
     * {@code null} where none lies in {@code (0, 10 F]}; {@code liquidatingNow} when it is already below.
     */
    public record UnderlyingLiquidation(
            String underlying, BigDecimal forward, boolean liquidatingNow, BigDecimal below, BigDecimal above) {

        public UnderlyingLiquidation {
            forward = Decimals.plain(forward);
            below = below == null ? null : Decimals.plain(below);
            above = above == null ? null : Decimals.plain(above);
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MarginEngine engine;

    @Inject
    ObjectMapper json;

    @Inject
    java.time.Clock clock;

    public MarginView marginOf(String memberCode, String accountCode) {
        return Jdbc.inTransaction(
                dataSource, c -> stored(c, MarginBook.loadForMember(c, memberCode, accountCode, clock.instant())));
    }

    public Page<HistoryPoint> historyOf(String memberCode, String accountCode, PageRequest page) {
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            long account = MarginBook.idOf(c, memberCode, accountCode);
            List<HistoryPoint> items = sql.list(
                    "SELECT im, mm, equity, collateral_value, status, call_amount, "
                            + "schedule_version, scenario_set_id, cause, computed_at, stale_marks, held_marks FROM margin_history "
                            + "WHERE account_id = ? "
                            + "ORDER BY id DESC LIMIT ? OFFSET ?",
                    row -> new HistoryPoint(
                            figures(row),
                            row.string("schedule_version"),
                            row.string("scenario_set_id"),
                            row.string("cause"),
                            row.instant("computed_at"),
                            MarginStore.symbols(row, "stale_marks"),
                            MarginStore.symbols(row, "held_marks")),
                    account,
                    page.size(),
                    (long) page.page() * page.size());
            long total = sql.one(
                    "SELECT count(*) AS n FROM margin_history WHERE account_id = ?",
                    row -> row.longValue("n"),
                    account);
            return new Page<>(items, page.page(), page.size(), total);
        });
    }

    /** The stored figures of a row of {@code account_margin} or {@code margin_history}. */
    private static Figures figures(Row row) throws SQLException {
        BigDecimal im = row.decimal("im");
        BigDecimal equity = row.decimal("equity");
        return new Figures(
                im,
                row.decimal("mm"),
                equity,
                row.decimal("collateral_value"),
                row.string("status"),
                row.decimal("call_amount"),
                equity.subtract(im));
    }

    /**
     * Plain JDBC in one short transaction, without Hibernate: a what-if is read-only unless the demo's synthetic
     * scenario set has to be extended to a new underlying, and it is the member API's most frequent call.
     */
    public WhatIf whatIf(String memberCode, String accountCode, List<HypotheticalTrade> trades) {
        Instant valuationTime = clock.instant();
        return Jdbc.inTransaction(dataSource, c -> {
            MarginBook.AccountInput now = MarginBook.loadForMember(c, memberCode, accountCode, valuationTime);
            MarginBook.AccountInput after = now;
            Set<String> missingIv = new TreeSet<>();
            for (HypotheticalTrade t : trades) {
                after = withTrade(c, after, t, missingIv);
            }
            after = MarginBook.withOptionInputs(c, after, missingIv, valuationTime);
            MarginEngine.Risk risk = engine.covering(c, List.of(after));
            AccountMargin before = MarginEngine.margin(risk, now);
            AccountMargin then = MarginEngine.margin(risk, after);
            Figures b = Figures.of(before);
            Figures a = Figures.of(then);
            return new WhatIf(accountCode, b, a, a.minus(b), valuationTime, tree(then));
        });
    }

    public ModePreview modePreview(String memberCode, String accountCode) {
        return Jdbc.inTransaction(dataSource, c -> {
            MarginBook.AccountInput in = MarginBook.loadForMember(c, memberCode, accountCode, clock.instant());
            MarginEngine.Risk risk = engine.covering(c, List.of(in));
            MarginMode other = in.mode() == MarginMode.CROSS ? MarginMode.ISOLATED : MarginMode.CROSS;
            // switching to isolated leaves every bucket empty until the member allocates to it; to cross pools
            // everything
            MarginBook.AccountInput switched = other == MarginMode.ISOLATED
                    ? in.withMode(other).withCollateral(List.of(), MarginBook.merge(in.unallocated()))
                    : in.withMode(other);
            AccountMargin current = MarginEngine.margin(risk, in);
            AccountMargin preview = MarginEngine.margin(risk, switched);
            return new ModePreview(
                    accountCode,
                    in.mode().name(),
                    Figures.of(current),
                    other.name(),
                    Figures.of(preview),
                    tree(preview));
        });
    }

    public List<LiquidationPrice> liquidationPrices(String memberCode, String accountCode) {
        return Jdbc.inTransaction(dataSource, c -> {
            MarginBook.AccountInput in = MarginBook.loadForMember(c, memberCode, accountCode, clock.instant());
            MarginEngine.Risk risk = engine.covering(c, List.of(in));
            requireCovered(risk, in);
            List<LiquidationPrice> out = new ArrayList<>();
            for (int i = 0; i < in.positions().size(); i++) {
                io.concordia.margin.model.Position p = in.positions().get(i);
                // an option's liquidation is where its underlying moves: liquidation-prices/underlyings
                if (p.quantity().signum() == 0 || p.product().isOption()) {
                    continue;
                }
                out.add(LiquidationPrice.of(ProductLiquidationSearch.DEFAULT.find(
                        in.account(), i, MarginEngine.evaluator(risk.context()))));
            }
            return out;
        });
    }

    /** The Greeks of a member's account. */
    public GreeksView greeksOf(String memberCode, String accountCode) {
        Instant now = clock.instant();
        return Jdbc.inTransaction(
                dataSource, c -> AccountGreeks.of(MarginBook.loadForMember(c, memberCode, accountCode, now), now));
    }

    /** The Greeks of any account, for operators. */
    public GreeksView greeksOf(String accountCode) {
        Instant now = clock.instant();
        return Jdbc.inTransaction(dataSource, c -> AccountGreeks.of(anyAccount(c, accountCode, now), now));
    }

    /**
     * The liquidation forwards of every underlying of a member's account, by full revaluation (options included): the
     * answer for an account that holds options, whose requirement is not linear in one product's price.
     */
    public List<UnderlyingLiquidation> underlyingLiquidationPrices(String memberCode, String accountCode) {
        return Jdbc.inTransaction(dataSource, c -> {
            MarginBook.AccountInput in = MarginBook.loadForMember(c, memberCode, accountCode, clock.instant());
            MarginEngine.Risk risk = engine.covering(c, List.of(in));
            requireCovered(risk, in);
            return AccountGreeks.liquidations(risk, in);
        });
    }

    /**
     * The account as margin-core's replication command line takes it, and the result the service computes for it:
     * {@code request} is a complete replication request (docs/margin-model.md §6: the schedule and scenario set in
     * force, the account's positions, marks, implied volatilities, forwards, valuation time, collateral and cash);
     * {@code result} is the service's margin of it, which the command line reproduces exactly. Both are margin-core's
     * own JSON, numbers as it writes them.
     */
    public JsonNode replicationOf(String memberCode, String accountCode) {
        Instant valuationTime = clock.instant();
        return Jdbc.inTransaction(
                dataSource, c -> replication(c, MarginBook.loadForMember(c, memberCode, accountCode, valuationTime)));
    }

    /** {@link #replicationOf(String, String)} of any account, for operators. */
    public JsonNode replicationOf(String accountCode) {
        Instant valuationTime = clock.instant();
        return Jdbc.inTransaction(dataSource, c -> replication(c, anyAccount(c, accountCode, valuationTime)));
    }

    private JsonNode replication(Connection c, MarginBook.AccountInput in) {
        MarginEngine.Risk risk = engine.covering(c, List.of(in));
        // no stress set in the request: the service margins under the schedule's default sets, as the CLI does without
        // one
        ReplicationRequest request =
                new ReplicationRequest(risk.context().schedule(), risk.context().scenarios(), null, in.account());
        ObjectNode out = json.createObjectNode();
        out.put("account", in.code());
        out.set("request", ReplicationTrees.of(ReplicationCodec.DEFAULT.requestTree(request), json.getNodeFactory()));
        out.set(
                "result",
                ReplicationTrees.of(
                        ReplicationCodec.DEFAULT.resultTree(MarginEngine.margin(risk, in)), json.getNodeFactory()));
        return out;
    }

    /** The current margin of any account, for operators. */
    public MarginView marginOf(String accountCode) {
        Instant valuationTime = clock.instant();
        return Jdbc.inTransaction(dataSource, c -> stored(c, anyAccount(c, accountCode, valuationTime)));
    }

    /** Any member's account, for operators; the CCP's own account is never margined, so not found. */
    private static MarginBook.AccountInput anyAccount(Connection c, String accountCode, Instant valuationTime) {
        long id = MarginBook.idOf(c, null, accountCode);
        MarginBook.AccountInput in =
                MarginBook.load(c, List.of(id), valuationTime).get(id);
        if (in == null) {
            throw ApiProblem.notFound("margin of account", accountCode);
        }
        return in;
    }

    /** An account's stored margin as {@code account_margin} holds it, before its breakdown is computed. */
    private record StoredMargin(
            Figures figures,
            String binding,
            Components components,
            String buckets,
            String scheduleVersion,
            String scenarioSetId,
            String cause,
            Instant computedAt,
            List<String> staleMarks,
            List<String> heldMarks) {}

    private MarginView stored(Connection c, MarginBook.AccountInput in) {
        StoredMargin m = Sql.on(c)
                .first(
                        "SELECT im, mm, equity, collateral_value, status, call_amount, binding, "
                                + "var, es, im_hist, im_stress, binding_stress, im_floor, im_spread, buckets::text AS buckets, schedule_version, "
                                + "scenario_set_id, cause, computed_at, stale_marks, held_marks FROM account_margin WHERE account_id = ?",
                        row -> {
                            String binding = row.string("binding");
                            return new StoredMargin(
                                    figures(row),
                                    binding,
                                    binding == null
                                            ? null
                                            : new Components(
                                                    row.decimal("var"),
                                                    row.decimal("es"),
                                                    row.decimal("im_hist"),
                                                    row.decimal("im_stress"),
                                                    row.string("binding_stress"),
                                                    row.decimal("im_floor"),
                                                    row.decimal("im_spread")),
                                    row.string("buckets"),
                                    row.string("schedule_version"),
                                    row.string("scenario_set_id"),
                                    row.string("cause"),
                                    row.instant("computed_at"),
                                    MarginStore.symbols(row, "stale_marks"),
                                    MarginStore.symbols(row, "held_marks"));
                        },
                        in.id())
                .orElseThrow(() -> ApiProblem.notFound("margin of account", in.code()));
        MarginEngine.Risk risk = engine.covering(c, List.of(in));
        JsonNode breakdown = tree(MarginEngine.margin(risk, in));
        return new MarginView(
                in.code(),
                in.mode().name(),
                m.figures(),
                m.binding(),
                m.components(),
                m.buckets() == null ? null : JsonDecimals.strings(usNames(readTree(m.buckets()))),
                m.scheduleVersion(),
                m.scenarioSetId(),
                m.cause(),
                m.computedAt(),
                m.staleMarks(),
                m.heldMarks(),
                breakdown);
    }

    /** The account after one more fill, by the same novation arithmetic the trade consumer books. */
    private static MarginBook.AccountInput withTrade(
            Connection c, MarginBook.AccountInput in, HypotheticalTrade t, Set<String> missingIv) {
        if (t == null
                || t.product() == null
                || t.quantity() == null
                || t.quantity().signum() == 0) {
            throw ApiProblem.of(ProblemCode.INVALID_TRADE, "every trade needs a product and a non-zero quantity");
        }
        if (t.price() != null && t.price().signum() <= 0) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_TRADE,
                    "price must be positive, was " + t.price().toPlainString());
        }
        List<io.concordia.margin.model.Position> positions = new ArrayList<>(in.positions());
        int index = -1;
        for (int i = 0; i < positions.size(); i++) {
            if (positions.get(i).product().id().code().equals(t.product())) {
                index = i;
            }
        }
        io.concordia.margin.model.Position current =
                index >= 0 ? positions.get(index) : flat(c, t.product(), missingIv);
        BigDecimal price = t.price() != null ? t.price() : current.mark();
        NovatedPosition novated = new NovatedPosition(
                        current.quantity(),
                        current.quantity().signum() == 0 ? BigDecimal.ZERO : current.ref(),
                        current.realized())
                .fill(t.quantity(), price);
        BigDecimal ref = novated.averagePrice().signum() > 0 ? novated.averagePrice() : current.mark();
        io.concordia.margin.model.Position next = new io.concordia.margin.model.Position(
                current.product(), novated.quantity(), current.mark(), ref, novated.realizedPnl(), current.iv());
        if (index >= 0) {
            positions.set(index, next);
        } else {
            positions.add(next);
        }
        return in.withPositions(positions);
    }

    /**
     * A flat position in a listed product, at its mark (or 1 USD while it has none: a flat position has no value); an
     * option without a mark implied volatility is noted in {@code missingIv}.
     */
    private static io.concordia.margin.model.Position flat(Connection c, String symbol, Set<String> missingIv) {
        Listed listed = Sql.on(c)
                .first(
                        "SELECT p.underlying, p.kind, p.expiry, p.strike, p.option_right, p.expires_at, "
                                + "m.price, m.iv FROM product p LEFT JOIN mark m ON m.product_id = p.id WHERE p.symbol = ?",
                        row -> new Listed(MarginBook.product(symbol, row), row.decimal("price"), row.decimal("iv")),
                        symbol)
                .orElseThrow(() -> ApiProblem.of(ProblemCode.UNKNOWN_PRODUCT, "no product '" + symbol + "' is listed"));
        Product product = listed.product();
        BigDecimal mark = listed.mark() != null ? listed.mark() : BigDecimal.ONE;
        BigDecimal iv = listed.iv();
        if (product.isOption() && iv == null) {
            missingIv.add(symbol);
            iv = BigDecimal.ONE;
        }
        return new io.concordia.margin.model.Position(
                product, BigDecimal.ZERO, mark, mark, BigDecimal.ZERO, product.isOption() ? iv : null);
    }

    /** A listed product with its mark and mark implied volatility, if it has them. */
    private record Listed(Product product, BigDecimal mark, BigDecimal iv) {}

    private static void requireCovered(MarginEngine.Risk risk, MarginBook.AccountInput in) {
        if (!MarginEngine.covers(risk, in)) {
            throw ApiProblem.of(
                    ProblemCode.NO_SCENARIOS_FOR_UNDERLYING,
                    "the active scenario set " + risk.scenarioSetId()
                            + " has no history for an underlying of account '" + in.code()
                            + "', which is margined at its full"
                            + " notional; liquidation prices are given under the model only");
        }
    }

    /** margin-core's result as a JSON tree whose amounts are decimal strings, like every other figure of the API. */
    private JsonNode tree(AccountMargin m) {
        return JsonDecimals.strings(ReplicationTrees.of(ReplicationCodec.DEFAULT.resultTree(m), json.getNodeFactory()));
    }

    /**
     * Stored buckets under today's field names: a row margined before the API settled on one spelling says
     * {@code unrealisedPnl} until the account is margined again, and the column is not rewritten (no data migration for a
     * field name).
     */
    static JsonNode usNames(JsonNode buckets) {
        for (JsonNode bucket : buckets) {
            if (bucket instanceof ObjectNode b && b.has("unrealisedPnl") && !b.has("unrealizedPnl")) {
                JsonNode value = b.remove("unrealisedPnl");
                b.set("unrealizedPnl", value);
            }
        }
        return buckets;
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
