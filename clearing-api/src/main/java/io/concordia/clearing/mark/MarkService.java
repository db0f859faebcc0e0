package io.concordia.clearing.mark;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading marks, and operators' decisions on them (audited, and published to {@code mark-events}): overriding a mark,
 * clearing the override, and accepting a candidate the dislocation guard held.
 */
@ApplicationScoped
public class MarkService {

    /**
     * A product's mark in force: USD per unit; {@code stale} when too few venue prices were usable at the last update;
     * {@code held} when the venues' candidate ({@code hold}) moved too far and waits for an operator; {@code iv}: an
     * option's mark implied volatility (absent for a linear product).
     */
    public record Mark(
            String product,
            BigDecimal price,
            BigDecimal iv,
            String source,
            boolean stale,
            int sources,
            Instant updatedAt,
            String reason,
            boolean held,
            Hold hold) {}

    /** A held candidate: USD per unit, the venue prices it used, since when it is held and why. */
    public record Hold(BigDecimal price, int sources, Instant since, String reason) {}

    public record MarkPoint(BigDecimal price, BigDecimal iv, String source, int sources, Instant at) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditService audit;

    @Inject
    MarkConfig config;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Transactional
    public List<Mark> list() {
        return query("", null);
    }

    /** The marks an operator should look at: held or stale, held first. */
    @Transactional
    public List<Mark> needingAttention() {
        return query(" WHERE m.held_price IS NOT NULL OR m.stale", null);
    }

    @Transactional
    public Optional<Mark> find(String product) {
        return query(" WHERE p.symbol = ?", product).stream().findFirst();
    }

