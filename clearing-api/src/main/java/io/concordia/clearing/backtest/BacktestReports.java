package io.concordia.clearing.backtest;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.margin.backtest.BacktestObservation;
import io.concordia.margin.backtest.BacktestStatistics;
import io.concordia.margin.backtest.CoverageTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .first("SELECT id FROM member WHERE code = ?", row -> row.longValue("id"), memberCode)
                        .orElseThrow(() -> ApiProblem.notFound("member", memberCode)));
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
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .list(
                                """
                        SELECT kind, subject, zone, changed_at FROM backtest_zone
                         WHERE (?::text IS NULL OR kind = ?) AND (?::text IS NULL OR zone = ?)
                         ORDER BY CASE zone WHEN 'RED' THEN 0 WHEN 'YELLOW' THEN 1 ELSE 2 END, kind, subject""",
                                row -> new Zone(
                                        row.string("kind"),
                                        row.string("subject"),
                                        row.string("zone"),
                                        row.instant("changed_at")),
                                kind,
                                kind,
                                zone,
                                zone));
    }

    /** A page of a subject's observations, newest first. */
    public Page<Observation> page(String kind, String subject, Long memberId, PageRequest page) {
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            List<Observation> items = sql.list(
                    SELECT + " ORDER BY day DESC LIMIT ? OFFSET ?",
                    BacktestReports::observation,
                    subjectParameters(kind, subject, memberId, page.size(), (long) page.page() * page.size()));
            long total = sql.one(
                    "SELECT count(*) AS n FROM (" + SELECT + ") o",
                    row -> row.longValue("n"),
                    subjectParameters(kind, subject, memberId));
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
            List<String> lines = Sql.on(c)
                    .list(
                            """
                            SELECT kind, subject, day, end_day, im, var, es, exposure, loss FROM backtest_observation
                             WHERE kind = ? AND (?::text IS NULL OR subject = ?) AND (?::bigint IS NULL OR member_id = ?)
                             ORDER BY subject, day""",
                            row -> {
                                Observation o = observation(row);
                                return String.join(
                                        ",",
                                        row.string("kind"),
                                        row.string("subject"),
                                        o.day().toString(),
                                        o.endDay().toString(),
                                        o.im().toPlainString(),
                                        o.var().toPlainString(),
                                        o.es().toPlainString(),
                                        o.exposure().toPlainString(),
                                        o.loss().toPlainString(),
                                        String.valueOf(o.exceeded()));
                            },
                            subjectParameters(kind, subject, memberId));
            lines.forEach(line -> out.append(line).append('\n'));
            if (lines.isEmpty() && memberId != null) {
                throw ApiProblem.notFound("backtest of account", subject);
            }
            return out.toString();
        });
    }

    private static final String SELECT = """
            SELECT day, end_day, im, var, es, exposure, loss FROM backtest_observation
             WHERE kind = ? AND (?::text IS NULL OR subject = ?) AND (?::bigint IS NULL OR member_id = ?)""";

    /** The parameters of {@link #SELECT}, then {@code more}. */
    private static Object[] subjectParameters(String kind, String subject, Long memberId, Object... more) {
        Object member = memberId == null ? Sql.nullOf(Types.BIGINT) : memberId;
        Object[] parameters = {kind, subject, subject, member, member};
        Object[] all = Arrays.copyOf(parameters, parameters.length + more.length);
        System.arraycopy(more, 0, all, parameters.length, more.length);
        return all;
    }

    private static Observation observation(Row row) throws SQLException {
        BigDecimal im = row.decimal("im");
        BigDecimal loss = row.decimal("loss");
        return new Observation(
                row.date("day"),
                row.date("end_day"),
                im,
                row.decimal("var"),
                row.decimal("es"),
                row.decimal("exposure"),
                loss,
                loss.compareTo(im) > 0);
    }

    /** A subject's last {@code limit} observations, oldest first, as margin-core reads them. */
    private static List<BacktestObservation> observations(
            Connection c, String kind, String subject, Long memberId, int limit) {
        List<BacktestObservation> out = new ArrayList<>(Sql.on(c)
                .list(
                        SELECT + " ORDER BY day DESC LIMIT ?",
                        // amounts leave exact decimals for margin-core's statistics here, once
                        row -> new BacktestObservation(
                                row.date("day"),
                                row.decimal("im").doubleValue(),
                                row.decimal("var").doubleValue(),
                                row.decimal("es").doubleValue(),
                                row.decimal("exposure").doubleValue(),
                                row.decimal("loss").doubleValue()),
                        subjectParameters(kind, subject, memberId, limit)));
        Collections.reverse(out);
        return out;
    }

    /** The confidence of the newest snapshot: the model's {@code alpha} the observations are judged at. */
    static BigDecimal confidence(Connection c) {
        return Sql.on(c)
                .first(
                        "SELECT confidence FROM backtest_snapshot ORDER BY day DESC LIMIT 1",
                        row -> row.decimal("confidence").stripTrailingZeros())
                .orElse(new BigDecimal("0.99"));
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
