package io.concordia.clearing.backtest;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.concordia.margin.option.NormalDistribution;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The daily backtest: snapshots of what was held and asked, observations once the margin period of risk has passed,
 * and the statistics on them — end to end through the service on a real book, and over a seeded history of 300 days
 * whose exceedances are placed by construction, so their count, Kupiec's statistic and the Basel zone are known.
 */
@QuarkusTest
class BacktestServiceTest {

    private static final String ADMIN = "/api/v1/admin/backtests";

    @Test
    void shouldObserveEachAccountsLossOverTheHorizonAgainstItsMarginAndReportIt() {
        Margins.usd();
        Trading world = new Trading();
        Api.deposit(world.accountA, "USD", "100000");
        Api.deposit(world.accountB, "USD", "100000");
        Margins.mark(world.product, "64000");
        String tradeId = Trading.nextTradeId();
        world.publishTrade(world.venueA, tradeId, "64000", "1000", world.accountA, world.accountB); // 1 BTC at 0.001
        Eventually.until("trade " + tradeId, () -> Trading.inboxCount(world.venueA, tradeId) == 1);
        Margins.awaitQuiet();

        LocalDate day = LocalDate.of(2001, 3, 5);
        JsonPath first = operator()
                .body(Map.of("day", day.toString()))
                .post(ADMIN + "/snapshots")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        int horizon = first.getInt("horizonDays");
        assertThat(first.getInt("accounts")).isGreaterThanOrEqualTo(2);
        operator()
                .body(Map.of("day", day.toString()))
                .post(ADMIN + "/snapshots")
                .then()
                .statusCode(409)
                .body("code", equalTo("SNAPSHOT_EXISTS"));
        operator()
                .body(Map.of("day", "2999-01-01"))
                .post(ADMIN + "/snapshots")
                .then()
                .statusCode(422)
                .body("code", equalTo("SNAPSHOT_IN_THE_FUTURE"));
        BigDecimal imA = TestDatabase.decimal(
                "SELECT im FROM backtest_portfolio WHERE day = ? AND kind = 'ACCOUNT' AND subject = ?",
                java.sql.Date.valueOf(day),
                world.accountA);

        // 40,000 down over the horizon: the long loses more than its margin, the short gains
        Margins.mark(world.product, "24000");
        operator()
                .body(Map.of("day", day.plusDays(horizon).toString()))
                .post(ADMIN + "/snapshots")
                .then()
                .statusCode(201)
                .body("observationsMade", org.hamcrest.Matchers.greaterThanOrEqualTo(2));

        JsonPath a = operator()
                .get(ADMIN + "/accounts/{a}", world.accountA)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(a.getInt("im.observations")).isEqualTo(1);
        assertThat(imA).isLessThan(new BigDecimal("40000"));
        assertThat(a.getInt("im.exceedances")).isEqualTo(1);
        assertThat(a.getString("im.zoneLast250")).isEqualTo("RED");
        JsonPath b = operator()
                .get(ADMIN + "/accounts/{a}", world.accountB)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(b.getInt("im.exceedances")).isZero();
        assertThat(b.getString("im.zoneLast250")).isEqualTo("GREEN");
        operator()
                .get(ADMIN + "/observations?kind=ACCOUNT&subject={a}", world.accountA)
                .then()
                .statusCode(200)
                .body("items[0].loss", equalTo("40000.00"))
                .body("items[0].im", equalTo(imA.toPlainString()))
                .body("items[0].exceeded", equalTo(true));
        operator()
                .get(ADMIN + "/members/{m}", world.memberA)
                .then()
                .statusCode(200)
                .body("im.exceedances", equalTo(1));

        // the zone left green once, told to the operators; B never left it, nothing told
        assertThat((String) TestDatabase.single(
                        "SELECT payload::text FROM outbox WHERE type = 'BACKTEST_ZONE_CHANGED' " + "AND event_key = ?",
                        world.accountA))
                .contains("\"zone\": \"RED\"");
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM outbox WHERE type = 'BACKTEST_ZONE_CHANGED' AND event_key = ?",
                        world.accountB))
                .isZero();
        operator()
                .get(ADMIN + "?zone=RED")
                .then()
                .statusCode(200)
                .body("findAll { it.subject == '%s' }.size()".formatted(world.accountA), equalTo(1));

        // the reference portfolios of the underlying: one unit long and one short lose opposite amounts
        JsonPath btc = operator()
                .get(ADMIN + "/underlyings/BTC")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(btc.getInt("longUnit.im.observations")).isPositive();
        JsonPath longUnit = operator()
                .get(ADMIN + "/observations?kind=REFERENCE_LONG&subject=BTC")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath shortUnit = operator()
                .get(ADMIN + "/observations?kind=REFERENCE_SHORT&subject=BTC")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(new BigDecimal(longUnit.getString("items[0].loss")))
                .isEqualByComparingTo(new BigDecimal(shortUnit.getString("items[0].loss")).negate());

        // the member sees its own account, as JSON and CSV; another member's is a 404
        as(Tokens.member(world.memberA))
                .get("/api/v1/accounts/{a}/backtest", world.accountA)
                .then()
                .statusCode(200)
                .body("im.exceedances", equalTo(1));
        as(Tokens.member(world.memberA))
                .get("/api/v1/accounts/{a}/backtest/observations.csv", world.accountA)
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .body(containsString("ACCOUNT," + world.accountA + "," + day + "," + day.plusDays(horizon) + ","))
                .body(containsString(",40000.00,true"));
        as(Tokens.member(world.memberB))
                .get("/api/v1/accounts/{a}/backtest", world.accountA)
                .then()
                .statusCode(404);
        as(Tokens.member(world.memberB))
                .get("/api/v1/accounts/{a}/backtest/observations.csv", world.accountA)
                .then()
                .statusCode(404);
        operator().get(ADMIN + "/observations?kind=NOPE").then().statusCode(400).body("code", equalTo("INVALID_VALUE"));
    }

    @Test
    void shouldCountPlacedExceedancesAndJudgeThemLikeTheBaselTable() {
        Margins.usd();
        Trading world = new Trading();
        long product =
                ((Number) TestDatabase.single("SELECT id FROM product WHERE symbol = ?", world.product)).longValue();
        String subject = Api.unique("SEEDED");
        int days = 300;
        LocalDate first = LocalDate.of(1975, 1, 1);
        // nine exceedances of the long unit at 50 of margin, six of them in the last 250 observations
        TreeSet<Integer> exceedDays = new TreeSet<>(List.of(10, 30, 45, 60, 120, 180, 200, 240, 290));
        SplittableRandom random = new SplittableRandom(20261205L);
        List<BigDecimal> marks = new ArrayList<>();
        BigDecimal mark = new BigDecimal("1000");
        for (int t = 0; t < days; t++) {
            marks.add(mark);
            BigDecimal move = exceedDays.contains(t)
                    ? new BigDecimal("-80")
                    : BigDecimal.valueOf(random.nextInt(-4000, 4001), 2); // within 40 either way
            mark = mark.add(move);
        }
        String schedule = (String) TestDatabase.single("SELECT version FROM margin_schedule WHERE status = 'ACTIVE'");
        String set = (String) TestDatabase.single("SELECT id FROM scenario_set WHERE active");
        for (int t = 0; t < days; t++) {
            LocalDate day = first.plusDays(t);
            TestDatabase.execute("INSERT INTO backtest_snapshot VALUES ('" + day + "', now(), 'seed', '" + schedule
                    + "', '" + set + "', 1, 0.99) ON CONFLICT DO NOTHING");
            TestDatabase.execute(
                    "INSERT INTO backtest_mark VALUES ('" + day + "', " + product + ", " + marks.get(t) + ")");
            for (String kind : List.of("REFERENCE_LONG", "REFERENCE_SHORT")) {
                TestDatabase.execute("INSERT INTO backtest_portfolio (day, kind, subject, im, var, es) VALUES ('" + day
                        + "', '" + kind + "', '" + subject + "', 50, 40, 55)");
                TestDatabase.execute("INSERT INTO backtest_holding VALUES ('" + day + "', '" + kind + "', '" + subject
                        + "', " + product + ", " + (kind.equals("REFERENCE_LONG") ? "1" : "-1") + ")");
            }
        }
        int made = operator()
                .body(Map.of())
                .post(ADMIN + "/observations")
                .then()
                .statusCode(200)
                .extract()
                .path("observationsMade");
        assertThat(made).isGreaterThanOrEqualTo(2 * (days - 1));

        JsonPath report = operator()
                .get(ADMIN + "/underlyings/{u}", subject)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int n = days - 1;
        assertThat(report.getInt("longUnit.im.observations")).isEqualTo(n);
        assertThat(report.getInt("longUnit.im.exceedances")).isEqualTo(exceedDays.size());
        assertThat(new BigDecimal(report.getString("longUnit.im.expected"))).isEqualByComparingTo("2.99");
        // Kupiec: LR = -2 ln[(1-p)^(n-x) p^x] + 2 ln[(1-x/n)^(n-x) (x/n)^x], chi-square(1): P = 2 (1 - Phi(sqrt(LR)))
        int x = exceedDays.size();
        double p = 0.01;
        double lr = -2 * ((n - x) * Math.log(1 - p) + x * Math.log(p))
                + 2 * ((n - x) * Math.log(1 - (double) x / n) + x * Math.log((double) x / n));
        double kupiec = 2 * (1 - NormalDistribution.cdf(Math.sqrt(lr)));
        assertThat(Double.parseDouble(report.getString("longUnit.im.kupiecPValue")))
                .isCloseTo(kupiec, org.assertj.core.data.Offset.offset(1e-5));
        // six in the last 250 (days 49..298): yellow by the Basel table; nine within some 250-day window: yellow too
        assertThat(report.getString("longUnit.im.zoneLast250")).isEqualTo("YELLOW");
        assertThat(report.getInt("shortUnit.im.exceedances")).isZero();
        assertThat(report.getString("shortUnit.im.zoneLast250")).isEqualTo("GREEN");
        // VaR of 40 is exceeded on the same nine days and on every other day that lost more than 40: none did
        assertThat(report.getInt("longUnit.var.exceedances")).isEqualTo(x);
        // ES severity: mean loss beyond VaR (80 each) over the ES of 55
        assertThat(new BigDecimal(report.getString("longUnit.esSeverityRatio"))).isEqualByComparingTo("1.45455");
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM outbox WHERE type = 'BACKTEST_ZONE_CHANGED' AND event_key = ?", subject))
                .isPositive();
        String csv = operator()
                .get(ADMIN + "/observations.csv?kind=REFERENCE_LONG&subject={s}", subject)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv.lines().filter(l -> l.endsWith(",true"))).hasSize(x);
        assertThat(csv.lines().count()).isEqualTo(n + 1);
    }
}
