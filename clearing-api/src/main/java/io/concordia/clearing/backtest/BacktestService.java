package io.concordia.clearing.backtest;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.margin.MarginEngine;
import io.concordia.clearing.margin.MarginStore;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.margin.backtest.TrafficLight;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.calc.PortfolioRequirement;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ProductId;
import io.concordia.margin.model.ProductKind;
import io.concordia.margin.model.UnderlyingId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Daily backtesting of the margin model (docs/margin-model.md §9; EMIR RTS 153/2013 art. 49). Once a day a snapshot
 * records every account's positions and stored requirement, the reference portfolios (one unit long and one unit
 * short of each listed underlying) margined under the risk in force, and the marks. When the snapshot of day
 * {@code t + h} exists, each portfolio of day {@code t} becomes an observation: the clean loss of the positions held at
 * {@code t}, from the marks of {@code t} to those of {@code t + h}, against the IM of {@code t}. The statistics are
 * margin-core's, computed on read from the observations kept.
 */
@ApplicationScoped
public class BacktestService {

    private static final Logger LOG = Logger.getLogger(BacktestService.class);

    /** The topic operators already watch for margin alerts. */
    static final String EVENTS_TOPIC = MarginStore.EVENTS_TOPIC;

    /** Model figures are doubles inside margin-core; they are stored to the cent, rounded half-even, here only. */
    private static final RoundingMode FIGURE_ROUNDING = RoundingMode.HALF_EVEN;

    /** What a snapshot recorded. */
    public record Snapshot(
            LocalDate day,
            Instant takenAt,
            String takenBy,
            String scheduleVersion,
            String scenarioSetId,
            int horizonDays,
            BigDecimal confidence,
            int accounts,
            int referencePortfolios,
            int observationsMade) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MarginEngine engine;

    @Inject
    Outbox outbox;

    @Inject
    AuditService audit;

    @Inject
    Clock clock;

    /** Today's snapshot for the daily schedule: taken once, whichever instance comes first. */
    @Transactional
    public Optional<Snapshot> snapshotToday(String actor) {
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        return Jdbc.with(dataSource, c -> {
            Optional<Snapshot> taken = take(c, today, actor);
            if (taken.isPresent()) {
                audit.recordAs(
                        actor, "TAKE_BACKTEST_SNAPSHOT", "backtest-snapshot", today.toString(), null, taken.get());
            }
            return taken;
        });
    }

    /**
     * A snapshot taken by an operator, for today or labelled with an earlier day (to fill a day the schedule missed:
     * it records the state of now under that day's label, audited as such).
     */
    @Transactional
    public Snapshot snapshot(LocalDate day, String actor) {
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate label = day == null ? today : day;
        if (label.isAfter(today)) {
            throw ApiProblem.of(
                    ProblemCode.SNAPSHOT_IN_THE_FUTURE,
                    "a snapshot can be labelled today (" + today + ") or an earlier day, not " + label);
        }
        return Jdbc.with(dataSource, c -> {
            Snapshot taken = take(c, label, actor)
                    .orElseThrow(() -> ApiProblem.of(
                            ProblemCode.SNAPSHOT_EXISTS,
                            "the backtest snapshot of " + label + " has been taken already"));
            audit.record("TAKE_BACKTEST_SNAPSHOT", "backtest-snapshot", label.toString(), null, taken);
            return taken;
        });
    }

    /** Makes every observation the stored snapshots allow and has not made yet (after snapshots were filled in). */
    @Transactional
    public int observeAll() {
        return Jdbc.with(dataSource, c -> {
            int made = 0;
            for (LocalDate day : snapshotDays(c)) {
                made += observe(c, day);
            }
            audit.record("OBSERVE_BACKTESTS", "backtest-snapshot", "*", null, Map.of("observationsMade", made));
            return made;
        });
    }

