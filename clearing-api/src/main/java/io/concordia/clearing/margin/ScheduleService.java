package io.concordia.clearing.margin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.FourEyes;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.replication.ReplicationCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Margin schedule versions under four-eyes: an operator drafts a version, a different person with the
 * risk-officer role approves it, and it becomes ACTIVE at its effective time. Every step is audited; the database
 * refuses an approval by the proposer as well.
 */
@ApplicationScoped
public class ScheduleService {

    /**
     * A schedule version as operators and members read it; {@code schedule} is margin-core's schedule JSON, and
     * {@code provenance} says where each default of the schedule and of the scenario builder comes from and when it was
     * last reviewed (margin-core's parameter provenance).
     */
    public record ScheduleView(
            String version,
            String status,
            String basedOn,
            String note,
            JsonNode schedule,
            String proposedBy,
            Instant proposedAt,
            String decidedBy,
            Instant decidedAt,
            Instant effectiveAt,
            Instant activatedAt,
            JsonNode provenance) {}

    /** Who set up the shipped default schedule on the first start, as proposer and approver. */
    static final String BOOTSTRAP_PROPOSER = "concordia:default-schedule";

    static final String BOOTSTRAP_APPROVER = "concordia:first-start";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @Inject
    FourEyes fourEyes;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    private static final Logger LOG = Logger.getLogger(ScheduleService.class);
    /** The due versions held back here, each alerted once. */
    private final Set<String> heldVersions = ConcurrentHashMap.newKeySet();

    /** margin-core's parameter provenance, read once; the same for every version. */
    private volatile JsonNode provenance;

    /**
     * Drafts a version: {@code schedule} is given in full, or copied from {@code basedOn} (the active version when
     * absent) with the new version id.
     */
    @Transactional
    public ScheduleView draft(String version, String basedOn, JsonNode schedule, String note) {
        return Jdbc.with(dataSource, c -> {
            if (find(c, version).isPresent()) {
                throw ApiProblem.of(
                        ProblemCode.SCHEDULE_VERSION_EXISTS, "schedule version '" + version + "' already exists");
            }
            String base = basedOn != null ? basedOn : activeVersion(c).orElse(null);
            Schedule parsed;
            if (schedule != null) {
                parsed = parse(schedule.toString());
            } else {
                ScheduleView from = find(c, base)
                        .orElseThrow(() -> ApiProblem.notFound("schedule version", String.valueOf(basedOn)));
                parsed = parse(from.schedule().toString());
            }
            parsed = parsed.withVersion(version);
            if (basedOn != null && find(c, basedOn).isEmpty()) {
                throw ApiProblem.notFound("schedule version", basedOn);
            }
            Sql.on(c)
                    .update(
                            "INSERT INTO margin_schedule (version, body, status, based_on, note, "
                                    + "proposed_by, proposed_at) VALUES (?, ?::jsonb, 'DRAFT', ?, ?, ?, ?)",
                            version,
                            ReplicationCodec.DEFAULT.writeSchedule(parsed),
                            base,
                            note,
                            caller.actor(),
                            clock.instant());
            ScheduleView view = find(c, version).orElseThrow();
            audit.record("DRAFT_SCHEDULE", "margin-schedule", version, null, view);
            return view;
        });
    }

    /** Approves a draft (four-eyes); it becomes active at {@code effectiveAt}, or at once when that is absent or past. */
    @Transactional
    public ScheduleView approve(String version, Instant effectiveAt) {
        return Jdbc.with(dataSource, c -> {
            ScheduleView before = lockDraft(c, version);
            fourEyes.requireSecondPerson(c, before.proposedBy(), "schedule version '" + version + "'");
            Set<String> missing = listedWithoutTier(c, version);
            if (!missing.isEmpty()) {
                throw ApiProblem.of(
                        ProblemCode.SCHEDULE_INCOMPLETE,
                        "schedule version '" + version + "' assigns no liquidity tier to the listed underlyings "
                                + missing);
            }
            Instant now = clock.instant();
            Instant effective = effectiveAt == null || effectiveAt.isBefore(now) ? now : effectiveAt;
            Sql.on(c)
                    .update(
                            "UPDATE margin_schedule SET status = 'APPROVED', decided_by = ?, "
                                    + "decided_at = ?, effective_at = ? WHERE version = ?",
                            caller.actor(),
                            now,
                            effective,
                            version);
            activateDue(c);
            ScheduleView after = find(c, version).orElseThrow();
            audit.record("APPROVE_SCHEDULE", "margin-schedule", version, before, after);
            return after;
        });
    }

