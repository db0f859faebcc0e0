package io.concordia.margin.replication;

import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.Binding;
import io.concordia.margin.calc.BucketMargin;
import io.concordia.margin.calc.MarginStatus;
import io.concordia.margin.calc.PortfolioRequirement;
import io.concordia.margin.calc.PositionContribution;
import io.concordia.margin.calc.PositionGreeks;
import io.concordia.margin.calc.UnderlyingCharge;
import io.concordia.margin.calc.UnderlyingGreeks;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionRight;
import io.concordia.margin.model.OptionTerms;
import io.concordia.margin.model.OptionTierParameters;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ProductId;
import io.concordia.margin.model.ProductKind;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.TierParameters;
import io.concordia.margin.model.TierTable;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.HistoryChecks;
import io.concordia.margin.scenario.ScenarioSetBuild;
import io.concordia.types.AssetCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the replication format of docs/margin-model.md (§6): the request, and on their
 * own the {@code schedule} object (the service stores schedules in this form), the {@code scenarios} object, the
 * {@code stress} array and the result. Decimal fields are read exactly (string or number) and written as decimal
 * strings; returns are JSON numbers read as doubles. Unknown fields are rejected so that a misspelt parameter can
 * never silently fall back to a default. Stateless.
 *
 * <p>Optional extensions to the format: {@code schedule.defaultHaircut} (haircut of assets not in
 * {@code haircuts}, default 0.40), {@code portfolio.markSnapshot} (id carried into the result), and
 * {@code positions[].kind} ({@code PERPETUAL}/{@code FUTURE}; when absent, a product id ending in {@code PERP} is a
 * perpetual and anything else a future) with {@code positions[].expiry} (ISO date). The option fields of
 * docs/margin-model.md §8.6: tiers' {@code spotVolBeta}, {@code volUp}, {@code volDown}, {@code shortOptionMinimum};
 * the scenario set's {@code horizonDays}; the portfolio's {@code valuationTime} and {@code forwards}; an
 * {@code OPTION} position's {@code strike}, {@code right}, {@code expiry} (ISO instant) and {@code iv}; stress
 * scenarios' {@code volShifts} and {@code tierVolShifts}; and, in a result with options, {@code imShortOption},
 * {@code greeks} and {@code positionGreeks}.
 */
public final class ReplicationCodec {

    /** The shared instance. */
    public static final ReplicationCodec DEFAULT = new ReplicationCodec();

    /** Class-path location of the provenance of every default of the schedule and of the scenario builder. */
    public static final String PARAMETER_PROVENANCE_RESOURCE = "/io/concordia/margin/parameter-provenance.json";

    private ReplicationCodec() {}

    // ---------------------------------------------------------------- request

    /**
     * Parses a replication request.
     *
     * @param json the request text
     * @return the request
     * @throws JsonException with the JSON path of the first problem
     */
    public ReplicationRequest readRequest(String json) {
        Map<String, Object> root = Fields.obj(Json.parse(json), "request");
        Fields.allowed(root, "request", "schedule", "scenarios", "stress", "portfolio");
        Schedule schedule = scheduleFrom(Fields.required(root, "schedule", "request"), "schedule");
        ScenarioSet scenarios = scenariosFrom(Fields.required(root, "scenarios", "request"), "scenarios");
        StressSet stress = Fields.has(root, "stress") ? stressFrom(root.get("stress"), "stress") : null;
        MarginAccount account = portfolioFrom(Fields.required(root, "portfolio", "request"), "portfolio");
        return new ReplicationRequest(schedule, scenarios, stress, account);
    }

    /**
     * Writes a replication request.
     *
     * @param request the request
     * @return JSON text
     */
    public String writeRequest(ReplicationRequest request) {
        return Json.write(requestTree(request));
    }

