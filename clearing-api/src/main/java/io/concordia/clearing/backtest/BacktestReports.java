package io.concordia.clearing.backtest;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.margin.backtest.BacktestObservation;
import io.concordia.margin.backtest.BacktestStatistics;
import io.concordia.margin.backtest.CoverageTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What the backtest observations say, per account, member book or reference portfolio: margin-core's statistics over
 * every observation kept, the Basel zone of the last 250, and the observations themselves as a page or as CSV.
 */
@ApplicationScoped
public class BacktestReports {

    /** The kinds of subject a report is about. */
    static final Set<String> KINDS = Set.of("ACCOUNT", "MEMBER", "REFERENCE_LONG", "REFERENCE_SHORT");

    /** Statistics leave margin-core as doubles; they are shown to six significant digits, rounded half-even, here. */
    private static final MathContext STATISTIC = new MathContext(6, RoundingMode.HALF_EVEN);

    /** One exceedance series: how often the loss went beyond the figure, and the two likelihood-ratio tests. */
    public record Coverage(
            int observations,
            int exceedances,
            BigDecimal expected,
            BigDecimal kupiecPValue,
            BigDecimal christoffersenPValue,
            String zoneLast250,
            String worstZone250) {

        static Coverage of(CoverageTest t) {
            return new Coverage(
                    t.observations(),
                    t.exceedances(),
                    statistic(t.expected()),
                    statistic(t.kupiecP()),
                    statistic(t.christoffersenP()),
                    t.zoneLast250().name(),
                    t.worstZone250().name());
        }
    }

    /**
     * A subject's backtest: IM and VaR coverage, the ES severity ratio (mean loss beyond VaR over the ES predicted;
     * about 1 when ES is right), and the swings of the margin rate IM / exposure.
     */
    public record Report(
            String kind,
            String subject,
            LocalDate firstDay,
            LocalDate lastDay,
            BigDecimal confidence,
            Coverage im,
            Coverage var,
            BigDecimal esSeverityRatio,
            int esSeverityDays,
            BigDecimal meanIm,
            BigDecimal marginRatePeakToTrough,
            BigDecimal largestDailyMarginRateRise) {}

    /** One observation as stored: the figures of day {@code day}, the loss to {@code endDay}. */
    public record Observation(
            LocalDate day,
            LocalDate endDay,
            BigDecimal im,
            BigDecimal var,
            BigDecimal es,
            BigDecimal exposure,
            BigDecimal loss,
            boolean exceeded) {}

    /** A subject's zone as last told. */
    public record Zone(String kind, String subject, String zone, java.time.Instant changedAt) {}

    @Inject
    AgroalDataSource dataSource;

