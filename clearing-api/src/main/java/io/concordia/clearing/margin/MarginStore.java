package io.concordia.clearing.margin;

import io.concordia.clearing.ingest.SqlArrays;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.MarginStatus;
import io.concordia.margin.codec.ReplicationCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores margin results and acts on them in the caller's transaction: the current margin row (one set-based
 * upsert), a history row when the figures change, status-change and warning events, and the account's margin call
 * (issued, updated or met) with its event.
 */
@ApplicationScoped
public class MarginStore {

    /** The topic margin status changes and warnings are published to. */
    public static final String EVENTS_TOPIC = "margin-events";

    /** One account's result. */
    record Result(MarginBook.AccountInput input, AccountMargin margin) {
    }

    private record Previous(String status, BigDecimal im, BigDecimal mm, BigDecimal equity, BigDecimal collateralValue,
            boolean warned, String scheduleVersion, String scenarioSetId) {
    }

    @Inject
    Outbox outbox;
    @Inject
    MarginCallService calls;
    @Inject
    MarginCallConfig config;

    /** Stores and acts on the results. @return how many accounts' figures changed */
    int save(Connection c, MarginEngine.Risk risk, List<Result> results, String cause, Instant now) throws SQLException {
        if (results.isEmpty()) {
            return 0;
        }
        List<Long> ids = new ArrayList<>(results.size());
        for (Result r : results) {
            ids.add(r.input().id());
        }
        Map<Long, Previous> previous = previous(c, ids);
        Map<Long, MarginCallService.OpenCall> open = calls.openCalls(c, ids);
        List<Result> changed = new ArrayList<>();
        List<Boolean> warned = new ArrayList<>(results.size());
        for (Result r : results) {
            Previous p = previous.get(r.input().id());
            AccountMargin m = r.margin();
            boolean warnNow = m.status() == MarginStatus.HEALTHY && m.im().signum() > 0
                    && m.equity().compareTo(m.im().multiply(config.warningMultiple())) < 0;
            warned.add(warnNow);
            if (p == null || !p.status().equals(m.status().name()) || p.im().compareTo(m.im()) != 0
                    || p.mm().compareTo(m.mm()) != 0 || p.equity().compareTo(m.equity()) != 0
                    || p.collateralValue().compareTo(m.collateralValue()) != 0
                    || !p.scheduleVersion().equals(risk.scheduleVersion()) || !p.scenarioSetId().equals(risk.scenarioSetId())) {
                changed.add(r);
            }
            String from = p == null ? null : p.status();
            if (!m.status().name().equals(from) && (from != null || m.status() != MarginStatus.HEALTHY)) {
                outbox.append(c, EVENTS_TOPIC, r.input().code(), "MARGIN_STATUS_CHANGED", event(r, from));
            }
            if (warnNow && (p == null || !p.warned())) {
                outbox.append(c, EVENTS_TOPIC, r.input().code(), "MARGIN_WARNING", event(r, from));
            }
            calls.onMargin(c, r.input().id(), m, open.get(r.input().id()), now);
        }
        upsert(c, risk, results, warned, cause, now);
        history(c, risk, changed, cause, now);
        return changed.size();
    }

    private static Map<String, Object> event(Result r, String from) {
        AccountMargin m = r.margin();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("account", r.input().code());
        e.put("member", r.input().member());
        e.put("from", from);
        e.put("status", m.status().name());
        e.put("im", m.im().toPlainString());
        e.put("mm", m.mm().toPlainString());
        e.put("equity", m.equity().toPlainString());
        e.put("callAmount", m.callAmount().toPlainString());
        return e;
    }

    private static Map<Long, Previous> previous(Connection c, List<Long> ids) throws SQLException {
        Map<Long, Previous> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT account_id, status, im, mm, equity, collateral_value, warned, "
                + "schedule_version, scenario_set_id FROM account_margin WHERE account_id = ANY (?)")) {
            ps.setArray(1, SqlArrays.longs(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Previous(rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                            rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBoolean(7), rs.getString(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    private static void upsert(Connection c, MarginEngine.Risk risk, List<Result> results, List<Boolean> warned, String cause,
            Instant now) throws SQLException {
        int n = results.size();
        Long[] ids = new Long[n];
        BigDecimal[] im = new BigDecimal[n];
        BigDecimal[] mm = new BigDecimal[n];
        BigDecimal[] value = new BigDecimal[n];
        BigDecimal[] equity = new BigDecimal[n];
        String[] status = new String[n];
        BigDecimal[] call = new BigDecimal[n];
        String[] binding = new String[n];
        String[] details = new String[n];
        Boolean[] warn = warned.toArray(Boolean[]::new);
        for (int i = 0; i < n; i++) {
            AccountMargin m = results.get(i).margin();
            ids[i] = results.get(i).input().id();
            im[i] = m.im();
            mm[i] = m.mm();
            value[i] = m.collateralValue();
            equity[i] = m.equity();
            status[i] = m.status().name();
            call[i] = m.callAmount();
            binding[i] = m.components() == null ? null : m.components().binding().name();
            details[i] = ReplicationCodec.DEFAULT.writeResult(m);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO account_margin (account_id, im, mm, collateral_value, equity, status, call_amount, binding, details,
                                            schedule_version, scenario_set_id, warned, cause, computed_at)
                SELECT t.id, t.im, t.mm, t.value, t.equity, t.status, t.call, t.binding, t.details::jsonb, ?, ?, t.warn, ?, ?
                  FROM unnest(?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::text[], ?::numeric[],
                              ?::text[], ?::text[], ?::boolean[]) AS t(id, im, mm, value, equity, status, call, binding, details, warn)
                ON CONFLICT (account_id) DO UPDATE SET im = excluded.im, mm = excluded.mm,
                    collateral_value = excluded.collateral_value, equity = excluded.equity, status = excluded.status,
                    call_amount = excluded.call_amount, binding = excluded.binding, details = excluded.details,
                    schedule_version = excluded.schedule_version, scenario_set_id = excluded.scenario_set_id,
                    warned = excluded.warned, cause = excluded.cause, computed_at = excluded.computed_at""")) {
            ps.setString(1, risk.scheduleVersion());
            ps.setString(2, risk.scenarioSetId());
            ps.setString(3, cause);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setArray(5, c.createArrayOf("bigint", ids));
            ps.setArray(6, c.createArrayOf("numeric", im));
            ps.setArray(7, c.createArrayOf("numeric", mm));
            ps.setArray(8, c.createArrayOf("numeric", value));
            ps.setArray(9, c.createArrayOf("numeric", equity));
            ps.setArray(10, c.createArrayOf("text", status));
            ps.setArray(11, c.createArrayOf("numeric", call));
            ps.setArray(12, c.createArrayOf("text", binding));
            ps.setArray(13, c.createArrayOf("text", details));
            ps.setArray(14, c.createArrayOf("boolean", warn));
            ps.executeUpdate();
        }
    }

    private static void history(Connection c, MarginEngine.Risk risk, List<Result> changed, String cause, Instant now)
            throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO margin_history (account_id, im, mm, collateral_value, equity, status, call_amount, schedule_version,
                                            scenario_set_id, cause, computed_at)
                SELECT account_id, im, mm, collateral_value, equity, status, call_amount, schedule_version, scenario_set_id,
                       cause, computed_at
                  FROM account_margin WHERE account_id = ANY (?)""")) {
            List<Long> ids = new ArrayList<>(changed.size());
            for (Result r : changed) {
                ids.add(r.input().id());
            }
            ps.setArray(1, SqlArrays.longs(c, ids));
            ps.executeUpdate();
        }
    }
}
