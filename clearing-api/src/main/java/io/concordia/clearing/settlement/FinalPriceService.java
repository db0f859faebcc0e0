package io.concordia.clearing.settlement;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The final settlement prices of dated products ({@link Expiries}): read by anyone, set by an operator before the cycle
 * that settles the product (audited), after which it can no longer change.
 */
@ApplicationScoped
public class FinalPriceService {

    /**
     * A product's final settlement price: USD per unit; {@code source} OPERATOR, MARK or INTRINSIC; for INTRINSIC the
     * underlying's price it was taken at; {@code settledCycle} the cycle that settled and closed the product, if any.
     */
    public record FinalPrice(
            String product,
            Instant expiresAt,
            BigDecimal price,
            String source,
            BigDecimal underlyingPrice,
            String setBy,
            Instant setAt,
            String reason,
            String settledCycle) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditService audit;

    @Inject
    Clock clock;

    /** The product's final price; 404 for an unknown product, a perpetual, or a product whose price is not fixed yet. */
    @Transactional
    public FinalPrice of(String product) {
        return Jdbc.with(
                dataSource,
                c -> find(c, product).orElseThrow(() -> ApiProblem.notFound("final price of product", product)));
    }

    /** Sets (or replaces) the final price of a future or an option, until a cycle has settled it. */
    @Transactional
    public FinalPrice set(String product, BigDecimal price, String reason, String actor) {
        BigDecimal p = Decimals.atScale(price, 18, "price");
        if (p.signum() < 0) {
            throw ApiProblem.of(ProblemCode.NOT_POSITIVE, "price must be >= 0, was " + price.toPlainString());
        }
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            record Product(long id, String kind) {}
            Product found = sql.first(
                            "SELECT id, kind FROM product WHERE symbol = ? FOR UPDATE",
                            row -> new Product(row.longValue("id"), row.string("kind")),
                            product)
                    .orElseThrow(() -> ApiProblem.notFound("product", product));
            long id = found.id();
            String kind = found.kind();
            if ("PERPETUAL".equals(kind)) {
                throw ApiProblem.of(
                        ProblemCode.PRODUCT_DOES_NOT_EXPIRE, "'" + product + "' is a perpetual: it has no final price");
            }
            if (p.signum() == 0 && !"OPTION".equals(kind)) {
                throw ApiProblem.of(ProblemCode.NOT_POSITIVE, "a future's final price must be > 0");
            }
            Optional<FinalPrice> before = find(c, product);
            if (before.isPresent() && before.get().settledCycle() != null) {
                throw ApiProblem.of(
                        ProblemCode.PRODUCT_SETTLED,
                        "'" + product + "' was settled at its final price by cycle "
                                + before.get().settledCycle() + "; it can no longer change");
            }
            sql.update("""
                    INSERT INTO product_final_price (product_id, price, source, underlying_price, set_by, set_at, reason)
                    VALUES (?, ?, 'OPERATOR', NULL, ?, ?, ?)
                    ON CONFLICT (product_id) DO UPDATE SET price = EXCLUDED.price, source = 'OPERATOR', underlying_price = NULL,
                           set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at, reason = EXCLUDED.reason""", id, p, actor, clock.instant(), reason);
            FinalPrice after = find(c, product).orElseThrow();
            audit.record("SET_FINAL_PRICE", "product", product, before.orElse(null), after);
            return after;
        });
    }

    private static Optional<FinalPrice> find(Connection c, String product) {
        return Sql.on(c)
                .first(
                        """
                SELECT p.symbol, p.expires_at, f.price, f.source, f.underlying_price, f.set_by, f.set_at, f.reason,
                       sc.code AS settled_cycle
                  FROM product p JOIN product_final_price f ON f.product_id = p.id
                  LEFT JOIN settlement_cycle sc ON sc.id = f.settled_cycle_id WHERE p.symbol = ?""",
                        row -> {
                            BigDecimal underlying = row.decimal("underlying_price");
                            return new FinalPrice(
                                    row.string("symbol"),
                                    row.instant("expires_at"),
                                    Decimals.plain(row.decimal("price")),
                                    row.string("source"),
                                    underlying == null ? null : Decimals.plain(underlying),
                                    row.string("set_by"),
                                    row.instant("set_at"),
                                    row.string("reason"),
                                    row.string("settled_cycle"));
                        },
                        product);
    }
}
