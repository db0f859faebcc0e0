package io.concordia.clearing.margin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Text;
import io.concordia.clearing.ingest.IngestFailure;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.PriceHistory;
import io.concordia.margin.scenario.PriceHistoryCsv;
import io.concordia.margin.scenario.ScenarioBuilder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scenario sets: operators upload daily closes, margin-core builds the filtered historical scenarios, one set is
 * active. The closes and parameters are stored, not the scenarios, which margin-core rebuilds exactly from them.
 */
@ApplicationScoped
public class ScenarioSetService {

    /** What an operator reads of a set. */
    public record ScenarioSetView(String id, String source, List<String> underlyings, LocalDate firstDay, LocalDate lastDay,
            int scenarioCount, Map<String, Object> parameters, boolean active, String createdBy, Instant createdAt,
            Instant activatedAt) {
    }

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

    @Transactional
    public ScenarioSetView upload(String requestedId, String csv, Integer horizon, BigDecimal lambda, BigDecimal phi,
            Integer window) {
        FhsParameters params;
        try {
            params = new FhsParameters(horizon == null ? FhsParameters.DEFAULT.horizon() : horizon,
                    lambda == null ? FhsParameters.DEFAULT.lambda() : lambda, phi == null ? FhsParameters.DEFAULT.phi() : phi,
                    window);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("INVALID_SCENARIO_PARAMETERS", e.getMessage());
        }
        String id = requestedId != null ? requestedId
                : "fhs-" + DateTimeFormatter.BASIC_ISO_DATE.format(clock.instant().atZone(ZoneOffset.UTC)) + "-"
                        + Long.toString(clock.millis() % 1_000_000, 36);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw ApiProblem.badRequest("INVALID_SCENARIO_SET_ID", "id must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}, was '"
                    + Text.printable(Decimals.abbreviate(id)) + "'");
        }
        // the generated demo sets' ids: an upload under one would be taken for the demo set and activated without review
        if (id.startsWith(SYNTHETIC_ID_PREFIX)) {
            throw ApiProblem.badRequest("INVALID_SCENARIO_SET_ID", "ids starting with '" + SYNTHETIC_ID_PREFIX
                    + "' are reserved for the generated demo sets");
        }
        checkCloses(csv);
        return Jdbc.with(dataSource, c -> {
            if (find(c, id).isPresent()) {
                throw ApiProblem.conflict("SCENARIO_SET_EXISTS", "scenario set '" + id + "' already exists");
            }
            ScenarioSetView view = store(c, id, "UPLOAD", csv, params);
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
                throw ApiProblem.unprocessable("SCENARIO_SET_INCOMPLETE", "scenario set '" + id
                        + "' has no history for the listed underlyings " + missing);
            }
            activate(c, id);
            ScenarioSetView after = find(c, id).orElseThrow();
            audit.record("ACTIVATE_SCENARIO_SET", "scenario-set", id, before, after);
            return after;
        });
    }

    @Transactional
    public List<ScenarioSetView> list() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY created_at DESC, id")) {
            List<ScenarioSetView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(view(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IngestFailure(e);
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
        String id = SYNTHETIC_ID_PREFIX + Integer.toHexString(String.join(",", wanted).hashCode());
        if (find(c, id).isEmpty()) {
            LocalDate lastDay = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
            store(c, id, "SYNTHETIC", SyntheticHistory.csv(List.copyOf(wanted), lastDay, SYNTHETIC_DAYS, SYNTHETIC_SEED),
                    FhsParameters.DEFAULT);
        }
        activate(c, id);
        return true;
    }

    private boolean covered(Connection c, Set<String> wanted) throws SQLException {
        Optional<ScenarioSetView> active = active(c);
        return active.isPresent() && (active.get().source().equals("UPLOAD") || active.get().underlyings().containsAll(wanted));
    }

    /** The active set's id, or empty before the first start completed. */
    public Optional<String> activeId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM scenario_set WHERE active")) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Rebuilds a stored set's scenarios with margin-core. */
    public ScenarioSet load(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT closes_csv, parameters::text FROM scenario_set WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("scenario set " + id + " vanished");
                }
                return ScenarioBuilder.DEFAULT.build(id, PriceHistoryCsv.parse(rs.getString(1)), parameters(rs.getString(2)));
            }
        }
    }

    private ScenarioSetView store(Connection c, String id, String source, String csv, FhsParameters params) throws SQLException {
        PriceHistory history;
        ScenarioSet set;
        try {
            history = PriceHistoryCsv.parse(csv);
            set = ScenarioBuilder.DEFAULT.build(id, history, params);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("INVALID_PRICE_HISTORY", e.getMessage());
        }
        Map<String, Object> p = parameterTree(params);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO scenario_set (id, source, closes_csv, parameters, underlyings, "
                + "first_day, last_day, scenario_count, created_by, created_at) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, source);
            ps.setString(3, csv);
            ps.setString(4, json.writeValueAsString(p));
            ps.setArray(5, c.createArrayOf("text", history.underlyings().stream().map(UnderlyingId::code).toArray()));
            ps.setObject(6, history.dates().get(0));
            ps.setObject(7, history.dates().get(history.dates().size() - 1));
            ps.setInt(8, set.size());
            ps.setString(9, source.equals("SYNTHETIC") ? "concordia" : caller.actor());
            ps.setTimestamp(10, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return find(c, id).orElseThrow();
    }

    /**
     * The upload's text and every close through the input gates ({@link Text#check}, {@link Decimals#parse}) before
     * margin-core reads it: a close of {@code 1e400} or thirty digits is refused here, not turned into infinity there.
     * Rows that do not have three fields are left to margin-core's parser, which names them.
     */
    static void checkCloses(String csv) {
        if (csv == null) {
            return;
        }
        Text.check(csv, "the CSV");
        String[] lines = csv.split("\r?\n");
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            if (fields.length == 3) {
                Decimals.parse(fields[2].trim(), "line " + (i + 1) + ": close");
            }
        }
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
                PreparedStatement on = c.prepareStatement("UPDATE scenario_set SET active = true, activated_at = ? WHERE id = ?")) {
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

    private static final String SELECT = "SELECT id, source, underlyings, first_day, last_day, scenario_count, parameters::text, "
            + "active, created_by, created_at, activated_at FROM scenario_set";

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
        return new ScenarioSetView(rs.getString(1), rs.getString(2), List.of((String[]) rs.getArray(3).getArray()),
                rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class), rs.getInt(6), params, rs.getBoolean(8),
                rs.getString(9), rs.getTimestamp(10).toInstant(), activated == null ? null : activated.toInstant());
    }

    /** The underlyings of every listed product. */
    static Set<String> listedUnderlyings(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT underlying FROM product"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Map<String, Object> parameterTree(FhsParameters p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("horizon", p.horizon());
        m.put("lambda", p.lambda().toPlainString());
        m.put("phi", p.phi().toPlainString());
        m.put("window", p.window());
        return m;
    }

    private FhsParameters parameters(String text) {
        try {
            Map<?, ?> m = json.readValue(text, Map.class);
            Object window = m.get("window");
            return new FhsParameters(((Number) m.get("horizon")).intValue(), new BigDecimal((String) m.get("lambda")),
                    new BigDecimal((String) m.get("phi")), window == null ? null : ((Number) window).intValue());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