    @Transactional
    public ScheduleView reject(String version, String reason) {
        return Jdbc.with(dataSource, c -> {
            ScheduleView before = lockDraft(c, version);
            fourEyes.requireSecondPerson(c, before.proposedBy(), "schedule version '" + version + "'");
            Sql.on(c)
                    .update(
                            "UPDATE margin_schedule SET status = 'REJECTED', decided_by = ?, "
                                    + "decided_at = ?, note = left(coalesce(note || ' | ', '') || 'rejected: ' || ?, 1000) WHERE version = ?",
                            caller.actor(),
                            clock.instant(),
                            reason,
                            version);
            ScheduleView after = find(c, version).orElseThrow();
            audit.record("REJECT_SCHEDULE", "margin-schedule", version, before, after);
            return after;
        });
    }

    @Transactional
    public ScheduleView active() {
        return Jdbc.with(dataSource, c -> {
            String version = activeVersion(c).orElseThrow(() -> ApiProblem.notFound("active schedule", "-"));
            return find(c, version).orElseThrow();
        });
    }

    @Transactional
    public ScheduleView get(String version) {
        return Jdbc.with(dataSource, c -> {
            return find(c, version).orElseThrow(() -> ApiProblem.notFound("schedule version", version));
        });
    }

    @Transactional
    public List<ScheduleView> list() {
        return Jdbc.with(dataSource, c -> Sql.on(c).list(SELECT + " ORDER BY proposed_at DESC, version", this::view));
    }

    /**
     * Activates the latest approved version whose effective time has come, superseding the active one, and queues
     * every account for re-margining. On the very first start, installs margin-core's shipped default.
     *
     * @return whether the active version changed
     */
    public boolean activateDue(Connection c) {
        if (activeVersion(c).isEmpty() && find(c, defaultSchedule().version()).isEmpty()) {
            return installDefault(c);
        }
        Sql sql = Sql.on(c);
        Optional<String> approved = sql.first(
                "SELECT version FROM margin_schedule WHERE status = 'APPROVED' "
                        + "AND effective_at <= ? ORDER BY effective_at DESC, decided_at DESC LIMIT 1 FOR UPDATE",
                ScheduleService::version,
                clock.instant());
        if (approved.isEmpty()) {
            return false;
        }
        String due = approved.get();
        Set<String> missing = listedWithoutTier(c, due);
        if (!missing.isEmpty()) {
            holdActivation(c, due, missing);
            return false;
        }
        Instant now = clock.instant();
        sql.update(
                "UPDATE margin_schedule SET status = 'SUPERSEDED' WHERE "
                        + "status = 'ACTIVE' OR (status = 'APPROVED' AND effective_at <= ? AND version <> ?)",
                now,
                due);
        sql.update("UPDATE margin_schedule SET status = 'ACTIVE', activated_at = ? WHERE version = ?", now, due);
        MarginQueue.enqueueAll(c);
        return true;
    }

    /** The listed underlyings to which {@code version} assigns no liquidity tier: it could not margin them. */
    Set<String> listedWithoutTier(Connection c, String version) {
        Set<String> missing = new TreeSet<>(ScenarioSetService.listedUnderlyings(c));
        load(c, version).underlyings().keySet().forEach(u -> missing.remove(u.code()));
        return missing;
    }

    /** The approved versions waiting for their effective time. */
    List<String> pendingVersions(Connection c) {
        return Sql.on(c)
                .list(
                        "SELECT version FROM margin_schedule WHERE status = 'APPROVED' ORDER BY version",
                        ScheduleService::version);
    }

    /**
     * Keeps the active version in force while a due one lacks a listed underlying's tier (a listing that raced its
     * approval): activating it would leave positions unmargined. Operators are alerted once per version and approve a
     * version that covers the listing; the held one activates by itself once nothing it lacks is listed.
     */
    private void holdActivation(Connection c, String version, Set<String> missing) {
        if (heldVersions.add(version)) {
            LOG.warnf(
                    "schedule version %s is due but assigns no liquidity tier to the listed underlyings %s: the active "
                            + "version stays in force",
                    version, missing);
            outbox.append(
                    c,
                    "margin-events",
                    version,
                    "SCHEDULE_ACTIVATION_HELD",
                    Map.of("version", version, "underlyingsWithoutTier", List.copyOf(missing)));
        }
    }