    @Transactional
    public List<MarkPoint> history(String product, int limit) {
        long id = productId(product);
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement(
                        "SELECT price, iv, source, sources, at FROM mark_history WHERE product_id = ? ORDER BY id DESC LIMIT ?")) {
            st.setLong(1, id);
            st.setInt(2, limit);
            List<MarkPoint> points = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    points.add(new MarkPoint(
                            rs.getBigDecimal(1).stripTrailingZeros(),
                            plainOrNull(rs.getBigDecimal(2)),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
            return points;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Sets the mark by hand; it stands until the override is cleared, whatever the venues report. An option's override
     * may set its implied volatility too; without one it keeps the one it has, and its first mark needs one.
     */
    @Transactional
    public Mark override(String product, BigDecimal price, BigDecimal iv, String reason) {
        long id = productId(product);
        BigDecimal p = Decimals.positive(price, 18, "price");
        BigDecimal v = iv == null ? null : Decimals.positive(iv, 18, "iv");
        Optional<Mark> before = find(product);
        boolean option = isOption(id);
        if (!option && v != null) {
            throw ApiProblem.of(
                    ProblemCode.IMPLIED_VOLATILITY, "'" + product + "' is not an option: its mark has no iv");
        }
        if (option && v == null && before.map(Mark::iv).isEmpty()) {
            throw ApiProblem.of(
                    ProblemCode.IMPLIED_VOLATILITY,
                    "option '" + product + "' has no mark yet: give its iv with the price");
        }
        try (Connection c = dataSource.getConnection()) {
            MarkBook.write(c, id, p, v, "OVERRIDE", 0, clock.instant(), reason, true);
            MarginQueue.enqueueHoldersOf(c, Set.of(id));
            outbox.append(
                    c, MarkBook.EVENTS_TOPIC, product, "MARK_OVERRIDDEN", MarkBook.event(product, p, null, 0, reason));
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
        Mark after = find(product).orElseThrow();
        audit.record("OVERRIDE_MARK", "mark", product, before.orElse(null), after);
        return after;
    }

    /** Returns the product to its harmonized mark, recomputed from the venues' latest prices. */
    @Transactional
    public Mark clearOverride(String product, String reason) {
        long id = productId(product);
        Mark before = find(product)
                .filter(m -> m.source().equals("OVERRIDE"))
                .orElseThrow(() ->
                        ApiProblem.of(ProblemCode.NO_OVERRIDE, "the mark of '" + product + "' is not overridden"));
        try (Connection c = dataSource.getConnection()) {
            try (var st = c.prepareStatement(
                    "UPDATE mark SET source = 'HARMONIZED', stale = true, reason = NULL WHERE product_id = ?")) {
                st.setLong(1, id);
                st.executeUpdate();
            }
            MarkBook.recompute(c, Set.of(id), clock.instant(), config, outbox);
            Mark recomputed = find(product).orElseThrow();
            outbox.append(
                    c,
                    MarkBook.EVENTS_TOPIC,
                    product,
                    "MARK_OVERRIDE_CLEARED",
                    MarkBook.event(
                            product,
                            recomputed.price(),
                            recomputed.hold() == null ? null : recomputed.hold().price(),
                            recomputed.sources(),
                            reason));
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
        Mark after = find(product).orElseThrow();
        audit.record("CLEAR_MARK_OVERRIDE", "mark", product, before, Map.of("mark", after, "reason", reason));
        return after;
    }

    /**
     * Puts the held candidate in force (source ACCEPTED): the operator confirms the venues' move. With {@code expected},
     * only if that is still the held price, so an operator never accepts a candidate they have not seen.
     */
    @Transactional
    public Mark accept(String product, BigDecimal expected, String reason) {
        long id = productId(product);
        try (Connection c = dataSource.getConnection()) {
            BigDecimal held;
            int sources;
            try (var st =
                    c.prepareStatement("SELECT held_price, held_sources FROM mark WHERE product_id = ? FOR UPDATE")) {
                st.setLong(1, id);
                try (var rs = st.executeQuery()) {
                    held = rs.next() ? rs.getBigDecimal(1) : null;
                    sources = held == null ? 0 : rs.getInt(2);
                }
            }
            if (held == null) {
                throw ApiProblem.of(ProblemCode.MARK_NOT_HELD, "the mark of '" + product + "' is not held");
            }
            if (expected != null && expected.compareTo(held) != 0) {
                throw ApiProblem.of(
                        ProblemCode.HELD_PRICE_CHANGED,
                        "the held price of '" + product + "' is now "
                                + held.stripTrailingZeros().toPlainString() + ", not " + expected.toPlainString());
            }
            Mark before = find(product).orElseThrow();
            MarkBook.write(c, id, held, null, "ACCEPTED", sources, clock.instant(), reason, true);
            MarginQueue.enqueueHoldersOf(c, Set.of(id));
            outbox.append(
                    c,
                    MarkBook.EVENTS_TOPIC,
                    product,
                    "MARK_ACCEPTED",
                    MarkBook.event(product, held, null, sources, reason));
            Mark after = find(product).orElseThrow();
            audit.record("ACCEPT_MARK", "mark", product, before, after);
            return after;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private long productId(String product) {
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("SELECT id FROM product WHERE symbol = ?")) {
            st.setString(1, product);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("product", product);
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private boolean isOption(long product) {
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("SELECT kind = 'OPTION' FROM product WHERE id = ?")) {
            st.setLong(1, product);
            try (var rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static BigDecimal plainOrNull(BigDecimal d) {
        return d == null ? null : d.stripTrailingZeros();
    }

    private List<Mark> query(String where, String product) {
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("""
                SELECT p.symbol, m.price, m.source, m.stale, m.sources, m.updated_at, m.reason,
                       m.held_price, m.held_sources, m.held_since, m.held_reason, m.iv
                  FROM mark m JOIN product p ON p.id = m.product_id""" + where + " ORDER BY m.held_price IS NULL, p.symbol")) {
            if (product != null) {
                st.setString(1, product);
            }
            List<Mark> marks = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    BigDecimal held = rs.getBigDecimal(8);
                    Hold hold = held == null
                            ? null
                            : new Hold(
                                    held.stripTrailingZeros(),
                                    rs.getInt(9),
                                    rs.getTimestamp(10).toInstant(),
                                    rs.getString(11));
                    marks.add(new Mark(
                            rs.getString(1),
                            rs.getBigDecimal(2).stripTrailingZeros(),
                            plainOrNull(rs.getBigDecimal(12)),
                            rs.getString(3),
                            rs.getBoolean(4),
                            rs.getInt(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getString(7),
                            hold != null,
                            hold));
                }
            }
            return marks;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }
}
