package io.concordia.faults;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The invariants a clearinghouse owes after any fault, in the style of Jepsen's bank test: read from PostgreSQL and
 * from the output topics once the workload has stopped and every instance has caught up. Each check is named and
 * reports its anomalies (a count and up to {@value #EXAMPLES} examples); a run passes only with zero anomalies.
 */
final class Checker {

    static final int EXAMPLES = 5;

    /** A check's result. */
    record Check(String name, String rule, long anomalies, List<String> examples) {
        boolean passed() {
            return anomalies == 0;
        }
    }

    /** What the workload sent and had acknowledged: the expected side of the exactly-once checks. */
    record Sent(
            long tradeRecords,
            long validTrades,
            long redeliveries,
            Map<String, Long> deadLetters,
            Map<Long, Long> approvalsAnswered) {}

    /** One record of an outbox topic as a consumer reads it. */
    record Delivered(String topic, int partition, long offset, String key, String eventId, String value) {}

    /** An account's stored margin figures. */
    record Margin(BigDecimal im, BigDecimal mm, BigDecimal equity, String status, BigDecimal callAmount) {
        @Override
        public String toString() {
            return "im " + im.toPlainString() + ", mm " + mm.toPlainString() + ", equity " + equity.toPlainString()
                    + ", " + status + ", call " + callAmount.toPlainString();
        }
    }

    private Checker() {}

    /** Every check but the margin one (which needs a fresh run: {@link #margins}). */
    static List<Check> all(Connection c, Sent sent, List<Delivered> delivered) throws SQLException {
        List<Check> checks = new ArrayList<>();
        checks.add(tradesExactlyOnce(c, sent));
        checks.add(offsetsOneOutcome(c));
        checks.add(positionsEqualRecount(c));
        checks.add(positionsNetToZero(c));
        checks.add(journalBalanced(c));
        checks.add(balancesEqualPostings(c));
        checks.add(collateralNotNegative(c));
        checks.add(oneOpenCall(c));
        checks.add(outboxDelivered(c, delivered));
        checks.add(outboxIdsUnique(c, delivered));
        checks.add(outboxNoGapsPerKey(c, delivered));
        checks.add(cyclesRunOnce(c));
        checks.add(withdrawalsDecidedOnce(c, sent));
        checks.add(confirmationsAppliedOnce(c));
        return checks;
    }

    /** inbox = sent − dead-lettered − redelivered; counted redeliveries and dead letters by reason as sent. */
    static Check tradesExactlyOnce(Connection c, Sent sent) throws SQLException {
        List<String> anomalies = new ArrayList<>();
        long inbox = count(c, "SELECT count(*) FROM trade_inbox");
        long duplicates = count(c, "SELECT count(*) FROM trade_duplicate");
        Map<String, Long> deadLetters = new TreeMap<>();
        try (var rs = c.createStatement()
                .executeQuery(
                        "SELECT reason, count(*) FROM dead_letter WHERE source_topic ~ '^trades\\.' AND status <> 'REPLAYED' GROUP BY reason")) {
            while (rs.next()) {
                deadLetters.put(rs.getString(1), rs.getLong(2));
            }
        }
        long deadLettered =
                deadLetters.values().stream().mapToLong(Long::longValue).sum();
        if (inbox != sent.validTrades()) {
            anomalies.add("inbox holds " + inbox + " trades, " + sent.validTrades()
                    + " distinct valid trades were sent (" + (inbox - sent.validTrades()) + ")");
        }
        if (inbox != sent.tradeRecords() - deadLettered - duplicates) {
            anomalies.add("inbox " + inbox + " <> sent " + sent.tradeRecords() + " - dead-lettered " + deadLettered
                    + " - redeliveries " + duplicates);
        }
        if (duplicates != sent.redeliveries()) {
            anomalies.add(duplicates + " redeliveries counted, " + sent.redeliveries() + " sent");
        }
        if (!deadLetters.equals(new TreeMap<>(sent.deadLetters()))) {
            anomalies.add("dead letters by reason " + deadLetters + ", sent " + new TreeMap<>(sent.deadLetters()));
        }
        return check(
                "trades exactly once",
                "inbox = sent - dead-lettered - redelivered; redeliveries and dead letters as sent",
                anomalies.size(),
                anomalies);
    }

    /** I4, I5: every offset below a stored one is exactly one of a trade, a counted duplicate or an open dead letter. */
    static Check offsetsOneOutcome(Connection c) throws SQLException {
        return rows(
                c,
                "every offset one outcome",
                "each offset below the stored one: exactly one trade, duplicate or dead letter",
                """
                WITH outcomes AS (
                    SELECT source_topic t, source_partition p, source_offset o FROM trade_inbox
                    UNION ALL SELECT source_topic, source_partition, source_offset FROM trade_duplicate
                    UNION ALL SELECT source_topic, source_partition, source_offset FROM dead_letter
                     WHERE status <> 'REPLAYED' AND source_topic ~ '^trades\\.(?!dlq$)'),
                counted AS (SELECT t, p, o, count(*) n FROM outcomes GROUP BY t, p, o),
                expected AS (
                    SELECT s.topic t, s.kafka_partition p, off o FROM consumer_offset s
                     CROSS JOIN LATERAL generate_series(0, s.next_offset - 1) off
                     WHERE s.consumer_group = 'concordia' AND s.topic ~ '^trades\\.(?!dlq$)')
                SELECT coalesce(e.t, k.t) || '/' || coalesce(e.p, k.p) || '@' || coalesce(e.o, k.o) || ': '
                       || coalesce(k.n, 0) || ' outcomes' || CASE WHEN e.t IS NULL THEN ' beyond the stored offset' ELSE '' END
                  FROM expected e FULL JOIN counted k ON k.t = e.t AND k.p = e.p AND k.o = e.o
                 WHERE coalesce(k.n, 0) <> 1 OR e.t IS NULL ORDER BY 1""");
    }

    /** Every position equals a recount of the inbox (quantity and fills). */
    static Check positionsEqualRecount(Connection c) throws SQLException {
        return rows(
                c, "positions equal the recount", "each position = the net of its account's trades in the inbox", """
                WITH recount AS (
                    SELECT account_id, product_id, sum(q) AS quantity, count(*) AS fills FROM (
                        SELECT buyer_account_id AS account_id, product_id, quantity AS q FROM trade_inbox
                        UNION ALL SELECT seller_account_id, product_id, -quantity FROM trade_inbox) t
                     GROUP BY account_id, product_id)
                SELECT 'account ' || coalesce(p.account_id, r.account_id) || ' product ' || coalesce(p.product_id, r.product_id)
                       || ': stored ' || coalesce(p.quantity::text, 'none') || ' (' || coalesce(p.trade_count::text, '-') || ' fills), recount '
                       || coalesce(r.quantity::text, 'none') || ' (' || coalesce(r.fills::text, '-') || ')'
                  FROM position p FULL JOIN recount r ON r.account_id = p.account_id AND r.product_id = p.product_id
                 WHERE (p.quantity IS DISTINCT FROM r.quantity OR p.trade_count IS DISTINCT FROM r.fills)
                   AND NOT (r.account_id IS NULL AND p.quantity = 0 AND p.trade_count = 0)""");
    }

    /** I2: positions per product sum to zero. */
    static Check positionsNetToZero(Connection c) throws SQLException {
        return rows(
                c,
                "positions net to zero",
                "per product, the positions of all accounts sum to zero",
                "SELECT 'product ' || product_id || ': sum ' || sum(quantity) FROM position GROUP BY product_id HAVING sum(quantity) <> 0");
    }

    /** I1: every journal entry balances per asset. */
    static Check journalBalanced(Connection c) throws SQLException {
        return rows(
                c,
                "journal entries balance",
                "each entry's postings sum to zero per asset",
                "SELECT 'entry ' || entry_id || ' asset ' || asset_id || ': sum ' || sum(amount) FROM posting"
                        + " GROUP BY entry_id, asset_id HAVING sum(amount) <> 0 ORDER BY entry_id");
    }

    /** Each stored balance equals the sum of its postings. */
    static Check balancesEqualPostings(Connection c) throws SQLException {
        return rows(c, "balances equal their postings", "each ledger balance = the sum of the postings to it", """
                SELECT 'ledger account ' || coalesce(b.ledger_account_id, s.ledger_account_id) || ' asset ' || coalesce(b.asset_id, s.asset_id)
                       || ': balance ' || coalesce(b.balance::text, 'none') || ', postings ' || coalesce(s.total::text, 'none')
                  FROM ledger_balance b
                  FULL JOIN (SELECT ledger_account_id, asset_id, sum(amount) total FROM posting GROUP BY 1, 2) s
                    ON s.ledger_account_id = b.ledger_account_id AND s.asset_id = b.asset_id
                 WHERE coalesce(b.balance, 0) <> coalesce(s.total, 0)""");
    }

    /** I3: no member collateral is negative. */
    static Check collateralNotNegative(Connection c) throws SQLException {
        return rows(c, "no collateral negative", "member collateral balances are >= 0", """
                SELECT la.code || ' asset ' || b.asset_id || ': ' || b.balance FROM ledger_balance b
                  JOIN ledger_account la ON la.id = b.ledger_account_id
                 WHERE (la.kind = 'MEMBER_COLLATERAL' OR b.non_negative) AND b.balance < 0""");
    }

    /** I6: at most one open call per account. */
    static Check oneOpenCall(Connection c) throws SQLException {
        return rows(
                c,
                "at most one open call",
                "an account has at most one ISSUED, OVERDUE or ESCALATED call",
                "SELECT 'account ' || account_id || ': ' || count(*) || ' open calls' FROM margin_call"
                        + " WHERE status IN ('ISSUED', 'OVERDUE', 'ESCALATED') GROUP BY account_id HAVING count(*) > 1");
    }

    /** Every outbox event was published and reached its topic at least once. */
    static Check outboxDelivered(Connection c, List<Delivered> delivered) throws SQLException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        delivered.forEach(d -> seen.add(d.eventId()));
        List<String> anomalies = new ArrayList<>();
        try (var rs = c.createStatement()
                .executeQuery("SELECT id, event_id::text, topic, published_at IS NOT NULL FROM outbox ORDER BY id")) {
            while (rs.next()) {
                if (!rs.getBoolean(4)) {
                    anomalies.add("outbox " + rs.getLong(1) + " (" + rs.getString(3) + ") never published");
                } else if (!seen.contains(rs.getString(2))) {
                    anomalies.add("outbox " + rs.getLong(1) + " (" + rs.getString(3) + ", event " + rs.getString(2)
                            + ") marked published, not on its topic");
                }
            }
        }
        return check(
                "outbox delivered at least once", "every outbox event is on its topic", anomalies.size(), anomalies);
    }

    /** An event id names one event: every delivered copy is the outbox row's topic, key and payload. */
    static Check outboxIdsUnique(Connection c, List<Delivered> delivered) throws SQLException {
        Map<String, String[]> rows = new HashMap<>();
        try (var rs = c.createStatement()
                .executeQuery("SELECT event_id::text, topic, event_key, payload::text FROM outbox")) {
            while (rs.next()) {
                rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        long idsInTable = count(c, "SELECT count(*) - count(DISTINCT event_id) FROM outbox");
        List<String> anomalies = new ArrayList<>();
        if (idsInTable != 0) {
            anomalies.add(idsInTable + " event ids used twice in the outbox");
        }
        for (Delivered d : delivered) {
            String[] row = d.eventId() == null ? null : rows.get(d.eventId());
            if (row == null) {
                anomalies.add(d.topic() + "/" + d.partition() + "@" + d.offset() + ": event id " + d.eventId()
                        + " is no outbox event");
            } else if (!row[0].equals(d.topic()) || !row[1].equals(d.key()) || !sameJson(row[2], d.value())) {
                anomalies.add(d.topic() + "/" + d.partition() + "@" + d.offset() + ": event " + d.eventId()
                        + " differs from its outbox row");
            }
        }
        return check(
                "outbox event ids unique",
                "one event id = one event: every copy on a topic is its outbox row",
                anomalies.size(),
                anomalies);
    }

    /**
     * Per topic and key, the events in the order consumers first see them are the outbox's events of that key in
     * the order they were decided, none missing between two delivered ones.
     */
    static Check outboxNoGapsPerKey(Connection c, List<Delivered> delivered) throws SQLException {
        Map<String, List<Long>> decided = new HashMap<>();
        Map<String, Long> idOfEvent = new HashMap<>();
        try (var rs = c.createStatement()
                .executeQuery(
                        "SELECT id, event_id::text, topic, event_key FROM outbox WHERE published_at IS NOT NULL ORDER BY id")) {
            while (rs.next()) {
                decided.computeIfAbsent(rs.getString(3) + "|" + rs.getString(4), k -> new ArrayList<>())
                        .add(rs.getLong(1));
                idOfEvent.put(rs.getString(2), rs.getLong(1));
            }
        }
        Map<String, List<Long>> firstSeen = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Delivered d : delivered) {
            Long id = idOfEvent.get(d.eventId());
            if (id != null && seen.add(d.eventId())) {
                firstSeen
                        .computeIfAbsent(d.topic() + "|" + d.key(), k -> new ArrayList<>())
                        .add(id);
            }
        }
        List<String> anomalies = new ArrayList<>();
        decided.forEach((key, ids) -> {
            List<Long> got = firstSeen.getOrDefault(key, List.of());
            if (!got.equals(ids)) {
                anomalies.add(key.replace('|', ' ') + ": decided " + abbreviate(ids) + ", first delivered "
                        + abbreviate(got));
            }
        });
        return check(
                "outbox no gaps per key",
                "per topic and key, events arrive in decision order with none missing",
                anomalies.size(),
                anomalies);
    }

    /** Every cycle finished once: published, its ledger entries booked once, one INSTRUCTION_ISSUED per instruction. */
    static Check cyclesRunOnce(Connection c) throws SQLException {
        return rows(
                c,
                "settlement cycles run once",
                "each cycle PUBLISHED, its entries booked once, one event per instruction",
                """
                SELECT 'cycle ' || code || ' left ' || status FROM settlement_cycle WHERE status <> 'PUBLISHED'
                UNION ALL
                SELECT kind || ' ' || reference || ' booked ' || count(*) || ' times' FROM journal_entry
                 WHERE kind IN ('SETTLEMENT_CYCLE', 'SETTLEMENT_CCP', 'SETTLEMENT_PAYMENT') GROUP BY kind, reference HAVING count(*) > 1
                UNION ALL
                SELECT 'cycle ' || y.code || ': ' || y.instructions || ' instructions recorded, ' || count(i.id) || ' created'
                  FROM settlement_cycle y LEFT JOIN settlement_instruction i ON i.cycle_id = y.id
                 GROUP BY y.id, y.code, y.instructions HAVING y.instructions IS DISTINCT FROM count(i.id)
                UNION ALL
                SELECT 'instruction ' || i.id || ': ' || count(o.id) || ' INSTRUCTION_ISSUED events'
                  FROM settlement_instruction i
                  LEFT JOIN outbox o ON o.type = 'INSTRUCTION_ISSUED' AND (o.payload -> 'data' ->> 'id')::bigint = i.id
                 GROUP BY i.id HAVING count(o.id) <> 1""");
    }

    /** A withdrawal is reserved once and paid out or released at most once, as its status says; approved once. */
    static Check withdrawalsDecidedOnce(Connection c, Sent sent) throws SQLException {
        Check ledger = rows(
                c,
                "withdrawals decided once",
                "one reserve, and one payout (APPROVED) or one release (REJECTED), never both",
                """
                SELECT 'withdrawal ' || w.id || ' ' || w.status || ': ' || count(*) FILTER (WHERE e.kind = 'WITHDRAWAL_RESERVE') || ' reserves, '
                       || count(*) FILTER (WHERE e.kind = 'WITHDRAWAL_PAYOUT') || ' payouts, '
                       || count(*) FILTER (WHERE e.kind = 'WITHDRAWAL_RELEASE') || ' releases'
                  FROM withdrawal w LEFT JOIN journal_entry e ON e.reference = 'withdrawal:' || w.id
                 GROUP BY w.id, w.status
                HAVING count(*) FILTER (WHERE e.kind = 'WITHDRAWAL_RESERVE') <> 1
                    OR count(*) FILTER (WHERE e.kind = 'WITHDRAWAL_PAYOUT') <> CASE w.status WHEN 'APPROVED' THEN 1 ELSE 0 END
                    OR count(*) FILTER (WHERE e.kind = 'WITHDRAWAL_RELEASE') <> CASE w.status WHEN 'REJECTED' THEN 1 ELSE 0 END""");
        List<String> anomalies = new ArrayList<>(ledger.examples());
        long count = ledger.anomalies();
        for (Map.Entry<Long, Long> e : new TreeMap<>(sent.approvalsAnswered()).entrySet()) {
            if (e.getValue() > 1) {
                count++;
                anomalies.add("withdrawal " + e.getKey() + ": " + e.getValue() + " approvals answered 200");
            }
        }
        return check(ledger.name(), ledger.rule() + "; no two approvals of one withdrawal succeed", count, anomalies);
    }

    /** A custodian's confirmation changes an instruction once, however often it arrives. */
    static Check confirmationsAppliedOnce(Connection c) throws SQLException {
        return rows(
                c,
                "confirmations applied once",
                "an instruction is decided by at most one applied confirmation",
                "SELECT 'instruction ' || instruction_id || ': ' || count(*) || ' applied confirmations' FROM settlement_confirmation"
                        + " WHERE outcome = 'APPLIED' GROUP BY instruction_id HAVING count(*) > 1");
    }

    /** Each account's stored margin figures. */
    static Map<String, Margin> margins(Connection c) throws SQLException {
        Map<String, Margin> margins = new TreeMap<>();
        try (var rs = c.createStatement()
                .executeQuery("SELECT a.code, m.im, m.mm, m.equity, m.status, m.call_amount FROM account_margin m"
                        + " JOIN account a ON a.id = m.account_id")) {
            while (rs.next()) {
                margins.put(
                        rs.getString(1),
                        new Margin(
                                rs.getBigDecimal(2),
                                rs.getBigDecimal(3),
                                rs.getBigDecimal(4),
                                rs.getString(5),
                                rs.getBigDecimal(6)));
            }
        }
        return margins;
    }

    /** Stored margin = a fresh computation: the figures stored before a full run are the ones the run computes. */
    static Check marginEqualsFreshRun(Map<String, Margin> stored, Map<String, Margin> fresh) {
        List<String> anomalies = new ArrayList<>();
        java.util.Set<String> accounts = new java.util.TreeSet<>(stored.keySet());
        accounts.addAll(fresh.keySet());
        for (String account : accounts) {
            Margin before = stored.get(account);
            Margin after = fresh.get(account);
            if (!Objects.equals(before, after)) {
                anomalies.add(account + ": stored " + before + "; fresh " + after);
            }
        }
        return check(
                "margin equals a fresh run",
                "each account's stored IM, MM, equity, status and call = a full run's",
                anomalies.size(),
                anomalies);
    }

    private static boolean sameJson(String a, String b) {
        return a != null && a.equals(b);
    }

    private static Check rows(Connection c, String name, String rule, String sql) throws SQLException {
        List<String> anomalies = new ArrayList<>();
        try (var st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                anomalies.add(rs.getString(1));
            }
        }
        return check(name, rule, anomalies.size(), anomalies);
    }

    private static Check check(String name, String rule, long anomalies, List<String> examples) {
        return new Check(name, rule, anomalies, List.copyOf(examples.subList(0, Math.min(EXAMPLES, examples.size()))));
    }

    private static String abbreviate(List<Long> ids) {
        return ids.size() <= 8
                ? ids.toString()
                : ids.subList(0, 4) + "..." + ids.subList(ids.size() - 4, ids.size()) + " (" + ids.size() + ")";
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