    /** The active version's id. */
    public Optional<String> activeVersion(Connection c) {
        return Sql.on(c).first("SELECT version FROM margin_schedule WHERE status = 'ACTIVE'", ScheduleService::version);
    }

    private static String version(Row row) throws SQLException {
        return row.string("version");
    }

    /** Reads a stored version into margin-core's schedule. */
    public Schedule load(Connection c, String version) {
        String body = Sql.on(c)
                .first(
                        "SELECT body::text AS body FROM margin_schedule WHERE version = ?",
                        row -> row.string("body"),
                        version)
                .orElseThrow(() -> new IllegalStateException("schedule version " + version + " vanished"));
        return ReplicationCodec.DEFAULT.readSchedule(body);
    }

    /**
     * Installs the shipped default as the active version, unless another instance starting on the same fresh
     * database got there first: its insert holds the version's key and the one active slot until it commits, this
     * insert waits for that commit and then does nothing, and both instances go on with the same active version.
     *
     * @return whether this call installed it
     */
    private boolean installDefault(Connection c) {
        Schedule schedule = defaultSchedule();
        Instant now = clock.instant();
        int installed = Sql.on(c)
                .update(
                        "INSERT INTO margin_schedule (version, body, status, note, proposed_by, "
                                + "proposed_at, decided_by, decided_at, effective_at, activated_at) VALUES (?, ?::jsonb, 'ACTIVE', "
                                + "'margin-core''s shipped default schedule, installed on the first start', ?, ?, ?, ?, ?, ?) "
                                + "ON CONFLICT DO NOTHING",
                        schedule.version(),
                        ReplicationCodec.DEFAULT.writeSchedule(schedule),
                        BOOTSTRAP_PROPOSER,
                        now,
                        BOOTSTRAP_APPROVER,
                        now,
                        now,
                        now);
        if (installed == 0) {
            return false;
        }
        MarginQueue.enqueueAll(c);
        return true;
    }

    private static Schedule defaultSchedule() {
        return ReplicationCodec.DEFAULT.defaultSchedule();
    }

    private static Schedule parse(String text) {
        try {
            return ReplicationCodec.DEFAULT.readSchedule(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.of(ProblemCode.INVALID_SCHEDULE, e.getMessage());
        }
    }

    private ScheduleView lockDraft(Connection c, String version) {
        String status = Sql.on(c)
                .first(
                        "SELECT status FROM margin_schedule WHERE version = ? FOR UPDATE",
                        row -> row.string("status"),
                        version)
                .orElseThrow(() -> ApiProblem.notFound("schedule version", version));
        if (!ScheduleStatus.DRAFT.name().equals(status)) {
            throw ApiProblem.of(ProblemCode.SCHEDULE_NOT_DRAFT, "schedule version '" + version + "' is " + status);
        }
        return find(c, version).orElseThrow();
    }

    private static final String SELECT =
            "SELECT version, status, based_on, note, body::text AS body, proposed_by, proposed_at, "
                    + "decided_by, decided_at, effective_at, activated_at FROM margin_schedule";

    private Optional<ScheduleView> find(Connection c, String version) {
        if (version == null) {
            return Optional.empty();
        }
        return Sql.on(c).first(SELECT + " WHERE version = ?", this::view, version);
    }

    private ScheduleView view(Row row) throws SQLException {
        try {
            return new ScheduleView(
                    row.string("version"),
                    row.string("status"),
                    row.string("based_on"),
                    row.string("note"),
                    json.readTree(row.string("body")),
                    row.string("proposed_by"),
                    row.instant("proposed_at"),
                    row.string("decided_by"),
                    row.instant("decided_at"),
                    row.instant("effective_at"),
                    row.instant("activated_at"),
                    provenance());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode provenance() throws JsonProcessingException {
        JsonNode p = provenance;
        if (p == null) {
            p = json.readTree(ReplicationCodec.DEFAULT.parameterProvenance());
            provenance = p;
        }
        return p;
    }
}