    private Optional<Snapshot> take(Connection c, LocalDate day, String actor) throws SQLException {
        MarginEngine.Risk risk = engine.current(c);
        Instant now = clock.instant();
        Sql sql = Sql.on(c);
        int taken = sql.update(
                """
                INSERT INTO backtest_snapshot (day, taken_at, taken_by, schedule_version, scenario_set_id, horizon_days, confidence)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day) DO NOTHING""",
                day,
                now,
                actor,
                risk.scheduleVersion(),
                risk.scenarioSetId(),
                risk.context().scenarios().horizonDays(),
                risk.context().schedule().confidence());
        if (taken == 0) {
            return Optional.empty();
        }
        sql.update("""
                INSERT INTO backtest_mark (day, product_id, price) SELECT ?, product_id, price FROM mark WHERE price IS NOT NULL""", day);
        // the stored requirement of every account holding a position; an isolated account's VaR and ES are its buckets'
        int accounts = sql.update("""
                INSERT INTO backtest_portfolio (day, kind, subject, account_id, member_id, im, var, es)
                SELECT ?, 'ACCOUNT', a.code, a.id, a.member_id, m.im,
                       coalesce(m.var, (SELECT round(coalesce(sum((b -> 'components' ->> 'var')::numeric), 0), 2)
                                          FROM jsonb_array_elements(m.buckets) b), 0),
                       coalesce(m.es, (SELECT round(coalesce(sum((b -> 'components' ->> 'es')::numeric), 0), 2)
                                         FROM jsonb_array_elements(m.buckets) b), 0)
                  FROM account_margin m JOIN account a ON a.id = m.account_id JOIN member mb ON mb.id = a.member_id
                 WHERE NOT mb.is_ccp AND EXISTS (SELECT 1 FROM position p WHERE p.account_id = a.id AND p.quantity <> 0)""", day);
        sql.update("""
                INSERT INTO backtest_holding (day, kind, subject, product_id, quantity)
                SELECT bp.day, bp.kind, bp.subject, p.product_id, p.quantity
                  FROM backtest_portfolio bp JOIN position p ON p.account_id = bp.account_id
                 WHERE bp.day = ? AND bp.kind = 'ACCOUNT' AND p.quantity <> 0""", day);
        int references = referencePortfolios(c, day, risk);
        int made = observe(c, day);
        LOG.infof(
                "backtest snapshot %s: %d accounts, %d reference portfolios, %d observations made",
                day, accounts, references, made);
        return Optional.of(new Snapshot(
                day,
                now,
                actor,
                risk.scheduleVersion(),
                risk.scenarioSetId(),
                risk.context().scenarios().horizonDays(),
                risk.context().schedule().confidence(),
                accounts,
                references,
                made));
    }

    /**
     * One unit long and one unit short of each listed underlying that the risk in force prices, held in its reference
     * product (the perpetual first, as for collateral prices) at that product's mark.
     */
    private static int referencePortfolios(Connection c, LocalDate day, MarginEngine.Risk risk) {
        Sql sql = Sql.on(c);
        List<ReferenceProduct> references = sql.list(
                """
                SELECT DISTINCT ON (p.underlying) p.underlying, p.id, p.symbol, p.kind, bm.price
                  FROM product p JOIN backtest_mark bm ON bm.product_id = p.id AND bm.day = ?
                 WHERE p.kind IN ('PERPETUAL', 'FUTURE')
                 ORDER BY p.underlying, p.kind = 'PERPETUAL' DESC, p.id""",
                row -> new ReferenceProduct(
                        row.string("underlying"),
                        row.longValue("id"),
                        row.string("symbol"),
                        row.enumValue("kind", ProductKind.class),
                        row.decimal("price")),
                day);
        List<ReferencePortfolio> portfolios = new ArrayList<>();
        for (ReferenceProduct reference : references) {
            UnderlyingId underlying = UnderlyingId.of(reference.underlying());
            if (!risk.context().covers(underlying)) {
                continue;
            }
            BigDecimal mark = reference.mark();
            Product product = new Product(ProductId.of(reference.symbol()), underlying, reference.kind(), null);
            for (BigDecimal quantity : List.of(BigDecimal.ONE, BigDecimal.ONE.negate())) {
                String kind = quantity.signum() > 0 ? "REFERENCE_LONG" : "REFERENCE_SHORT";
                PortfolioRequirement req = MarginCalculator.DEFAULT.requirement(
                        List.of(new Position(product, quantity, mark, mark)), risk.context());
                portfolios.add(new ReferencePortfolio(kind, reference, quantity, req));
            }
        }
        sql.batch(
                "INSERT INTO backtest_portfolio (day, kind, subject, im, var, es) VALUES (?, ?, ?, ?, ?, ?)",
                portfolios,
                p -> new Object[] {
                    day,
                    p.kind(),
                    p.reference().underlying(),
                    p.requirement().im(),
                    BigDecimal.valueOf(p.requirement().var()).setScale(2, FIGURE_ROUNDING),
                    BigDecimal.valueOf(p.requirement().es()).setScale(2, FIGURE_ROUNDING)
                });
        sql.batch(
                "INSERT INTO backtest_holding (day, kind, subject, product_id, quantity) VALUES (?, ?, ?, ?, ?)",
                portfolios,
                p -> new Object[] {
                    day, p.kind(), p.reference().underlying(), p.reference().productId(), p.quantity()
                });
        return portfolios.size();
    }

    /** An underlying's reference product and its mark on the snapshot's day. */
    private record ReferenceProduct(
            String underlying, long productId, String symbol, ProductKind kind, BigDecimal mark) {}

    /** One unit long or short of a reference product, and what the model requires for it. */
    private record ReferencePortfolio(
            String kind, ReferenceProduct reference, BigDecimal quantity, PortfolioRequirement requirement) {}