    /**
     * A replication request as the value tree {@link #writeRequest} prints (see {@link #resultTree}).
     *
     * @param request the request
     * @return the tree
     */
    public Map<String, Object> requestTree(ReplicationRequest request) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schedule", scheduleTree(request.schedule()));
        m.put("scenarios", scenariosTree(request.scenarios()));
        if (request.stress() != null) {
            m.put("stress", stressTree(request.stress()));
        }
        m.put("portfolio", portfolioTree(request.account()));
        return m;
    }

    // ---------------------------------------------------------------- schedule

    /**
     * Parses a {@code schedule} object on its own.
     *
     * @param json the schedule object
     * @return the schedule
     * @throws JsonException on malformed input
     */
    public Schedule readSchedule(String json) {
        return scheduleFrom(Json.parse(json), "schedule");
    }

    /**
     * Writes a schedule as the {@code schedule} object of the replication format.
     *
     * @param schedule the schedule
     * @return JSON text
     */
    public String writeSchedule(Schedule schedule) {
        return Json.write(scheduleTree(schedule));
    }

    /**
     * The default schedule shipped with margin-core ({@link Schedule#defaults()}): the defaults of docs/margin-model.md
     * (confidence 0.99, stress weight 0.5, maintenance ratio 0.5, the T1/T2/T3 tables, basis rates, stress shocks and
     * haircuts). Override parameters with the schedule's {@code with...} methods.
     *
     * @return the default schedule
     */
    public Schedule defaultSchedule() {
        return Schedule.defaults();
    }

    /**
     * Where every default of the schedule and of the scenario builder comes from, and when it was last reviewed
     * ({@value #PARAMETER_PROVENANCE_RESOURCE}): {@code {"model": ..., "parameters": {"confidence": {"default": ...,
     * "source": ..., "reviewed": "yyyy-mm-dd"}, ...}}}.
     *
     * @return the JSON text
     */
    public String parameterProvenance() {
        return resource(PARAMETER_PROVENANCE_RESOURCE);
    }

    private static String resource(String name) {
        try (InputStream in = ReplicationCodec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Schedule scheduleFrom(Object node, String path) {
        Map<String, Object> m = Fields.obj(node, path);
        Fields.allowed(
                m,
                path,
                "version",
                "confidence",
                "stressWeight",
                "mmRatio",
                "tiers",
                "underlyings",
                "haircuts",
                "defaultHaircut");
        String version = Fields.str(m, "version", path);
        BigDecimal confidence = Fields.dec(m, "confidence", path);
        BigDecimal stressWeight = Fields.dec(m, "stressWeight", path);
        BigDecimal mmRatio = Fields.dec(m, "mmRatio", path);
        Map<String, Object> tiersNode = Fields.obj(Fields.required(m, "tiers", path), path + ".tiers");
        Map<LiquidityTier, TierParameters> tiers = new EnumMap<>(LiquidityTier.class);
        for (Map.Entry<String, Object> e : tiersNode.entrySet()) {
            String tp = path + ".tiers." + e.getKey();
            LiquidityTier tier = Fields.at(tp, () -> LiquidityTier.of(e.getKey()));
            Map<String, Object> t = Fields.obj(e.getValue(), tp);
            Fields.allowed(
                    t,
                    tp,
                    "edges",
                    "rates",
                    "basis",
                    "stressShock",
                    "spotVolBeta",
                    "volUp",
                    "volDown",
                    "shortOptionMinimum");
            List<BigDecimal> edges = decimals(Fields.required(t, "edges", tp), tp + ".edges");
            List<BigDecimal> rates = decimals(Fields.required(t, "rates", tp), tp + ".rates");
            BigDecimal basis = Fields.dec(t, "basis", tp);
            BigDecimal shock = Fields.dec(t, "stressShock", tp);
            OptionTierParameters options = optionTierFrom(t, tier, tp);
            tiers.put(
                    tier, Fields.at(tp, () -> new TierParameters(new TierTable(edges, rates), basis, shock, options)));
        }
        Map<String, Object> uNode = Fields.obj(Fields.required(m, "underlyings", path), path + ".underlyings");
        Map<UnderlyingId, LiquidityTier> underlyings = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : uNode.entrySet()) {
            String up = path + ".underlyings." + e.getKey();
            if (!(e.getValue() instanceof String s)) {
                throw new JsonException(up + ": expected a tier name string, got: " + Fields.describe(e.getValue()));
            }
            underlyings.put(Fields.at(up, () -> UnderlyingId.of(e.getKey())), Fields.at(up, () -> LiquidityTier.of(s)));
        }
        Map<String, Object> hNode = Fields.obj(Fields.required(m, "haircuts", path), path + ".haircuts");
        Map<AssetCode, BigDecimal> haircuts = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : hNode.entrySet()) {
            String hp = path + ".haircuts." + e.getKey();
            haircuts.put(Fields.at(hp, () -> AssetCode.of(e.getKey())), Fields.dec(e.getValue(), hp));
        }
        BigDecimal defaultHaircut = Fields.has(m, "defaultHaircut") ? Fields.dec(m, "defaultHaircut", path) : null;
        return Fields.at(
                path,
                () -> new Schedule(
                        version, confidence, stressWeight, mmRatio, tiers, underlyings, haircuts, defaultHaircut));
    }

    /** The tier's option parameters when it gives any (the rest from the tier's defaults), else {@code null}. */
    private static OptionTierParameters optionTierFrom(Map<String, Object> t, LiquidityTier tier, String path) {
        if (!Fields.has(t, "spotVolBeta")
                && !Fields.has(t, "volUp")
                && !Fields.has(t, "volDown")
                && !Fields.has(t, "shortOptionMinimum")) {
            return null;
        }
        OptionTierParameters d = OptionTierParameters.defaultFor(tier);
        BigDecimal kappa = Fields.has(t, "spotVolBeta") ? Fields.dec(t, "spotVolBeta", path) : d.spotVolBeta();
        BigDecimal up = Fields.has(t, "volUp") ? Fields.dec(t, "volUp", path) : d.volUp();
        BigDecimal down = Fields.has(t, "volDown") ? Fields.dec(t, "volDown", path) : d.volDown();
        BigDecimal som = Fields.has(t, "shortOptionMinimum")
                ? Fields.dec(t, "shortOptionMinimum", path)
                : d.shortOptionMinimum();
        return Fields.at(path, () -> new OptionTierParameters(kappa, up, down, som));
    }

    private static List<BigDecimal> decimals(Object node, String path) {
        List<Object> l = Fields.arr(node, path);
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(Fields.dec(l.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    Map<String, Object> scheduleTree(Schedule s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", s.version());
        m.put("confidence", s.confidence().toPlainString());
        m.put("stressWeight", s.stressWeight().toPlainString());
        m.put("mmRatio", s.mmRatio().toPlainString());
        Map<String, Object> tiers = new LinkedHashMap<>();
        s.tiers().forEach((tier, p) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put(
                    "edges",
                    p.table().edges().stream().map(BigDecimal::toPlainString).toList());
            t.put(
                    "rates",
                    p.table().rates().stream().map(BigDecimal::toPlainString).toList());
            t.put("basis", p.basis().toPlainString());
            t.put("stressShock", p.stressShock().toPlainString());
            if (p.options() != null) {
                t.put("spotVolBeta", p.options().spotVolBeta().toPlainString());
                t.put("volUp", p.options().volUp().toPlainString());
                t.put("volDown", p.options().volDown().toPlainString());
                t.put("shortOptionMinimum", p.options().shortOptionMinimum().toPlainString());
            }
            tiers.put(tier.name(), t);
        });
        m.put("tiers", tiers);
        Map<String, Object> u = new LinkedHashMap<>();
        s.underlyings().forEach((k, v) -> u.put(k.code(), v.name()));
        m.put("underlyings", u);
        Map<String, Object> h = new LinkedHashMap<>();
        s.haircuts().forEach((k, v) -> h.put(k.code(), v.toPlainString()));
        m.put("haircuts", h);
        m.put("defaultHaircut", s.defaultHaircut().toPlainString());
        return m;
    }

    // ---------------------------------------------------------------- scenarios

    /**
     * Parses a {@code scenarios} object on its own: {@code {"id": ..., "returns": {"BTC": [..], ...}}}, optionally with
     * the record of a built set ({@link #writeScenarioSetBuild}), which it accepts and does not use.
     *
     * @param json the object
     * @return the scenario set
     * @throws JsonException on malformed input, ragged arrays, non-finite returns or an empty set
     */
    public ScenarioSet readScenarios(String json) {
        return scenariosFrom(Json.parse(json), "scenarios");
    }

    /**
     * Writes a scenario set as the {@code scenarios} object.
     *
     * @param set the scenario set
     * @return JSON text
     */
    public String writeScenarios(ScenarioSet set) {
        return Json.write(scenariosTree(set));
    }

    /**
     * Writes a built scenario set (docs/margin-model.md, "Building a scenario set", step 6) as a {@code scenarios}
     * object that also carries its record: {@code id}, {@code modelVersion}, {@code parameters} ({@code horizon},
     * {@code lambda}, {@code phi}, {@code floorLookback}, {@code window} or null for all, {@code calendar},
     * {@code minHistory}, {@code acceptSpikes}), {@code firstDate} and {@code lastDate} (of the first and last
     * scenario), {@code closes} ({@code firstDate}, {@code lastDate}, {@code count} per underlying, {@code sha256})
     * and {@code returns}. The text is a function of the build alone, so the command line and the service write the
     * same bytes for the same closes and parameters.
     *
     * @param build the built set
     * @return JSON text, readable by {@link #readScenarios} and usable as a request's {@code scenarios}
     */
    public String writeScenarioSetBuild(ScenarioSetBuild build) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", build.id());
        m.put("modelVersion", build.modelVersion().label());
        m.put("parameters", scenarioParametersTree(build.parameters(), build.checks()));
        m.put("firstDate", build.firstDate().toString());
        m.put("lastDate", build.lastDate().toString());
        Map<String, Object> closes = new LinkedHashMap<>();
        closes.put("firstDate", build.closesFirstDate().toString());
        closes.put("lastDate", build.lastDate().toString());
        closes.put("count", build.closesCount());
        closes.put("sha256", build.closesSha256());
        m.put("closes", closes);
        m.put("returns", scenariosTree(build.set()).get("returns"));
        return Json.write(m);
    }

    /**
     * The parameters of a build as {@link #writeScenarioSetBuild} writes them, the minimum history resolved to its
     * value at the horizon.
     *
     * @param params the model's parameters
     * @param checks the input checks' settings
     * @return an ordered map of JSON values
     */
    public Map<String, Object> scenarioParametersTree(FhsParameters params, HistoryChecks checks) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("horizon", params.horizon());
        p.put("lambda", params.lambda().toPlainString());
        p.put("phi", params.phi().toPlainString());
        p.put("floorLookback", params.floorLookback());
        p.put("window", params.window() == null ? Json.NULL : params.window());
        p.put("calendar", checks.calendar().name());
        p.put("minHistory", checks.minHistoryAt(params.horizon()));
        p.put(
                "acceptSpikes",
                checks.acceptSpikes().stream().map(d -> (Object) d.toString()).toList());
        return p;
    }

    ScenarioSet scenariosFrom(Object node, String path) {
        Map<String, Object> m = Fields.obj(node, path);
        // the record of a built set is descriptive: the margin calculation reads only id and returns
        Fields.allowed(
                m,
                path,
                "id",
                "returns",
                "horizonDays",
                "modelVersion",
                "parameters",
                "firstDate",
                "lastDate",
                "closes");
        String id = Fields.str(m, "id", path);
        Integer horizonDays = horizonDaysFrom(m, path);
        Map<String, Object> r = Fields.obj(Fields.required(m, "returns", path), path + ".returns");
        Map<UnderlyingId, double[]> returns = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : r.entrySet()) {
            String rp = path + ".returns." + e.getKey();
            List<Object> l = Fields.arr(e.getValue(), rp);
            double[] row = new double[l.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = Fields.num(l.get(i), rp + "[" + i + "]");
            }
            returns.put(Fields.at(rp, () -> UnderlyingId.of(e.getKey())), row);
        }
        return Fields.at(path, () -> {
            ScenarioSet set = ScenarioSet.of(id, returns);
            return horizonDays == null ? set : set.withHorizonDays(horizonDays);
        });
    }

    /** {@code horizonDays}, else the recorded {@code parameters.horizon} of a built set, else {@code null} (the default). */
    private static Integer horizonDaysFrom(Map<String, Object> m, String path) {
        if (Fields.has(m, "horizonDays")) {
            return Fields.at(
                    path + ".horizonDays",
                    () -> Fields.dec(m, "horizonDays", path).intValueExact());
        }
        if (Fields.has(m, "parameters")) {
            Map<String, Object> p = Fields.obj(m.get("parameters"), path + ".parameters");
            if (Fields.has(p, "horizon")) {
                return Fields.at(
                        path + ".parameters.horizon",
                        () -> Fields.dec(p, "horizon", path + ".parameters").intValueExact());
            }
        }
        return null;
    }

    Map<String, Object> scenariosTree(ScenarioSet set) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", set.id());
        if (set.horizonDays() != ScenarioSet.DEFAULT_HORIZON_DAYS) {
            m.put("horizonDays", set.horizonDays());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        set.toMap().forEach((u, row) -> {
            List<Object> l = new ArrayList<>(row.length);
            for (double x : row) {
                l.add(x);
            }
            r.put(u.code(), l);
        });
        m.put("returns", r);
        return m;
    }

    // ---------------------------------------------------------------- stress

    /**
     * Parses a {@code stress} array on its own.
     *
     * @param json the array
     * @return the stress set
     * @throws JsonException on malformed input
     */
    public StressSet readStress(String json) {
        return stressFrom(Json.parse(json), "stress");
    }

    /**
     * Writes a stress set as the {@code stress} array.
     *
     * @param set the stress set
     * @return JSON text
     */
    public String writeStress(StressSet set) {
        return Json.write(stressTree(set));
    }

    StressSet stressFrom(Object node, String path) {
        List<Object> l = Fields.arr(node, path);
        List<StressScenario> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String sp = path + "[" + i + "]";
            Map<String, Object> s = Fields.obj(l.get(i), sp);
            Fields.allowed(s, sp, "name", "returns", "tierShocks", "volShifts", "tierVolShifts");
            String name = Fields.str(s, "name", sp);
            Map<UnderlyingId, Double> returns = new LinkedHashMap<>();
            if (Fields.has(s, "returns")) {
                for (Map.Entry<String, Object> e :
                        Fields.obj(s.get("returns"), sp + ".returns").entrySet()) {
                    String rp = sp + ".returns." + e.getKey();
                    returns.put(Fields.at(rp, () -> UnderlyingId.of(e.getKey())), Fields.num(e.getValue(), rp));
                }
            }
            Map<LiquidityTier, Double> shocks = new EnumMap<>(LiquidityTier.class);
            if (Fields.has(s, "tierShocks")) {
                for (Map.Entry<String, Object> e :
                        Fields.obj(s.get("tierShocks"), sp + ".tierShocks").entrySet()) {
                    String tp = sp + ".tierShocks." + e.getKey();
                    shocks.put(Fields.at(tp, () -> LiquidityTier.of(e.getKey())), Fields.num(e.getValue(), tp));
                }
            }
            Map<UnderlyingId, Double> volShifts = new LinkedHashMap<>();
            if (Fields.has(s, "volShifts")) {
                for (Map.Entry<String, Object> e :
                        Fields.obj(s.get("volShifts"), sp + ".volShifts").entrySet()) {
                    String vp = sp + ".volShifts." + e.getKey();
                    volShifts.put(Fields.at(vp, () -> UnderlyingId.of(e.getKey())), Fields.num(e.getValue(), vp));
                }
            }
            Map<LiquidityTier, Double> tierVolShifts = new EnumMap<>(LiquidityTier.class);
            if (Fields.has(s, "tierVolShifts")) {
                for (Map.Entry<String, Object> e : Fields.obj(s.get("tierVolShifts"), sp + ".tierVolShifts")
                        .entrySet()) {
                    String vp = sp + ".tierVolShifts." + e.getKey();
                    tierVolShifts.put(Fields.at(vp, () -> LiquidityTier.of(e.getKey())), Fields.num(e.getValue(), vp));
                }
            }
            out.add(Fields.at(sp, () -> new StressScenario(name, returns, shocks, volShifts, tierVolShifts)));
        }
        return Fields.at(path, () -> StressSet.of(out));
    }

    List<Object> stressTree(StressSet set) {
        List<Object> l = new ArrayList<>();
        for (StressScenario s : set.scenarios()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            Map<String, Object> r = new LinkedHashMap<>();
            s.returns().forEach((u, x) -> r.put(u.code(), x));
            m.put("returns", r);
            Map<String, Object> t = new LinkedHashMap<>();
            s.tierShocks().forEach((tier, x) -> t.put(tier.name(), x));
            m.put("tierShocks", t);
            if (!s.volShifts().isEmpty()) {
                Map<String, Object> v = new LinkedHashMap<>();
                s.volShifts().forEach((u, x) -> v.put(u.code(), x));
                m.put("volShifts", v);
            }
            if (!s.tierVolShifts().isEmpty()) {
                Map<String, Object> v = new LinkedHashMap<>();
                s.tierVolShifts().forEach((tier, x) -> v.put(tier.name(), x));
                m.put("tierVolShifts", v);
            }
            l.add(m);
        }
        return l;
    }

    // ---------------------------------------------------------------- portfolio

    MarginAccount portfolioFrom(Object node, String path) {
        Map<String, Object> m = Fields.obj(node, path);
        Fields.allowed(m, path, "mode", "positions", "collateral", "markSnapshot", "cash", "valuationTime", "forwards");
        String modeName = Fields.str(m, "mode", path);
        MarginMode mode = Fields.at(path + ".mode", () -> MarginMode.of(modeName));
        List<Object> ps = Fields.arr(Fields.required(m, "positions", path), path + ".positions");
        List<Position> positions = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            String pp = path + ".positions[" + i + "]";
            Map<String, Object> p = Fields.obj(ps.get(i), pp);
            Fields.allowed(
                    p,
                    pp,
                    "product",
                    "underlying",
                    "quantity",
                    "mark",
                    "ref",
                    "realized",
                    "kind",
                    "expiry",
                    "strike",
                    "right",
                    "iv");
            String product = Fields.str(p, "product", pp);
            String underlying = Fields.str(p, "underlying", pp);
            String kindName = Fields.optStr(p, "kind", pp);
            String expiryText = Fields.optStr(p, "expiry", pp);
            BigDecimal q = Fields.dec(p, "quantity", pp);
            BigDecimal mark = Fields.dec(p, "mark", pp);
            BigDecimal ref = Fields.dec(p, "ref", pp);
            BigDecimal realized = Fields.has(p, "realized") ? Fields.dec(p, "realized", pp) : BigDecimal.ZERO;
            BigDecimal strike = Fields.has(p, "strike") ? Fields.dec(p, "strike", pp) : null;
            String rightName = Fields.optStr(p, "right", pp);
            BigDecimal iv = Fields.has(p, "iv") ? Fields.dec(p, "iv", pp) : null;
            positions.add(Fields.at(pp, () -> {
                ProductKind kind = kindName != null
                        ? ProductKind.of(kindName)
                        : product.endsWith("PERP") ? ProductKind.PERPETUAL : ProductKind.FUTURE;
                if (kind == ProductKind.OPTION) {
                    return optionPosition(
                            product, underlying, q, mark, ref, realized, strike, rightName, expiryText, iv);
                }
                if (strike != null || rightName != null || iv != null) {
                    throw new IllegalArgumentException(
                            "strike, right and iv apply to kind OPTION only, got kind " + kind);
                }
                LocalDate expiry;
                try {
                    expiry = expiryText == null ? null : LocalDate.parse(expiryText);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("expiry must be an ISO date, got: " + expiryText);
                }
                Product prod = new Product(ProductId.of(product), UnderlyingId.of(underlying), kind, expiry);
                return new Position(prod, q, mark, ref, realized);
            }));
        }
        List<Object> cs = Fields.arr(Fields.required(m, "collateral", path), path + ".collateral");
        List<CollateralHolding> collateral = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            String cp = path + ".collateral[" + i + "]";
            Map<String, Object> c = Fields.obj(cs.get(i), cp);
            Fields.allowed(c, cp, "asset", "quantity", "price", "bucket");
            String asset = Fields.str(c, "asset", cp);
            BigDecimal q = Fields.dec(c, "quantity", cp);
            BigDecimal price = Fields.dec(c, "price", cp);
            String bucket = Fields.optStr(c, "bucket", cp);
            collateral.add(Fields.at(
                    cp,
                    () -> new CollateralHolding(
                            AssetCode.of(asset), q, price, bucket == null ? null : ProductId.of(bucket))));
        }
        String snapshot = Fields.optStr(m, "markSnapshot", path);
        BigDecimal cash = Fields.has(m, "cash") ? Fields.dec(m, "cash", path) : BigDecimal.ZERO;
        OptionMarket market = marketFrom(m, path);
        return Fields.at(path, () -> new MarginAccount(mode, positions, collateral, snapshot, cash, market));
    }

    private static Position optionPosition(
            String product,
            String underlying,
            BigDecimal q,
            BigDecimal mark,
            BigDecimal ref,
            BigDecimal realized,
            BigDecimal strike,
            String rightName,
            String expiryText,
            BigDecimal iv) {
        if (strike == null || rightName == null || expiryText == null || iv == null) {
            throw new IllegalArgumentException("an OPTION position needs strike, right, expiry and iv");
        }
        Instant expiry;
        try {
            expiry = Instant.parse(expiryText);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "expiry of an option must be an ISO instant such as 2026-12-31T08:00:00Z, got: " + expiryText);
        }
        Product prod = new Product(
                ProductId.of(product),
                UnderlyingId.of(underlying),
                ProductKind.OPTION,
                null,
                new OptionTerms(strike, OptionRight.of(rightName), expiry));
        return new Position(prod, q, mark, ref, realized, iv);
    }

    /** {@code valuationTime} and {@code forwards}, both or neither; {@code null} when neither is given. */
    private static OptionMarket marketFrom(Map<String, Object> m, String path) {
        boolean hasTime = Fields.has(m, "valuationTime");
        boolean hasForwards = Fields.has(m, "forwards");
        if (!hasTime && !hasForwards) {
            return null;
        }
        if (!hasTime || !hasForwards) {
            throw new JsonException(path + ": valuationTime and forwards go together, got only "
                    + (hasTime ? "valuationTime" : "forwards"));
        }
        String timeText = Fields.str(m, "valuationTime", path);
        Instant time = Fields.at(path + ".valuationTime", () -> {
            try {
                return Instant.parse(timeText);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "valuationTime must be an ISO instant such as 2026-12-01T08:00:00Z, got: " + timeText);
            }
        });
        Map<UnderlyingId, BigDecimal> forwards = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e :
                Fields.obj(m.get("forwards"), path + ".forwards").entrySet()) {
            String fp = path + ".forwards." + e.getKey();
            forwards.put(Fields.at(fp, () -> UnderlyingId.of(e.getKey())), Fields.dec(e.getValue(), fp));
        }
        return Fields.at(path, () -> new OptionMarket(time, forwards));
    }

    Map<String, Object> portfolioTree(MarginAccount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", a.mode().name());
        List<Object> ps = new ArrayList<>();
        for (Position p : a.positions()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("product", p.product().id().code());
            pm.put("underlying", p.underlying().code());
            pm.put("kind", p.product().kind().name());
            if (p.product().expiry() != null) {
                pm.put("expiry", p.product().expiry().toString());
            }
            OptionTerms terms = p.product().option();
            if (terms != null) {
                pm.put("strike", terms.strike().toPlainString());
                pm.put("right", terms.right().name());
                pm.put("expiry", terms.expiry().toString());
                pm.put("iv", p.iv().toPlainString());
            }
            pm.put("quantity", p.quantity().toPlainString());
            pm.put("mark", p.mark().toPlainString());
            pm.put("ref", p.ref().toPlainString());
            if (p.realized().signum() != 0) {
                pm.put("realized", p.realized().toPlainString());
            }
            ps.add(pm);
        }
        m.put("positions", ps);
        List<Object> cs = new ArrayList<>();
        for (CollateralHolding c : a.collateral()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("asset", c.asset().code());
            cm.put("quantity", c.quantity().toPlainString());
            cm.put("price", c.price().toPlainString());
            if (c.bucket() != null) {
                cm.put("bucket", c.bucket().code());
            }
            cs.add(cm);
        }
        m.put("collateral", cs);
        if (a.cash().signum() != 0) {
            m.put("cash", a.cash().toPlainString());
        }
        if (a.markSnapshotId() != null) {
            m.put("markSnapshot", a.markSnapshotId());
        }
        if (a.market() != null) {
            m.put("valuationTime", a.market().valuationTime().toString());
            Map<String, Object> f = new LinkedHashMap<>();
            a.market().forwards().forEach((u, x) -> f.put(u.code(), x.toPlainString()));
            m.put("forwards", f);
        }
        return m;
    }

    // ---------------------------------------------------------------- result

    /**
     * Writes a result: {@code im, mm, equity, status, callAmount, collateralValue, components, buckets} and the ids
     * of the schedule version, scenario set and mark snapshot. Money fields are decimal strings at scale 2; the
     * double-valued components are JSON numbers. {@code components} also carries {@code floors} and
     * {@code spreads} per underlying, the per-underlying detail and each position's {@code esContribution}. In
     * isolated mode the top-level {@code components} is {@code null} and every bucket carries its own.
     *
     * @param m the account margin
     * @return JSON text
     */
    public String writeResult(AccountMargin m) {
        return Json.write(resultTree(m));
    }

    /**
     * Writes the buckets of an isolated account's margin as they appear in its result (an empty list when cross).
     *
     * @param m the account margin
     * @return JSON text, a list
     */
    public String writeBuckets(AccountMargin m) {
        return Json.write(resultTree(m).get("buckets"));
    }

    /**
     * A result as the value tree {@link #writeResult} prints, for a caller that embeds it in JSON of its own instead
     * of printing it: objects are insertion-ordered {@code Map<String, Object>}, arrays {@code List<Object>}, money a
     * decimal {@link String}, diagnostics a finite {@link Double}, counts an {@link Integer}, and {@link Json#NULL} a
     * JSON {@code null}.
     *
     * @param a the account margin
     * @return the tree
     */
    public Map<String, Object> resultTree(AccountMargin a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", a.mode().name());
        m.put("im", a.im().toPlainString());
        m.put("mm", a.mm().toPlainString());
        m.put("equity", a.equity().toPlainString());
        m.put("status", a.status().name());
        m.put("callAmount", a.callAmount().toPlainString());
        m.put("collateralValue", a.collateralValue().toPlainString());
        m.put("components", a.components() == null ? Json.NULL : componentsTree(a.components()));
        List<Object> buckets = new ArrayList<>();
        for (BucketMargin b : a.buckets()) {
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("product", b.product().code());
            bm.put("im", b.im().toPlainString());
            bm.put("mm", b.mm().toPlainString());
            bm.put("equity", b.equity().toPlainString());
            bm.put("status", b.status().name());
            bm.put("callAmount", b.callAmount().toPlainString());
            bm.put("collateralValue", b.collateralValue().toPlainString());
            bm.put("unrealizedPnl", b.unrealizedPnl().toPlainString());
            bm.put("components", componentsTree(b.requirement()));
            buckets.add(bm);
        }
        m.put("buckets", buckets);
        m.put("scheduleVersion", a.scheduleVersion());
        m.put("scenarioSetId", a.scenarioSetId());
        m.put("markSnapshot", a.markSnapshotId() == null ? Json.NULL : a.markSnapshotId());
        return m;
    }

    private Map<String, Object> componentsTree(PortfolioRequirement r) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("var", r.var());
        c.put("es", r.es());
        c.put("imHist", r.imHist());
        c.put("imStress", r.imStress());
        c.put("bindingStress", r.bindingStress());
        c.put("imFloor", r.imFloor());
        c.put("imSpread", r.imSpread());
        c.put("binding", r.binding().name());
        c.put("im", r.im().toPlainString());
        c.put("mm", r.mm().toPlainString());
        c.put("scenarioCount", r.scenarioCount());
        c.put("tailCount", r.tailCount());
        Map<String, Object> floors = new LinkedHashMap<>();
        Map<String, Object> spreads = new LinkedHashMap<>();
        List<Object> detail = new ArrayList<>();
        for (UnderlyingCharge u : r.underlyings()) {
            floors.put(u.underlying().code(), u.floor());
            spreads.put(u.underlying().code(), u.spread());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("underlying", u.underlying().code());
            d.put("tier", u.tier().name());
            d.put("netNotional", u.netNotional());
            d.put("floor", u.floor());
            d.put("grossLong", u.grossLong());
            d.put("grossShort", u.grossShort());
            d.put("spread", u.spread());
            detail.add(d);
        }
        c.put("floors", floors);
        c.put("spreads", spreads);
        c.put("underlyings", detail);
        List<Object> contributions = new ArrayList<>();
        for (PositionContribution p : r.contributions()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("product", p.product().code());
            d.put("underlying", p.underlying().code());
            d.put("notional", p.notional());
            d.put("esContribution", p.esContribution());
            contributions.add(d);
        }
        c.put("contributions", contributions);
        if (r.hasOptions()) {
            c.put("imShortOption", r.imShortOption());
            List<Object> greeks = new ArrayList<>();
            for (UnderlyingGreeks g : r.greeks()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("underlying", g.underlying().code());
                d.put("delta", g.delta());
                d.put("gamma", g.gamma());
                d.put("vega", g.vega());
                d.put("theta", g.theta());
                d.put("deltaNotional", g.deltaNotional());
                greeks.add(d);
            }
            c.put("greeks", greeks);
            List<Object> positions = new ArrayList<>();
            for (PositionGreeks g : r.positionGreeks()) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("product", g.product().code());
                d.put("underlying", g.underlying().code());
                d.put("delta", g.delta());
                d.put("gamma", g.gamma());
                d.put("vega", g.vega());
                d.put("theta", g.theta());
                if (g.modelValue() != null) {
                    d.put("modelValue", g.modelValue());
                    d.put("iv", g.iv().toPlainString());
                }
                positions.add(d);
            }
            c.put("positionGreeks", positions);
        }
        return c;
    }

    /**
     * Reads a result written by {@link #writeResult}.
     *
     * @param json the result text
     * @return the account margin
     * @throws JsonException on malformed input
     */
    public AccountMargin readResult(String json) {
        Map<String, Object> m = Fields.obj(Json.parse(json), "result");
        String path = "result";
        MarginMode mode = Fields.at(path + ".mode", () -> MarginMode.of(Fields.str(m, "mode", path)));
        PortfolioRequirement components =
                Fields.has(m, "components") ? componentsFrom(m.get("components"), path + ".components") : null;
        List<BucketMargin> buckets = new ArrayList<>();
        List<Object> bl = Fields.arr(Fields.required(m, "buckets", path), path + ".buckets");
        for (int i = 0; i < bl.size(); i++) {
            String bp = path + ".buckets[" + i + "]";
            Map<String, Object> b = Fields.obj(bl.get(i), bp);
            buckets.add(new BucketMargin(
                    Fields.at(bp, () -> ProductId.of(Fields.str(b, "product", bp))),
                    componentsFrom(Fields.required(b, "components", bp), bp + ".components"),
                    Fields.dec(b, "collateralValue", bp),
                    Fields.dec(b, "unrealizedPnl", bp),
                    Fields.dec(b, "equity", bp),
                    Fields.at(bp, () -> MarginStatus.valueOf(Fields.str(b, "status", bp))),
                    Fields.dec(b, "callAmount", bp)));
        }
        return new AccountMargin(
                mode,
                Fields.dec(m, "im", path),
                Fields.dec(m, "mm", path),
                Fields.dec(m, "collateralValue", path),
                Fields.dec(m, "equity", path),
                Fields.at(path, () -> MarginStatus.valueOf(Fields.str(m, "status", path))),
                Fields.dec(m, "callAmount", path),
                components,
                buckets,
                Fields.str(m, "scheduleVersion", path),
                Fields.str(m, "scenarioSetId", path),
                Fields.optStr(m, "markSnapshot", path));
    }

    private PortfolioRequirement componentsFrom(Object node, String path) {
        Map<String, Object> c = Fields.obj(node, path);
        List<UnderlyingCharge> charges = new ArrayList<>();
        List<Object> ul = Fields.arr(Fields.required(c, "underlyings", path), path + ".underlyings");
        for (int i = 0; i < ul.size(); i++) {
            String up = path + ".underlyings[" + i + "]";
            Map<String, Object> u = Fields.obj(ul.get(i), up);
            charges.add(Fields.at(
                    up,
                    () -> new UnderlyingCharge(
                            UnderlyingId.of(Fields.str(u, "underlying", up)),
                            LiquidityTier.of(Fields.str(u, "tier", up)),
                            dbl(u, "netNotional", up),
                            dbl(u, "floor", up),
                            dbl(u, "grossLong", up),
                            dbl(u, "grossShort", up),
                            dbl(u, "spread", up))));
        }
        List<PositionContribution> contributions = new ArrayList<>();
        List<Object> pl = Fields.arr(Fields.required(c, "contributions", path), path + ".contributions");
        for (int i = 0; i < pl.size(); i++) {
            String pp = path + ".contributions[" + i + "]";
            Map<String, Object> p = Fields.obj(pl.get(i), pp);
            contributions.add(Fields.at(
                    pp,
                    () -> new PositionContribution(
                            ProductId.of(Fields.str(p, "product", pp)),
                            UnderlyingId.of(Fields.str(p, "underlying", pp)),
                            dbl(p, "notional", pp),
                            dbl(p, "esContribution", pp))));
        }
        List<UnderlyingGreeks> greeks = new ArrayList<>();
        List<PositionGreeks> positionGreeks = new ArrayList<>();
        if (Fields.has(c, "positionGreeks")) {
            List<Object> gl = Fields.arr(Fields.required(c, "greeks", path), path + ".greeks");
            for (int i = 0; i < gl.size(); i++) {
                String gp = path + ".greeks[" + i + "]";
                Map<String, Object> g = Fields.obj(gl.get(i), gp);
                greeks.add(Fields.at(
                        gp,
                        () -> new UnderlyingGreeks(
                                UnderlyingId.of(Fields.str(g, "underlying", gp)),
                                dbl(g, "delta", gp),
                                dbl(g, "gamma", gp),
                                dbl(g, "vega", gp),
                                dbl(g, "theta", gp),
                                dbl(g, "deltaNotional", gp))));
            }
            List<Object> ql = Fields.arr(c.get("positionGreeks"), path + ".positionGreeks");
            for (int i = 0; i < ql.size(); i++) {
                String gp = path + ".positionGreeks[" + i + "]";
                Map<String, Object> g = Fields.obj(ql.get(i), gp);
                Double value = Fields.has(g, "modelValue") ? dbl(g, "modelValue", gp) : null;
                BigDecimal iv = Fields.has(g, "iv") ? Fields.dec(g, "iv", gp) : null;
                positionGreeks.add(Fields.at(
                        gp,
                        () -> new PositionGreeks(
                                ProductId.of(Fields.str(g, "product", gp)),
                                UnderlyingId.of(Fields.str(g, "underlying", gp)),
                                dbl(g, "delta", gp),
                                dbl(g, "gamma", gp),
                                dbl(g, "vega", gp),
                                dbl(g, "theta", gp),
                                value,
                                iv)));
            }
        }
        double imShortOption = Fields.has(c, "imShortOption") ? dbl(c, "imShortOption", path) : 0.0;
        return Fields.at(
                path,
                () -> new PortfolioRequirement(
                        dbl(c, "var", path),
                        dbl(c, "es", path),
                        dbl(c, "imHist", path),
                        dbl(c, "imStress", path),
                        Fields.str(c, "bindingStress", path),
                        dbl(c, "imFloor", path),
                        dbl(c, "imSpread", path),
                        Binding.valueOf(Fields.str(c, "binding", path)),
                        charges,
                        contributions,
                        Fields.dec(c, "scenarioCount", path).intValueExact(),
                        Fields.dec(c, "tailCount", path).intValueExact(),
                        Fields.dec(c, "im", path),
                        Fields.dec(c, "mm", path),
                        imShortOption,
                        greeks,
                        positionGreeks));
    }

    private static double dbl(Map<String, Object> m, String key, String path) {
        return Fields.num(Fields.required(m, key, path), path + "." + key);
    }
}
