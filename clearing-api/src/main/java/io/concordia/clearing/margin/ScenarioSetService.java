package io.concordia.clearing.margin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.common.Text;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.replication.Json;
import io.concordia.margin.replication.PriceHistoryCsv;
import io.concordia.margin.replication.ReplicationCodec;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.HistoryChecks;
import io.concordia.margin.scenario.HistoryProblem;
import io.concordia.margin.scenario.HistoryValidation;
import io.concordia.margin.scenario.ModelVersion;
import io.concordia.margin.scenario.ScenarioBuilder;
import io.concordia.margin.scenario.ScenarioSetBuild;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scenario sets: operators upload daily closes, margin-core checks them and builds the filtered historical scenarios
 * (docs/margin-model.md, "Building a scenario set"), one set is active. A set keeps the model version it was built
 * under: a 1.1 set is stored as built, the JSON margin-core's {@code build-scenarios} writes for the same closes and
 * parameters, and read back as it is; a set stored under 1.0 holds only its closes and parameters and is rebuilt by
 * the 1.0 rules, so its id always names the same numbers.
 */
@ApplicationScoped
public class ScenarioSetService {

    /**
     * What an operator reads of a set: {@code firstDay}/{@code lastDay} are its closes', {@code firstScenarioDay} and
     * {@code lastScenarioDay} the days its first and last scenario end on, and {@code closesSha256} the hash of its
     * closes' canonical form (those three are null for sets built under 1.0).
     */
    public record ScenarioSetView(
            String id,
            String source,
            String modelVersion,
            List<String> underlyings,
            LocalDate firstDay,
            LocalDate lastDay,
            LocalDate firstScenarioDay,
            LocalDate lastScenarioDay,
            int scenarioCount,
            Map<String, Object> parameters,
            String closesSha256,
            boolean active,
            String createdBy,
            Instant createdAt,
            Instant activatedAt) {}

    /** One reason a price history was refused, as the 422 lists it. */
    public record HistoryProblemView(String code, String underlying, LocalDate date, Integer line, String message) {
        static HistoryProblemView of(HistoryProblem p) {
            return new HistoryProblemView(p.code().name(), p.underlying(), p.date(), p.line(), p.message());
        }
    }

    /** Beyond this many, a refusal lists the first ones and says how many there are. */
    static final int MAX_LISTED_PROBLEMS = 1000;

    /** The underlyings the demo's synthetic set always covers, besides those of listed products. */
    static final List<String> SYNTHETIC_BASE = List.of("BTC", "ETH", "SOL");