    /**
     * Makes the observations that the snapshot of {@code day} completes: those of {@code day - h} (ending today) and,
     * for a day filled in late, those of {@code day} whose end is already there. Losses are rounded to the cent, half
     * away from zero (PostgreSQL's {@code round}), once, here. A portfolio with a product not marked at both ends is
     * not observed. Then the members' books, and the zones.
     */
    private int observe(Connection c, LocalDate day) {
        Instant now = clock.instant();
        Sql sql = Sql.on(c);
        int made = sql.update("""
                INSERT INTO backtest_observation (day, kind, subject, end_day, account_id, member_id, im, var, es, exposure, loss, observed_at)
                SELECT p.day, p.kind, p.subject, e.day, p.account_id, p.member_id, p.im, p.var, p.es,
                       round(sum(abs(h.quantity * m0.price)), 2), round(-sum(h.quantity * (m1.price - m0.price)), 2), ?
                  FROM backtest_snapshot s JOIN backtest_snapshot e ON e.day = s.day + s.horizon_days
                  JOIN backtest_portfolio p ON p.day = s.day
                  JOIN backtest_holding h ON h.day = p.day AND h.kind = p.kind AND h.subject = p.subject
                  LEFT JOIN backtest_mark m0 ON m0.day = s.day AND m0.product_id = h.product_id
                  LEFT JOIN backtest_mark m1 ON m1.day = e.day AND m1.product_id = h.product_id
                 WHERE ? IN (s.day, e.day)
                 GROUP BY p.day, p.kind, p.subject, e.day, p.account_id, p.member_id, p.im, p.var, p.es
                HAVING count(m0.price) = count(*) AND count(m1.price) = count(*)
                ON CONFLICT DO NOTHING""", now, day);
        if (made == 0) {
            return 0;
        }
        // a member's book: its accounts' observations of the day, summed
        made += sql.update("""
                INSERT INTO backtest_observation (day, kind, subject, end_day, member_id, im, var, es, exposure, loss, observed_at)
                SELECT o.day, 'MEMBER', mb.code, o.end_day, o.member_id, sum(o.im), sum(o.var), sum(o.es), sum(o.exposure),
                       sum(o.loss), ?
                  FROM backtest_observation o JOIN member mb ON mb.id = o.member_id
                 WHERE o.kind = 'ACCOUNT' AND ? IN (o.day, o.end_day)
                 GROUP BY o.day, o.end_day, o.member_id, mb.code
                ON CONFLICT DO NOTHING""", now, day);
        updateZones(c, day, now);
        return made;
    }

    /**
     * Tells the operators once when a subject's zone over its last 250 observations changes, green or not. One
     * set-based query counts every observed subject's exceedances in its window, whatever the number of accounts.
     */
    private void updateZones(Connection c, LocalDate day, Instant now) {
        double alpha = BacktestReports.confidence(c).doubleValue();
        Sql sql = Sql.on(c);
        List<ZoneCount> counts = sql.list(
                """
                WITH observed AS (SELECT DISTINCT kind, subject FROM backtest_observation WHERE ? IN (day, end_day)),
                     recent AS (SELECT o.kind, o.subject, o.day, o.im, o.loss,
                                       row_number() OVER (PARTITION BY o.kind, o.subject ORDER BY o.day DESC) AS age
                                  FROM backtest_observation o JOIN observed USING (kind, subject))
                SELECT r.kind, r.subject, count(*) AS observations, count(*) FILTER (WHERE r.loss > r.im) AS exceedances,
                       max(r.day) AS last_day, z.zone AS before
                  FROM recent r LEFT JOIN backtest_zone z ON z.kind = r.kind AND z.subject = r.subject
                 WHERE r.age <= ?
                 GROUP BY r.kind, r.subject, z.zone""",
                row -> new ZoneCount(
                        row.string("kind"),
                        row.string("subject"),
                        row.intValue("observations"),
                        row.intValue("exceedances"),
                        row.date("last_day"),
                        row.string("before")),
                day,
                TrafficLight.BASEL_WINDOW);
        List<ZoneCount> changed = counts.stream()
                .filter(count -> !count.zone(alpha).name().equals(count.before()))
                .toList();
        sql.batch("""
                INSERT INTO backtest_zone (kind, subject, zone, changed_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (kind, subject) DO UPDATE SET zone = excluded.zone, changed_at = excluded.changed_at""", changed, count -> new Object[] {count.kind(), count.subject(), count.zone(alpha), now});
        for (ZoneCount count : changed) {
            TrafficLight zone = count.zone(alpha);
            if (count.before() == null && zone == TrafficLight.GREEN) {
                continue;
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("kind", count.kind());
            event.put("subject", count.subject());
            event.put("from", count.before());
            event.put("zone", zone.name());
            event.put("exceedances", count.exceedances());
            event.put("observations", count.observations());
            event.put("lastDay", count.lastDay().toString());
            outbox.append(c, EVENTS_TOPIC, count.subject(), "BACKTEST_ZONE_CHANGED", event);
            LOG.warnf(
                    "backtest zone of %s %s: %s -> %s (%s exceedances in %s observations)",
                    count.kind(),
                    count.subject(),
                    count.before(),
                    zone.name(),
                    count.exceedances(),
                    count.observations());
        }
    }

    /** A subject's exceedances over its last window of observations, and the zone it was last told. */
    private record ZoneCount(
            String kind, String subject, int observations, int exceedances, LocalDate lastDay, String before) {

        TrafficLight zone(double alpha) {
            return TrafficLight.of(exceedances, observations, alpha);
        }
    }

    private static List<LocalDate> snapshotDays(Connection c) {
        return Sql.on(c).list("SELECT day FROM backtest_snapshot ORDER BY day", row -> row.date("day"));
    }
}
