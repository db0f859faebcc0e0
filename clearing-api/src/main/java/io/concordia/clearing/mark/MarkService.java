package io.concordia.clearing.mark;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.ingest.IngestFailure;
import io.concordia.clearing.margin.MarginQueue;
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

/** Reading marks, and operators' overrides of them (audited). */
@ApplicationScoped
public class MarkService {

    /** A product's mark: USD per unit; {@code stale} when too few venue prices were usable at the last update. */
    public record Mark(String product, BigDecimal price, String source, boolean stale, int sources, Instant updatedAt, String reason) {
    }

    public record MarkPoint(BigDecimal price, String source, int sources, Instant at) {
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AuditService audit;
    @Inject
    MarkConfig config;
    @Inject
    Clock clock;

    @Transactional
    public List<Mark> list() {
        return query("", null);
    }

    @Transactional
    public Optional<Mark> find(String product) {
        return query(" WHERE p.symbol = ?", product).stream().findFirst();
    }

    @Transactional
    public List<MarkPoint> history(String product, int limit) {
        long id = productId(product);
        try (Connection c = dataSource.getConnection(); var st = c.prepareStatement(
                "SELECT price, source, sources, at FROM mark_history WHERE product_id = ? ORDER BY id DESC LIMIT ?")) {
            st.setLong(1, id);
            st.setInt(2, limit);
            List<MarkPoint> points = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    points.add(new MarkPoint(rs.getBigDecimal(1).stripTrailingZeros(), rs.getString(2), rs.getInt(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return points;
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
    }

    /** Sets the mark by hand; it stands until the override is cleared, whatever the venues report. */
    @Transactional
    public Mark override(String product, BigDecimal price, String reason) {
        long id = productId(product);
        BigDecimal p = Decimals.positive(price, 18, "price");
        Optional<Mark> before = find(product);
        try (Connection c = dataSource.getConnection()) {
            MarkBook.write(c, id, p, "OVERRIDE", 0, clock.instant(), reason, true);
            MarginQueue.enqueueHoldersOf(c, Set.of(id));
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
        Mark after = find(product).orElseThrow();
        audit.record("OVERRIDE_MARK", "mark", product, before.orElse(null), after);
        return after;
    }

    /** Returns the product to its harmonized mark, recomputed from the venues' latest prices. */
    @Transactional
    public Mark clearOverride(String product, String reason) {
        long id = productId(product);
        Mark before = find(product).filter(m -> m.source().equals("OVERRIDE"))
                .orElseThrow(() -> ApiProblem.conflict("NO_OVERRIDE", "the mark of '" + product + "' is not overridden"));
        try (Connection c = dataSource.getConnection()) {
            try (var st = c.prepareStatement("UPDATE mark SET source = 'HARMONIZED', stale = true, reason = NULL WHERE product_id = ?")) {
                st.setLong(1, id);
                st.executeUpdate();
            }
            MarkBook.recompute(c, Set.of(id), clock.instant(), config);
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
        Mark after = find(product).orElseThrow();
        audit.record("CLEAR_MARK_OVERRIDE", "mark", product, before, Map.of("mark", after, "reason", reason));
        return after;
    }

    private long productId(String product) {
        try (Connection c = dataSource.getConnection(); var st = c.prepareStatement("SELECT id FROM product WHERE symbol = ?")) {
            st.setString(1, product);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("product", product);
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
    }

    private List<Mark> query(String where, String product) {
        try (Connection c = dataSource.getConnection(); var st = c.prepareStatement("""
                SELECT p.symbol, m.price, m.source, m.stale, m.sources, m.updated_at, m.reason
                  FROM mark m JOIN product p ON p.id = m.product_id""" + where + " ORDER BY p.symbol")) {
            if (product != null) {
                st.setString(1, product);
            }
            List<Mark> marks = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    marks.add(new Mark(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros(), rs.getString(3), rs.getBoolean(4),
                            rs.getInt(5), rs.getTimestamp(6).toInstant(), rs.getString(7)));
                }
            }
            return marks;
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
    }
}
