package io.concordia.clearing.mark;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
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
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .list(
                                "SELECT price, iv, source, sources, at FROM mark_history WHERE product_id = ? ORDER BY id DESC LIMIT ?",
                                row -> new MarkPoint(
                                        row.decimal("price").stripTrailingZeros(),
                                        plainOrNull(row.decimal("iv")),
                                        row.string("source"),
                                        row.intValue("sources"),
                                        row.instant("at")),
                                id,
                                limit));
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
        Jdbc.with(dataSource, c -> {
            MarkBook.write(c, id, p, v, "OVERRIDE", 0, clock.instant(), reason, true);
            MarginQueue.enqueueHoldersOf(c, Set.of(id));
            return outbox.append(
                    c, MarkBook.EVENTS_TOPIC, product, "MARK_OVERRIDDEN", MarkBook.event(product, p, null, 0, reason));
        });
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
        Jdbc.with(dataSource, c -> {
            Sql.on(c)
                    .update(
                            "UPDATE mark SET source = 'HARMONIZED', stale = true, reason = NULL WHERE product_id = ?",
                            id);
            MarkBook.recompute(c, Set.of(id), clock.instant(), config, outbox);
            Mark recomputed = find(product).orElseThrow();
            return outbox.append(
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
        });
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
        return Jdbc.with(dataSource, c -> {
            record Candidate(BigDecimal price, int sources) {}
            Candidate candidate = Sql.on(c)
                    .first(
                            "SELECT held_price, held_sources FROM mark WHERE product_id = ? FOR UPDATE",
                            row -> row.decimal("held_price") == null
                                    ? null
                                    : new Candidate(row.decimal("held_price"), row.intValue("held_sources")),
                            id)
                    .orElseThrow(() ->
                            ApiProblem.of(ProblemCode.MARK_NOT_HELD, "the mark of '" + product + "' is not held"));
            BigDecimal held = candidate.price();
            int sources = candidate.sources();
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
        });
    }

    private long productId(String product) {
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .first("SELECT id FROM product WHERE symbol = ?", row -> row.longValue("id"), product)
                        .orElseThrow(() -> ApiProblem.notFound("product", product)));
    }

    private boolean isOption(long product) {
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .first(
                                "SELECT kind = 'OPTION' AS option FROM product WHERE id = ?",
                                row -> row.bool("option"),
                                product)
                        .orElse(false));
    }

    private static BigDecimal plainOrNull(BigDecimal d) {
        return d == null ? null : d.stripTrailingZeros();
    }

    private List<Mark> query(String where, String product) {
        Object[] parameters = product == null ? new Object[0] : new Object[] {product};
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .list(
                                """
                SELECT p.symbol, m.price, m.source, m.stale, m.sources, m.updated_at, m.reason,
                       m.held_price, m.held_sources, m.held_since, m.held_reason, m.iv
                  FROM mark m JOIN product p ON p.id = m.product_id""" + where + " ORDER BY m.held_price IS NULL, p.symbol",
                                row -> {
                                    BigDecimal held = row.decimal("held_price");
                                    Hold hold = held == null
                                            ? null
                                            : new Hold(
                                                    held.stripTrailingZeros(),
                                                    row.intValue("held_sources"),
                                                    row.instant("held_since"),
                                                    row.string("held_reason"));
                                    return new Mark(
                                            row.string("symbol"),
                                            row.decimal("price").stripTrailingZeros(),
                                            plainOrNull(row.decimal("iv")),
                                            row.string("source"),
                                            row.bool("stale"),
                                            row.intValue("sources"),
                                            row.instant("updated_at"),
                                            row.string("reason"),
                                            hold != null,
                                            hold);
                                },
                                parameters));
    }
}
