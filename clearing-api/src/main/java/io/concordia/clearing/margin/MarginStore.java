package io.concordia.clearing.margin;

import io.concordia.clearing.common.SqlArrays;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.MarginStatus;
import io.concordia.margin.calc.PortfolioRequirement;
import io.concordia.margin.replication.ReplicationCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * upsert) with the products whose mark was stale or held, a history row when the figures or those products change, status-change and warning events, and the account's margin call
 * (issued, updated or met) with its event.
 */
@ApplicationScoped
public class MarginStore {

    /** The topic margin status changes and warnings are published to. */
    public static final String EVENTS_TOPIC = "margin-events";

    /** One account's result; an isolated account's with its buckets as margin-core's result JSON lists them. */
    record Result(MarginBook.AccountInput input, AccountMargin margin, String buckets) {

        static Result of(MarginBook.AccountInput input, AccountMargin margin) {
            return new Result(
                    input, margin, margin.components() == null ? ReplicationCodec.DEFAULT.writeBuckets(margin) : null);
        }
    }

    /** Components are doubles inside margin-core; they are stored to the cent, rounded half-even, here only. */
    static final RoundingMode COMPONENT_ROUNDING = RoundingMode.HALF_EVEN;

    private record Previous(
            String status,
            BigDecimal im,
            BigDecimal mm,
            BigDecimal equity,
            BigDecimal collateralValue,
            boolean warned,
            String scheduleVersion,
            String scenarioSetId,
            List<String> staleMarks,
            List<String> heldMarks) {}

    @Inject
    Outbox outbox;

    @Inject
    MarginCallService calls;

    @Inject
    MarginCallConfig config;