    static final int SYNTHETIC_DAYS = 1002;
    static final long SYNTHETIC_SEED = 20131130L;
    static final String SYNTHETIC_ID_PREFIX = "synthetic-";
    private static final long ACTIVATION_LOCK = 0x5343_454EL; // "SCEN"

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * Builds a set under the current model version from uploaded closes; null parameters take margin-core's defaults.
     * A refused history is a 422 listing every problem with its underlying, date and line.
     */
    @Transactional
    public ScenarioSetView upload(
            String requestedId,
            String csv,
            Integer horizon,
            BigDecimal lambda,
            BigDecimal phi,
            Integer floorLookback,
            Integer window,
            String calendar,
            Integer minHistory,
            List<String> acceptSpikes) {
        FhsParameters params;
        HistoryChecks checks;
        try {
            params = FhsParameters.withDefaults(horizon, lambda, phi, floorLookback, window);
            checks = HistoryChecks.of(calendar, minHistory, acceptSpikes);
            checks.minHistoryAt(params.horizon());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.of(ProblemCode.INVALID_SCENARIO_PARAMETERS, e.getMessage());
        }
        String id = requestedId != null
                ? requestedId
                : "fhs-"
                        + DateTimeFormatter.BASIC_ISO_DATE.format(
                                clock.instant().atZone(ZoneOffset.UTC)) + "-"
                        + Long.toString(clock.millis() % 1_000_000, 36);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_SCENARIO_SET_ID,
                    "id must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, was '" + Text.printable(Decimals.abbreviate(id))
                            + "'");
        }
        // the generated demo sets' ids: an upload under one would be taken for the demo set and activated without
        // review
        if (id.startsWith(SYNTHETIC_ID_PREFIX)) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_SCENARIO_SET_ID,
                    "ids starting with '" + SYNTHETIC_ID_PREFIX + "' are reserved for the generated demo sets");
        }
        // control characters are refused here like in any text; the closes themselves are margin-core's to check
        // (strict decimals of at most 18 digits each side, read before any number exists), listed with every problem
        if (csv != null) {
            Text.check(csv, "the CSV");
        }
        return Jdbc.with(dataSource, c -> {
            if (find(c, id).isPresent()) {
                throw ApiProblem.of(ProblemCode.SCENARIO_SET_EXISTS, "scenario set '" + id + "' already exists");
            }
            ScenarioSetView view = store(c, id, "UPLOAD", csv, params, checks);
            audit.record("UPLOAD_SCENARIO_SET", "scenario-set", id, null, view);
            return view;
        });
    }

    @Transactional
    public ScenarioSetView activate(String id) {
        return Jdbc.with(dataSource, c -> {
            ScenarioSetView before = find(c, id).orElseThrow(() -> ApiProblem.notFound("scenario set", id));
            if (before.active()) {
                return before;
            }
            Set<String> missing = new TreeSet<>(listedUnderlyings(c));
            missing.removeAll(before.underlyings());
            if (!missing.isEmpty()) {
                throw ApiProblem.of(
                        ProblemCode.SCENARIO_SET_INCOMPLETE,
                        "scenario set '" + id + "' has no history for the listed underlyings " + missing);
            }
            activate(c, id);
            ScenarioSetView after = find(c, id).orElseThrow();
            audit.record("ACTIVATE_SCENARIO_SET", "scenario-set", id, before, after);
            return after;
        });
    }

    @Transactional
    public List<ScenarioSetView> list() {
        return Jdbc.with(dataSource, c -> Sql.on(c).list(SELECT + " ORDER BY created_at DESC, id", this::view));
    }

    @Transactional
    public ScenarioSetView get(String id) {
        return Jdbc.with(dataSource, c -> {
            return find(c, id).orElseThrow(() -> ApiProblem.notFound("scenario set", id));
        });
    }

    /**
     * Makes sure a set is active and covers every listed underlying: with none active, or with the synthetic demo
     * set active but missing an underlying, a new SYNTHETIC set is built and activated. An uploaded set is never
     * replaced here.
     *
     * @return whether the active set changed (activated here, or by a concurrent caller this one waited for)
     */
    public boolean ensureCoverage(Connection c, Set<String> extraUnderlyings) {
        Set<String> wanted = new TreeSet<>(SYNTHETIC_BASE);
        wanted.addAll(listedUnderlyings(c));
        wanted.addAll(extraUnderlyings);
        if (covered(c, wanted)) {
            return false;
        }
        // concurrent requests that meet the same new underlying build and activate the set once: the first holds the
        // lock until it commits; the others then see its set active and only reload it
        lockActivations(c);
        if (covered(c, wanted)) {
            return true;
        }
        String id = SYNTHETIC_ID_PREFIX
                + Integer.toHexString(String.join(",", wanted).hashCode());
        if (find(c, id).isEmpty()) {
            LocalDate lastDay =
                    clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
            store(
                    c,
                    id,
                    "SYNTHETIC",
                    SyntheticHistory.csv(List.copyOf(wanted), lastDay, SYNTHETIC_DAYS, SYNTHETIC_SEED),
                    FhsParameters.DEFAULT,
                    HistoryChecks.DEFAULT);
        }
        activate(c, id);
        return true;
    }

    private boolean covered(Connection c, Set<String> wanted) {
        Optional<ScenarioSetView> active = active(c);
        return active.isPresent()
                && (active.get().source().equals("UPLOAD")
                        || active.get().underlyings().containsAll(wanted));
    }

    /** The active set's id, or empty before the first start completed. */
    public Optional<String> activeId(Connection c) {
        return Sql.on(c).first("SELECT id FROM scenario_set WHERE active", row -> row.string("id"));
    }

    /** What a stored set is built from: its model version, and its scenarios as built or its closes to rebuild them. */
    private record Stored(String modelVersion, String scenariosJson, String closesCsv, String parameters) {}

    /** A stored set's scenarios: a 1.1 set as it was built, a 1.0 set rebuilt from its closes by the 1.0 rules. */
    public ScenarioSet load(Connection c, String id) {
        Stored stored = Sql.on(c)
                .first(
                        "SELECT model_version, scenarios_json, closes_csv, parameters::text AS parameters "
                                + "FROM scenario_set WHERE id = ?",
                        row -> new Stored(
                                row.string("model_version"),
                                row.string("scenarios_json"),
                                row.string("closes_csv"),
                                row.string("parameters")),
                        id)
                .orElseThrow(() -> new IllegalStateException("scenario set " + id + " vanished"));
        if (ModelVersion.of(stored.modelVersion()) == ModelVersion.V1_0) {
            return ScenarioBuilder.V1_0.build(
                    id, PriceHistoryCsv.readVersion10(stored.closesCsv()), version10Parameters(stored.parameters()));
        }
        return ReplicationCodec.DEFAULT.readScenarios(stored.scenariosJson());
    }

    /**
     * A set's scenarios as JSON: for a 1.1 set, the stored text, byte for byte what margin-core's
     * {@code build-scenarios} writes for the same closes and parameters; for a 1.0 set, its rebuilt {@code scenarios}.
     */
    @Transactional
    public String scenariosJson(String id) {
        return Jdbc.with(dataSource, c -> {
            StoredScenarios stored = Sql.on(c)
                    .first(
                            "SELECT scenarios_json FROM scenario_set WHERE id = ?",
                            row -> new StoredScenarios(row.string("scenarios_json")),
                            id)
                    .orElseThrow(() -> ApiProblem.notFound("scenario set", id));
            return stored.json() != null ? stored.json() : ReplicationCodec.DEFAULT.writeScenarios(load(c, id));
        });
    }

    /** A set's scenarios as stored: null for a set stored under 1.0, which holds only its closes. */
    private record StoredScenarios(String json) {}

    private ScenarioSetView store(
            Connection c, String id, String source, String csv, FhsParameters params, HistoryChecks checks) {
        HistoryValidation validation = PriceHistoryCsv.read(csv, params, checks);
        if (!validation.valid()) {
            List<HistoryProblem> problems = validation.problems();
            List<HistoryProblemView> listed = problems.stream()
                    .limit(MAX_LISTED_PROBLEMS)
                    .map(HistoryProblemView::of)
                    .toList();
            throw new ApiProblem(
                    ProblemCode.INVALID_PRICE_HISTORY,
                    "the price history was refused: " + problems.size() + " problem(s)"
                            + (problems.size() > listed.size() ? ", the first " + listed.size() + " listed" : "")
                            + "; the first: "
                            + problems.get(0),
                    listed);
        }
        ScenarioSetBuild build = ScenarioBuilder.V1_1.build(id, validation.history(), params);
        List<String> underlyings =
                build.set().underlyings().stream().map(UnderlyingId::code).toList();
        Sql.on(c)
                .update(
                        "INSERT INTO scenario_set (id, source, model_version, closes_csv, parameters, "
                                + "underlyings, first_day, last_day, first_scenario_day, last_scenario_day, scenario_count, closes_sha256, "
                                + "scenarios_json, created_by, created_at) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id,
                        source,
                        build.modelVersion().label(),
                        csv,
                        Json.write(ReplicationCodec.DEFAULT.scenarioParametersTree(params, checks)),
                        Sql.texts(underlyings),
                        build.closesFirstDate(),
                        build.lastDate(),
                        build.firstDate(),
                        build.lastDate(),
                        build.set().size(),
                        build.closesSha256(),
                        ReplicationCodec.DEFAULT.writeScenarioSetBuild(build),
                        source.equals("SYNTHETIC") ? "concordia" : caller.actor(),
                        clock.instant());
        return find(c, id).orElseThrow();
    }

    /** Serialises activations until the transaction ends, so two can never leave two sets active or fail on it. */
    private static void lockActivations(Connection c) {
        // the function returns void: the row it answers carries nothing to read
        Sql.on(c).one("SELECT pg_advisory_xact_lock(?) AS locked", row -> Boolean.TRUE, ACTIVATION_LOCK);
    }

    private void activate(Connection c, String id) {
        lockActivations(c);
        Sql sql = Sql.on(c);
        sql.update("UPDATE scenario_set SET active = false WHERE active");
        sql.update("UPDATE scenario_set SET active = true, activated_at = ? WHERE id = ?", clock.instant(), id);
        MarginQueue.enqueueAll(c);
    }

    private Optional<ScenarioSetView> active(Connection c) {
        Optional<String> id = activeId(c);
        return id.isEmpty() ? Optional.empty() : find(c, id.get());
    }

    private static final String SELECT =
            "SELECT id, source, underlyings, first_day, last_day, scenario_count, parameters::text AS parameters, "
                    + "active, created_by, created_at, activated_at, model_version, first_scenario_day, last_scenario_day, closes_sha256 "
                    + "FROM scenario_set";

    private Optional<ScenarioSetView> find(Connection c, String id) {
        return Sql.on(c).first(SELECT + " WHERE id = ?", this::view, id);
    }

    private ScenarioSetView view(Row row) throws SQLException {
        Map<String, Object> params;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = json.readValue(row.string("parameters"), Map.class);
            params = p;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ScenarioSetView(
                row.string("id"),
                row.string("source"),
                row.string("model_version"),
                List.copyOf(row.texts("underlyings")),
                row.date("first_day"),
                row.date("last_day"),
                row.date("first_scenario_day"),
                row.date("last_scenario_day"),
                row.intValue("scenario_count"),
                params,
                row.string("closes_sha256"),
                row.bool("active"),
                row.string("created_by"),
                row.instant("created_at"),
                row.instant("activated_at"));
    }

    /** The underlyings of every listed product. */
    static Set<String> listedUnderlyings(Connection c) {
        return new TreeSet<>(
                Sql.on(c).list("SELECT DISTINCT underlying FROM product", row -> row.string("underlying")));
    }

    /** The parameters a 1.0 set was stored with: horizon, lambda, phi, window (1.0 had no floor look-back). */
    private FhsParameters version10Parameters(String text) {
        try {
            Map<?, ?> m = json.readValue(text, Map.class);
            Object window = m.get("window");
            return new FhsParameters(
                    ((Number) m.get("horizon")).intValue(),
                    new BigDecimal((String) m.get("lambda")),
                    new BigDecimal((String) m.get("phi")),
                    window == null ? null : ((Number) window).intValue());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
