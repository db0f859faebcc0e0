package io.concordia.clearing.settlement;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.settlement.SettlementDtos.Cycle;
import io.concordia.clearing.settlement.SettlementDtos.CyclePrice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settlement cycles as they are read: the list, and one cycle with its figures and frozen prices. The steps that move a
 * cycle are {@link CycleService}'s; a cycle's instructions are {@link Instructions}'.
 */
@ApplicationScoped
public class CycleReads {

    @Inject
    AgroalDataSource dataSource;

    /** A cycle by its id (digits) or its code; 404 if there is none. */
    @Transactional
    public Cycle get(String idOrCode) {
        return Jdbc.with(dataSource, c -> read(c, resolve(c, idOrCode)));
    }

    @Transactional
    public Cycle get(long id) {
        return get(Long.toString(id));
    }

    /** Cycles, newest first. */
    @Transactional
    public Page<Cycle> list(PageRequest page) {
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            List<Long> ids = sql.list(
                    "SELECT id FROM settlement_cycle ORDER BY id DESC LIMIT ? OFFSET ?",
                    row -> row.longValue("id"),
                    page.size(),
                    (long) page.page() * page.size());
            List<Cycle> items = new ArrayList<>();
            for (long id : ids) {
                items.add(read(c, id));
            }
            long total = sql.one("SELECT count(*) AS n FROM settlement_cycle", row -> row.longValue("n"));
            return new Page<>(items, page.page(), page.size(), total);
        });
    }

    /** A cycle by its id (digits) or its code; 404 if there is none. */
    static long resolve(Connection c, String idOrCode) {
        boolean byId = idOrCode.chars().allMatch(Character::isDigit) && idOrCode.length() <= 18 && !idOrCode.isEmpty();
        Sql.RowMapper<Long> id = row -> row.longValue("id");
        Optional<Long> found = byId
                ? Sql.on(c).first("SELECT id FROM settlement_cycle WHERE id = ?", id, Long.parseLong(idOrCode))
                : Sql.on(c).first("SELECT id FROM settlement_cycle WHERE code = ?", id, idOrCode);
        return found.orElseThrow(() -> ApiProblem.notFound("settlement cycle", idOrCode));
    }

    /** The cycle with its frozen prices; 404 if there is none. */
    static Cycle read(Connection c, long id) {
        Sql sql = Sql.on(c);
        List<CyclePrice> prices = sql.list(
                """
                SELECT p.symbol, sp.price, sp.source, sp.mark_stale, sp.funding_rate FROM settlement_price sp
                  JOIN product p ON p.id = sp.product_id WHERE sp.cycle_id = ? ORDER BY p.symbol""",
                row -> new CyclePrice(
                        row.string("symbol"),
                        plain(row.decimal("price")),
                        row.string("source"),
                        row.bool("mark_stale"),
                        plain(row.decimal("funding_rate"))),
                id);
        return sql.first("""
                SELECT s.id, s.code, s.origin, s.status, s.cut_off, a.code AS asset, s.fee_rate, s.requested_by, s.reason,
                       s.deferred_products, s.trades, s.positions, s.instructions, s.frozen_at, s.posted_at, s.published_at,
                       s.transfers
                  FROM settlement_cycle s JOIN asset a ON a.id = s.asset_id WHERE s.id = ?""", row -> cycle(row, prices), id)
                .orElseThrow(() -> ApiProblem.notFound("settlement cycle", Long.toString(id)));
    }

    private static Cycle cycle(Row row, List<CyclePrice> prices) throws SQLException {
        return new Cycle(
                row.longValue("id"),
                row.string("code"),
                row.enumValue("origin", CycleOrigin.class),
                row.enumValue("status", CycleStatus.class),
                row.instant("cut_off"),
                row.string("asset"),
                plain(row.decimal("fee_rate")),
                row.string("requested_by"),
                row.string("reason"),
                row.texts("deferred_products"),
                row.intValue("trades"),
                row.intValue("transfers"),
                row.nullableInt("positions"),
                row.nullableInt("instructions"),
                prices,
                row.instant("frozen_at"),
                row.instant("posted_at"),
                row.instant("published_at"));
    }

    /** A figure as shown: no trailing zeros, and never in exponent notation. */
    static BigDecimal plain(BigDecimal d) {
        if (d == null) {
            return null;
        }
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