    /** Stores and acts on the results. @return how many accounts' figures changed */
    int save(Connection c, MarginEngine.Risk risk, List<Result> results, String cause, Instant now)
            throws SQLException {
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
            boolean warnNow = m.status() == MarginStatus.HEALTHY
                    && m.im().signum() > 0
                    && m.equity().compareTo(m.im().multiply(config.warningMultiple())) < 0;
            warned.add(warnNow);
            if (p == null
                    || !p.status().equals(m.status().name())
                    || p.im().compareTo(m.im()) != 0
                    || p.mm().compareTo(m.mm()) != 0
                    || p.equity().compareTo(m.equity()) != 0
                    || p.collateralValue().compareTo(m.collateralValue()) != 0
                    || !p.scheduleVersion().equals(risk.scheduleVersion())
                    || !p.scenarioSetId().equals(risk.scenarioSetId())
                    || !p.staleMarks().equals(r.input().staleMarks())
                    || !p.heldMarks().equals(r.input().heldMarks())) {
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
        history(c, changed);
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
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT account_id, status, im, mm, equity, collateral_value, warned, "
                        + "schedule_version, scenario_set_id, stale_marks, held_marks FROM account_margin WHERE account_id = ANY (?)")) {
            ps.setArray(1, SqlArrays.longs(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getLong(1),
                            new Previous(
                                    rs.getString(2),
                                    rs.getBigDecimal(3),
                                    rs.getBigDecimal(4),
                                    rs.getBigDecimal(5),
                                    rs.getBigDecimal(6),
                                    rs.getBoolean(7),
                                    rs.getString(8),
                                    rs.getString(9),
                                    symbols(rs.getArray(10)),
                                    symbols(rs.getArray(11))));
                }
            }
        }
        return out;
    }

    private static void upsert(
            Connection c, MarginEngine.Risk risk, List<Result> results, List<Boolean> warned, String cause, Instant now)
            throws SQLException {
        int n = results.size();
        Long[] ids = new Long[n];
        BigDecimal[][] money = new BigDecimal[12][n];
        String[] status = new String[n];
        String[] binding = new String[n];
        String[] bindingStress = new String[n];
        String[] buckets = new String[n];
        String[] staleMarks = new String[n];
        String[] heldMarks = new String[n];
        for (int i = 0; i < n; i++) {
            AccountMargin m = results.get(i).margin();
            ids[i] = results.get(i).input().id();
            money[0][i] = m.im();
            money[1][i] = m.mm();
            money[2][i] = m.collateralValue();
            money[3][i] = m.equity();
            money[4][i] = m.callAmount();
            status[i] = m.status().name();
            // product symbols never contain a comma
            staleMarks[i] = String.join(",", results.get(i).input().staleMarks());
            heldMarks[i] = String.join(",", results.get(i).input().heldMarks());
            PortfolioRequirement r = m.components();
            if (r != null) {
                binding[i] = r.binding().name();
                bindingStress[i] = r.bindingStress();
                money[5][i] = cents(r.var());
                money[6][i] = cents(r.es());
                money[7][i] = cents(r.imHist());
                money[8][i] = cents(r.imStress());
                money[9][i] = cents(r.imFloor());
                money[10][i] = cents(r.imSpread());
            } else {
                buckets[i] = results.get(i).buckets();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO account_margin (account_id, im, mm, collateral_value, equity, call_amount, status, binding, var, es, im_hist,
                                            im_stress, binding_stress, im_floor, im_spread, buckets, schedule_version,
                                            scenario_set_id, warned, cause, computed_at, stale_marks, held_marks)
                SELECT t.id, t.im, t.mm, t.value, t.equity, t.call, t.status, t.binding, t.var, t.es, t.im_hist, t.im_stress,
                       t.binding_stress, t.im_floor, t.im_spread, t.buckets::jsonb, ?, ?, t.warn, ?, ?,
                       string_to_array(t.stale, ','), string_to_array(t.held, ',')
                  FROM unnest(?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::text[],
                              ?::text[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::text[], ?::numeric[],
                              ?::numeric[], ?::text[], ?::boolean[], ?::text[], ?::text[])
                       AS t(id, im, mm, value, equity, call, status, binding, var, es, im_hist, im_stress, binding_stress,
                            im_floor, im_spread, buckets, warn, stale, held)
                ON CONFLICT (account_id) DO UPDATE SET im = excluded.im, mm = excluded.mm,
                    collateral_value = excluded.collateral_value, equity = excluded.equity, call_amount = excluded.call_amount,
                    status = excluded.status, binding = excluded.binding, var = excluded.var, es = excluded.es,
                    im_hist = excluded.im_hist, im_stress = excluded.im_stress, binding_stress = excluded.binding_stress,
                    im_floor = excluded.im_floor, im_spread = excluded.im_spread, buckets = excluded.buckets,
                    schedule_version = excluded.schedule_version, scenario_set_id = excluded.scenario_set_id,
                    warned = excluded.warned, cause = excluded.cause, computed_at = excluded.computed_at,
                    stale_marks = excluded.stale_marks, held_marks = excluded.held_marks""")) {
            int p = 1;
            ps.setString(p++, risk.scheduleVersion());
            ps.setString(p++, risk.scenarioSetId());
            ps.setString(p++, cause);
            ps.setTimestamp(p++, Timestamp.from(now));
            ps.setArray(p++, c.createArrayOf("bigint", ids));
            for (int k = 0; k < 5; k++) {
                ps.setArray(p++, c.createArrayOf("numeric", money[k]));
            }
            ps.setArray(p++, c.createArrayOf("text", status));
            ps.setArray(p++, c.createArrayOf("text", binding));
            for (int k = 5; k < 9; k++) {
                ps.setArray(p++, c.createArrayOf("numeric", money[k]));
            }
            ps.setArray(p++, c.createArrayOf("text", bindingStress));
            ps.setArray(p++, c.createArrayOf("numeric", money[9]));
            ps.setArray(p++, c.createArrayOf("numeric", money[10]));
            ps.setArray(p++, c.createArrayOf("text", buckets));
            ps.setArray(p++, c.createArrayOf("boolean", warned.toArray(Boolean[]::new)));
            ps.setArray(p++, c.createArrayOf("text", staleMarks));
            ps.setArray(p++, c.createArrayOf("text", heldMarks));
            ps.executeUpdate();
        }
    }

    /** A stored list of product symbols. */
    static List<String> symbols(java.sql.Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static BigDecimal cents(double v) {
        return BigDecimal.valueOf(v).setScale(2, COMPONENT_ROUNDING);
    }

    private static void history(Connection c, List<Result> changed) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO margin_history (account_id, im, mm, collateral_value, equity, status, call_amount, schedule_version,
                                            scenario_set_id, cause, computed_at, stale_marks, held_marks)
                SELECT account_id, im, mm, collateral_value, equity, status, call_amount, schedule_version, scenario_set_id,
                       cause, computed_at, stale_marks, held_marks
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