    /** The member id of a member code, for scoping a member's reads; empty when there is none. */
    public long memberId(String memberCode) {
        return Jdbc.with(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM member WHERE code = ?")) {
                ps.setString(1, memberCode);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiProblem.notFound("member", memberCode);
                    }
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The report of one subject; 404 when it has no observation (or, for a member, is not theirs). */
    public Report report(String kind, String subject, Long memberId) {
        return Jdbc.with(dataSource, c -> {
            List<BacktestObservation> all = observations(c, kind, subject, memberId, Integer.MAX_VALUE);
            if (all.isEmpty()) {
                throw ApiProblem.notFound("backtest of " + kind.toLowerCase().replace('_', ' '), subject);
            }
            BigDecimal confidence = confidence(c);
            BacktestStatistics s = BacktestStatistics.of(all, confidence.doubleValue());
            return new Report(
                    kind,
                    subject,
                    all.get(0).date(),
                    all.get(all.size() - 1).date(),
                    confidence,
                    Coverage.of(s.imCoverage()),
                    Coverage.of(s.varCoverage()),
                    statistic(s.esRatio()),
                    s.esRatioDays(),
                    BigDecimal.valueOf(s.meanIm()).setScale(2, RoundingMode.HALF_EVEN),
                    statistic(s.procyclicality().peakToTrough()),
                    statistic(s.procyclicality().largestDailyRise()));
        });
    }

    /** The zones as last told, worst first, optionally of one kind or zone. */
    public List<Zone> zones(String kind, String zone) {
        return Jdbc.with(dataSource, c -> {
            List<Zone> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT kind, subject, zone, changed_at FROM backtest_zone
                     WHERE (?::text IS NULL OR kind = ?) AND (?::text IS NULL OR zone = ?)
                     ORDER BY CASE zone WHEN 'RED' THEN 0 WHEN 'YELLOW' THEN 1 ELSE 2 END, kind, subject""")) {
                ps.setString(1, kind);
                ps.setString(2, kind);
                ps.setString(3, zone);
                ps.setString(4, zone);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Zone(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    /** A page of a subject's observations, newest first. */
    public Page<Observation> page(String kind, String subject, Long memberId, PageRequest page) {
        return Jdbc.with(dataSource, c -> {
            List<Observation> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY day DESC LIMIT ? OFFSET ?")) {
                bind(ps, kind, subject, memberId);
                ps.setInt(6, page.size());
                ps.setLong(7, (long) page.page() * page.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(observation(rs));
                    }
                }
            }
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (" + SELECT + ") o")) {
                bind(ps, kind, subject, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            if (total == 0 && memberId != null) {
                throw ApiProblem.notFound("backtest of account", subject);
            }
            return new Page<>(items, page.page(), page.size(), total);
        });
    }

    /** Every observation of a subject (or of every subject of a kind), oldest first, as CSV. */
    public String csv(String kind, String subject, Long memberId) {
        return Jdbc.with(dataSource, c -> {
            StringBuilder out = new StringBuilder("kind,subject,day,end_day,im,var,es,exposure,loss,exceeded\n");
            int rows = 0;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT kind, subject, day, end_day, im, var, es, exposure, loss FROM backtest_observation
                     WHERE kind = ? AND (?::text IS NULL OR subject = ?) AND (?::bigint IS NULL OR member_id = ?)
                     ORDER BY subject, day""")) {
                bind(ps, kind, subject, memberId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        BigDecimal im = rs.getBigDecimal(5);
                        BigDecimal loss = rs.getBigDecimal(9);
                        out.append(rs.getString(1))
                                .append(',')
                                .append(rs.getString(2))
                                .append(',')
                                .append(rs.getDate(3))
                                .append(',')
                                .append(rs.getDate(4))
                                .append(',')
                                .append(im.toPlainString())
                                .append(',')
                                .append(rs.getBigDecimal(6).toPlainString())
                                .append(',')
                                .append(rs.getBigDecimal(7).toPlainString())
                                .append(',')
                                .append(rs.getBigDecimal(8).toPlainString())
                                .append(',')
                                .append(loss.toPlainString())
                                .append(',')
                                .append(loss.compareTo(im) > 0)
                                .append('\n');
                    }
                }
            }
            if (rows == 0 && memberId != null) {
                throw ApiProblem.notFound("backtest of account", subject);
            }
            return out.toString();
        });
    }

    private static final String SELECT = """
            SELECT day, end_day, im, var, es, exposure, loss FROM backtest_observation
             WHERE kind = ? AND (?::text IS NULL OR subject = ?) AND (?::bigint IS NULL OR member_id = ?)""";

    private static void bind(PreparedStatement ps, String kind, String subject, Long memberId) throws SQLException {
        ps.setString(1, kind);
        ps.setString(2, subject);
        ps.setString(3, subject);
        ps.setObject(4, memberId, java.sql.Types.BIGINT);
        ps.setObject(5, memberId, java.sql.Types.BIGINT);
    }

    private static Observation observation(ResultSet rs) throws SQLException {
        BigDecimal im = rs.getBigDecimal(3);
        BigDecimal loss = rs.getBigDecimal(7);
        return new Observation(
                rs.getDate(1).toLocalDate(),
                rs.getDate(2).toLocalDate(),
                im,
                rs.getBigDecimal(4),
                rs.getBigDecimal(5),
                rs.getBigDecimal(6),
                loss,
                loss.compareTo(im) > 0);
    }

    /** A subject's last {@code limit} observations, oldest first, as margin-core reads them. */
    private static List<BacktestObservation> observations(
            Connection c, String kind, String subject, Long memberId, int limit) throws SQLException {
        List<BacktestObservation> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY day DESC LIMIT ?")) {
            bind(ps, kind, subject, memberId);
            ps.setInt(6, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // amounts leave exact decimals for margin-core's statistics here, once
                    out.add(new BacktestObservation(
                            rs.getDate(1).toLocalDate(),
                            rs.getBigDecimal(3).doubleValue(),
                            rs.getBigDecimal(4).doubleValue(),
                            rs.getBigDecimal(5).doubleValue(),
                            rs.getBigDecimal(6).doubleValue(),
                            rs.getBigDecimal(7).doubleValue()));
                }
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** The confidence of the newest snapshot: the model's {@code alpha} the observations are judged at. */
    static BigDecimal confidence(Connection c) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT confidence FROM backtest_snapshot ORDER BY day DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getBigDecimal(1).stripTrailingZeros() : new BigDecimal("0.99");
        }
    }

    static BigDecimal statistic(double x) {
        return Double.isFinite(x) ? new BigDecimal(x, STATISTIC) : null;
    }

    /** The day a query parameter names, or 400. */
    static LocalDate day(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.of(ProblemCode.INVALID_VALUE, "day must be a date like 2026-12-05");
        }
    }

    static String kind(String kind) {
        if (kind != null && !KINDS.contains(kind)) {
            throw ApiProblem.of(ProblemCode.INVALID_VALUE, "kind must be one of " + new java.util.TreeSet<>(KINDS));
        }
        return kind;
    }
}
