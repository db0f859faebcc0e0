package io.concordia.clearing.margin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY created_at DESC, id")) {
            List<ScenarioSetView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(view(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
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
    public boolean ensureCoverage(Connection c, Set<String> extraUnderlyings) throws SQLException {
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

    private boolean covered(Connection c, Set<String> wanted) throws SQLException {
        Optional<ScenarioSetView> active = active(c);
        return active.isPresent()
                && (active.get().source().equals("UPLOAD")
                        || active.get().underlyings().containsAll(wanted));
    }

    /** The active set's id, or empty before the first start completed. */
    public Optional<String> activeId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM scenario_set WHERE active")) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A stored set's scenarios: a 1.1 set as it was built, a 1.0 set rebuilt from its closes by the 1.0 rules. */
    public ScenarioSet load(Connection c, String id) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT model_version, scenarios_json, closes_csv, parameters::text "
                        + "FROM scenario_set WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("scenario set " + id + " vanished");
                }
                if (ModelVersion.of(rs.getString(1)) == ModelVersion.V1_0) {
                    return ScenarioBuilder.V1_0.build(
                            id, PriceHistoryCsv.readVersion10(rs.getString(3)), version10Parameters(rs.getString(4)));
                }
                return ReplicationCodec.DEFAULT.readScenarios(rs.getString(2));
            }
        }
    }

    /**
     * A set's scenarios as JSON: for a 1.1 set, the stored text, byte for byte what margin-core's
     * {@code build-scenarios} writes for the same closes and parameters; for a 1.0 set, its rebuilt {@code scenarios}.
     */
    @Transactional
    public String scenariosJson(String id) {
        return Jdbc.with(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT scenarios_json FROM scenario_set WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiProblem.notFound("scenario set", id);
                    }
                    String stored = rs.getString(1);
                    return stored != null ? stored : ReplicationCodec.DEFAULT.writeScenarios(load(c, id));
                }
            }
        });
    }

    private ScenarioSetView store(
            Connection c, String id, String source, String csv, FhsParameters params, HistoryChecks checks)
            throws SQLException {
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
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO scenario_set (id, source, model_version, closes_csv, parameters, "
                        + "underlyings, first_day, last_day, first_scenario_day, last_scenario_day, scenario_count, closes_sha256, "
                        + "scenarios_json, created_by, created_at) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, source);
            ps.setString(3, build.modelVersion().label());
            ps.setString(4, csv);
            ps.setString(5, Json.write(ReplicationCodec.DEFAULT.scenarioParametersTree(params, checks)));
            ps.setArray(6, c.createArrayOf("text", underlyings.toArray()));
            ps.setObject(7, build.closesFirstDate());
            ps.setObject(8, build.lastDate());
            ps.setObject(9, build.firstDate());
            ps.setObject(10, build.lastDate());
            ps.setInt(11, build.set().size());
            ps.setString(12, build.closesSha256());
            ps.setString(13, ReplicationCodec.DEFAULT.writeScenarioSetBuild(build));
            ps.setString(14, source.equals("SYNTHETIC") ? "concordia" : caller.actor());
            ps.setTimestamp(15, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
        return find(c, id).orElseThrow();
    }

    /** Serialises activations until the transaction ends, so two can never leave two sets active or fail on it. */
    private static void lockActivations(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, ACTIVATION_LOCK);
            lock.execute();
        }
    }

    private void activate(Connection c, String id) throws SQLException {
        lockActivations(c);
        try (PreparedStatement off = c.prepareStatement("UPDATE scenario_set SET active = false WHERE active");
                PreparedStatement on =
                        c.prepareStatement("UPDATE scenario_set SET active = true, activated_at = ? WHERE id = ?")) {
            off.executeUpdate();
            on.setTimestamp(1, Timestamp.from(clock.instant()));
            on.setString(2, id);
            on.executeUpdate();
        }
        MarginQueue.enqueueAll(c);
    }

    private Optional<ScenarioSetView> active(Connection c) throws SQLException {
        Optional<String> id = activeId(c);
        return id.isEmpty() ? Optional.empty() : find(c, id.get());
    }

    private static final String SELECT =
            "SELECT id, source, underlyings, first_day, last_day, scenario_count, parameters::text, "
                    + "active, created_by, created_at, activated_at, model_version, first_scenario_day, last_scenario_day, closes_sha256 "
                    + "FROM scenario_set";

    private Optional<ScenarioSetView> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        }
    }

    private ScenarioSetView view(ResultSet rs) throws SQLException {
        Timestamp activated = rs.getTimestamp(11);
        Map<String, Object> params;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = json.readValue(rs.getString(7), Map.class);
            params = p;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ScenarioSetView(
                rs.getString(1),
                rs.getString(2),
                rs.getString(12),
                List.of((String[]) rs.getArray(3).getArray()),
                rs.getObject(4, LocalDate.class),
                rs.getObject(5, LocalDate.class),
                rs.getObject(13, LocalDate.class),
                rs.getObject(14, LocalDate.class),
                rs.getInt(6),
                params,
                rs.getString(15),
                rs.getBoolean(8),
                rs.getString(9),
                rs.getTimestamp(10).toInstant(),
                activated == null ? null : activated.toInstant());
    }

    /** The underlyings of every listed product. */
    static Set<String> listedUnderlyings(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT underlying FROM product");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
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
