package io.concordia.clearing.margin;

import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.MarginStatus;
import io.concordia.margin.calc.Money;
import io.concordia.margin.calc.PortfolioRequirement;
import io.concordia.margin.replication.ReplicationCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

    private record Previous(
            String status,
            BigDecimal im,
            BigDecimal mm,
            BigDecimal equity,
            BigDecimal collateralValue,
            boolean warned,
            String scheduleVersion,
            String scenarioSetId,
            String staleMarks,
            String heldMarks) {}

    @Inject
    Outbox outbox;

    @Inject
    MarginCallService calls;

    @Inject
    MarginCallConfig config;

    /** Stores and acts on the results. @return how many accounts' figures changed */
    int save(Connection c, MarginEngine.Risk risk, List<Result> results, String cause, Instant now) {
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
        List<MarginCallService.Margined> margined = new ArrayList<>(results.size());
        // every event of the chunk in one batch at the end, in the order raised: one round trip, not one an event,
        // while the accounts' locks hold up trade batches
        List<Outbox.Event> events = new ArrayList<>();
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
                    || !p.staleMarks().equals(joined(r.input().staleMarks()))
                    || !p.heldMarks().equals(joined(r.input().heldMarks()))) {
                changed.add(r);
            }
            String from = p == null ? null : p.status();
            if (!m.status().name().equals(from) && (from != null || m.status() != MarginStatus.HEALTHY)) {
                events.add(new Outbox.Event(EVENTS_TOPIC, r.input().code(), "MARGIN_STATUS_CHANGED", event(r, from)));
            }
            if (warnNow && (p == null || !p.warned())) {
                events.add(new Outbox.Event(EVENTS_TOPIC, r.input().code(), "MARGIN_WARNING", event(r, from)));
            }
            margined.add(new MarginCallService.Margined(
                    r.input().id(), m, open.get(r.input().id())));
        }
        calls.onMargin(c, margined, now, events);
        outbox.append(c, events);
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

    private record AccountPrevious(long account, Previous previous) {}

    private static Map<Long, Previous> previous(Connection c, List<Long> ids) {
        Map<Long, Previous> out = new HashMap<>();
        for (AccountPrevious row : Sql.on(c)
                .list(
                        // the symbol lists as the text they are written from: decoding two arrays a row was a third
                        // of this read's time
                        "SELECT account_id, status, im, mm, equity, collateral_value, warned, schedule_version, "
                                + "scenario_set_id, array_to_string(stale_marks, ',') AS stale_marks, "
                                + "array_to_string(held_marks, ',') AS held_marks FROM account_margin WHERE account_id = ANY (?)",
                        row -> new AccountPrevious(
                                row.longValue("account_id"),
                                new Previous(
                                        row.string("status"),
                                        row.decimal("im"),
                                        row.decimal("mm"),
                                        row.decimal("equity"),
                                        row.decimal("collateral_value"),
                                        row.bool("warned"),
                                        row.string("schedule_version"),
                                        row.string("scenario_set_id"),
                                        row.string("stale_marks"),
                                        row.string("held_marks"))),
                        Sql.longs(ids))) {
            out.put(row.account(), row.previous());
        }
        return out;
    }

    private static void upsert(
            Connection c,
            MarginEngine.Risk risk,
            List<Result> results,
            List<Boolean> warned,
            String cause,
            Instant now) {
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
            staleMarks[i] = joined(results.get(i).input().staleMarks());
            heldMarks[i] = joined(results.get(i).input().heldMarks());
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
        Sql.on(c)
                .update(
                        """
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
                    stale_marks = excluded.stale_marks, held_marks = excluded.held_marks""",
                        risk.scheduleVersion(),
                        risk.scenarioSetId(),
                        cause,
                        now,
                        Sql.longs(Arrays.asList(ids)),
                        decimals(money[0]),
                        decimals(money[1]),
                        decimals(money[2]),
                        decimals(money[3]),
                        decimals(money[4]),
                        Sql.texts(Arrays.asList(status)),
                        Sql.texts(Arrays.asList(binding)),
                        decimals(money[5]),
                        decimals(money[6]),
                        decimals(money[7]),
                        decimals(money[8]),
                        Sql.texts(Arrays.asList(bindingStress)),
                        decimals(money[9]),
                        decimals(money[10]),
                        Sql.texts(Arrays.asList(buckets)),
                        new Sql.ArrayParameter("boolean", warned.toArray(Boolean[]::new)),
                        Sql.texts(Arrays.asList(staleMarks)),
                        Sql.texts(Arrays.asList(heldMarks)));
    }

    private static Sql.ArrayParameter decimals(BigDecimal[] column) {
        return Sql.decimals(Arrays.asList(column));
    }

    /** Product symbols as they are sent and compared: joined by commas, which a symbol never contains. */
    private static String joined(List<String> symbols) {
        return String.join(",", symbols);
    }

    /** A stored list of product symbols. */
    static List<String> symbols(Row row, String column) throws SQLException {
        return List.copyOf(row.texts(column));
    }

    /** Components are doubles inside margin-core; they are stored to the cent, rounded half-even, here only. */
    private static BigDecimal cents(double v) {
        return Money.halfEvenCents(v);
    }

    private static void history(Connection c, List<Result> changed) {
        if (changed.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(changed.size());
        for (Result r : changed) {
            ids.add(r.input().id());
        }
        Sql.on(c).update("""
                INSERT INTO margin_history (account_id, im, mm, collateral_value, equity, status, call_amount, schedule_version,
                                            scenario_set_id, cause, computed_at, stale_marks, held_marks)
                SELECT account_id, im, mm, collateral_value, equity, status, call_amount, schedule_version, scenario_set_id,
                       cause, computed_at, stale_marks, held_marks
                  FROM account_margin WHERE account_id = ANY (?)""", Sql.longs(ids));
    }
}
