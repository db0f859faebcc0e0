package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.concordia.margin.replication.PriceHistoryCsv;
import io.concordia.margin.replication.ReplicationCodec;
import io.concordia.margin.replication.cli.ReplicationMain;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.ScenarioBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Scenario-set uploads build model 1.1 through the same path as margin-core's command line, and refuse bad closes. */
@QuarkusTest
class ScenarioSetUploadTest {

    private static final String SETS = "/api/v1/admin/margin/scenario-sets";
    private static final LocalDate START = LocalDate.of(2025, 3, 1);

    /** Two underlyings, {@code days} days each, rows interleaved by date (the order does not matter). */
    private static String closes(int days, long seed) {
        StringBuilder sb = new StringBuilder("date,underlying,close\n");
        SplittableRandom rnd = new SplittableRandom(seed);
        double btc = 60000;
        double eth = 3000;
        for (int d = 0; d < days; d++) {
            if (d > 0) {
                btc *= Math.exp(0.03 * (rnd.nextDouble() * 2 - 1));
                eth *= Math.exp(0.04 * (rnd.nextDouble() * 2 - 1));
            }
            sb.append(START.plusDays(d)).append(",ETH,").append(decimal(eth)).append('\n');
            sb.append(START.plusDays(d)).append(",BTC,").append(decimal(btc)).append('\n');
        }
        return sb.toString();
    }

    private static String decimal(double price) {
        return new BigDecimal(price).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String cli(String csv, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReplicationMain.run(
                args,
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    @Test
    void shouldStoreByteForByteTheSetTheCommandLineBuildsFromTheSameCloses() {
        String csv = closes(400, 1);
        String id = Api.unique("v11-").toLowerCase();

        JsonPath view = as(Tokens.operator())
                .contentType("text/csv")
                .body(csv)
                .post(
                        SETS
                                + "?id={id}&horizon=2&lambda=0.96&phi=0.8&floorLookback=365&window=300&acceptSpikes=2025-05-01",
                        id)
                .then()
                .statusCode(201)
                .body("source", equalTo("UPLOAD"))
                .body("modelVersion", equalTo("1.1"))
                .body("scenarioCount", equalTo(300))
                .body("underlyings", equalTo(List.of("BTC", "ETH")))
                .body("firstDay", equalTo(START.toString()))
                .body("lastDay", equalTo(START.plusDays(399).toString()))
                .body("firstScenarioDay", equalTo(START.plusDays(100).toString()))
                .body("lastScenarioDay", equalTo(START.plusDays(399).toString()))
                .body("parameters.floorLookback", equalTo(365))
                .body("parameters.calendar", equalTo("CONTINUOUS"))
                .body("parameters.minHistory", equalTo(252))
                .body("parameters.acceptSpikes", equalTo(List.of("2025-05-01")))
                .extract()
                .jsonPath();
        String stored = as(Tokens.riskOfficer("ro-sam"))
                .get(SETS + "/{id}/scenarios", id)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        String fromCli = cli(
                csv,
                "build-scenarios",
                "--id",
                id,
                "--horizon",
                "2",
                "--lambda",
                "0.96",
                "--phi",
                "0.8",
                "--floor-lookback",
                "365",
                "--window",
                "300",
                "--accept-spikes",
                "2025-05-01");
        assertThat(stored).isEqualTo(fromCli);
        String fromLibrary = ReplicationCodec.DEFAULT.writeScenarioSetBuild(ScenarioBuilder.V1_1.build(
                id,
                PriceHistoryCsv.read(
                                csv,
                                FhsParameters.of(2, "0.96", "0.8", 365, 300),
                                io.concordia.margin.scenario.HistoryChecks.of(null, null, List.of("2025-05-01")))
                        .orThrow(),
                FhsParameters.of(2, "0.96", "0.8", 365, 300)));
        assertThat(stored).isEqualTo(fromLibrary);
        assertThat(view.getString("closesSha256"))
                .isEqualTo(JsonPath.from(stored).getString("closes.sha256"))
                .hasSize(64);
        // the stored set is what margining reads
        assertThat(TestDatabase.single("SELECT scenarios_json FROM scenario_set WHERE id = ?", id))
                .isEqualTo(fromCli);
    }

    @Test
    void shouldRefuseWith422ListingEveryProblemWithItsUnderlyingDateAndLineAndStoreNothing() {
        List<String> lines = new java.util.ArrayList<>(List.of(closes(300, 2).split("\n")));
        // line n + 1 of the file is lines[n]: day d of ETH is on line 2d + 2, of BTC on line 2d + 3
        lines.set(
                2 * 100 + 2,
                lines.get(2 * 100 + 2)
                        .replaceAll(
                                ",BTC,.*",
                                ",BTC,"
                                        + new BigDecimal(lines.get(2 * 100 + 2).split(",")[2])
                                                .movePointLeft(2)
                                                .toPlainString()));
        lines.set(
                2 * 200 + 2,
                lines.get(2 * 200 + 2)
                        .replaceAll(
                                ",BTC,.*",
                                ",BTC,"
                                        + new BigDecimal(lines.get(2 * 200 + 2).split(",")[2])
                                                .movePointLeft(2)
                                                .toPlainString()));
        String ethDay50 = lines.get(2 * 50 + 1);
        lines.set(2 * 50 + 1, START.plusDays(50) + ",ETH,1e3");
        String id = Api.unique("bad-").toLowerCase();

        JsonPath problem = as(Tokens.operator())
                .contentType("text/csv")
                .body(String.join("\n", lines) + "\n")
                .post(SETS + "?id={id}", id)
                .then()
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_PRICE_HISTORY"))
                .body("problems", hasSize(3))
                .extract()
                .jsonPath();

        assertThat(problem.getString("detail")).contains("3 problem(s)");
        List<Map<String, Object>> problems = problem.getList("problems");
        assertThat(problems)
                .extracting(p -> p.get("code"), p -> p.get("underlying"), p -> p.get("date"), p -> p.get("line"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "INVALID_CLOSE", "ETH", START.plusDays(50).toString(), 2 * 50 + 2),
                        org.assertj.core.groups.Tuple.tuple(
                                "SUSPECTED_BAD_PRINT",
                                "BTC",
                                START.plusDays(100).toString(),
                                2 * 100 + 3),
                        org.assertj.core.groups.Tuple.tuple(
                                "SUSPECTED_BAD_PRINT",
                                "BTC",
                                START.plusDays(200).toString(),
                                2 * 200 + 3));
        as(Tokens.operator()).get(SETS + "/{id}", id).then().statusCode(404);

        // a refused history changes nothing; naming the real spikes (and fixing the close) lets it through
        lines.set(2 * 50 + 1, ethDay50);
        as(Tokens.operator())
                .contentType("text/csv")
                .body(String.join("\n", lines) + "\n")
                .post(
                        SETS + "?id={id}&acceptSpikes={a}&acceptSpikes={b}",
                        id,
                        START.plusDays(100).toString(),
                        START.plusDays(200).toString())
                .then()
                .statusCode(201)
                .body("parameters.acceptSpikes", hasSize(2));
    }

    @Test
    void shouldRefuseShortHistoriesWeekendGapsAndCaseVariantsOfACode() {
        as(Tokens.operator())
                .contentType("text/csv")
                .body("date,underlying,close\n2025-03-01,BTC,1\n2025-03-02,BTC,2\n2025-03-03,BTC,3\n")
                .post(SETS)
                .then()
                .statusCode(422)
                .body("problems[0].code", equalTo("TOO_SHORT"))
                .body("problems[0].underlying", equalTo("BTC"))
                .body("problems[0].line", equalTo(4));
        as(Tokens.operator())
                .contentType("text/csv")
                .body(closes(300, 3).replace(",BTC,", ",btc,"))
                .post(SETS)
                .then()
                .statusCode(422)
                .body("problems[0].code", equalTo("INVALID_UNDERLYING"))
                .body("problems[0].underlying", equalTo("btc"));
        as(Tokens.operator())
                .contentType("text/csv")
                .body(closes(300, 3))
                .post(SETS + "?calendar=WEEKDAYS")
                .then()
                .statusCode(422)
                .body("problems[0].code", equalTo("OFF_CALENDAR"));
    }

    @Test
    void shouldRefuseParametersOutOfRangeWith400() {
        String csv = closes(300, 4);
        as(Tokens.operator())
                .contentType("text/csv")
                .body(csv)
                .post(SETS + "?calendar=DAILY")
                .then()
                .statusCode(400)
                .body("code", equalTo("INVALID_SCENARIO_PARAMETERS"));
        as(Tokens.operator())
                .contentType("text/csv")
                .body(csv)
                .post(SETS + "?minHistory=3")
                .then()
                .statusCode(400)
                .body(
                        "detail",
                        equalTo("minHistory must be >= horizon + 2 = 4 closes (one scenario at least), got: 3"));
        as(Tokens.operator())
                .contentType("text/csv")
                .body(csv)
                .post(SETS + "?floorLookback=0")
                .then()
                .statusCode(400)
                .body("code", equalTo("INVALID_SCENARIO_PARAMETERS"));
        as(Tokens.operator())
                .contentType("text/csv")
                .body(csv)
                .post(SETS + "?acceptSpikes=yesterday")
                .then()
                .statusCode(400)
                .body("code", equalTo("INVALID_SCENARIO_PARAMETERS"));
        as(Tokens.member(Api.createMember()))
                .contentType("text/csv")
                .body(csv)
                .post(SETS)
                .then()
                .statusCode(403);
    }

    @Test
    void shouldKeepTheIdAndNumbersOfASetStoredUnderVersion10() {
        // a set stored before 1.1: 40 days, an exponent in a close, what the 1.0 reader accepted; never rebuilt by 1.1
        StringBuilder csv = new StringBuilder("date,underlying,close\n");
        for (int d = 0; d < 40; d++) {
            csv.append(START.plusDays(d))
                    .append(",BTC,")
                    .append(d == 7 ? "6.1e4" : decimal(60000 * Math.exp(0.01 * Math.sin(d))))
                    .append('\n');
        }
        String id = Api.unique("old-").toLowerCase();
        TestDatabase.execute(
                "INSERT INTO scenario_set (id, source, model_version, closes_csv, parameters, underlyings, first_day, "
                        + "last_day, scenario_count, created_by) VALUES ('" + id + "', 'UPLOAD', '1.0', '" + csv + "', "
                        + "'{\"horizon\": 2, \"lambda\": \"0.97\", \"phi\": \"0.75\", \"window\": null}', ARRAY['BTC'], '"
                        + START + "', '" + START.plusDays(39) + "', 38, 'op-old')");

        String served = as(Tokens.operator())
                .get(SETS + "/{id}/scenarios", id)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        String version10 = ReplicationCodec.DEFAULT.writeScenarios(
                ScenarioBuilder.V1_0.build(id, PriceHistoryCsv.readVersion10(csv.toString()), FhsParameters.DEFAULT));
        assertThat(served).isEqualTo(version10);
        assertThat(JsonPath.from(served).getList("returns.BTC")).hasSize(38);
        as(Tokens.operator())
                .get(SETS + "/{id}", id)
                .then()
                .statusCode(200)
                .body("modelVersion", equalTo("1.0"))
                .body("closesSha256", equalTo(null))
                .body("scenarioCount", equalTo(38));
        // the database holds a 1.1 set to its record
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestDatabase.execute(
                        "UPDATE scenario_set SET model_version = '1.1' " + "WHERE id = '" + id + "'"))
                .hasMessageContaining("scenario_set_built_record");
    }

    @Test
    void shouldBuildTheSyntheticDemoSetUnderVersion11() {
        // margining makes sure a set covers the listed underlyings: the demo's SYNTHETIC one until an upload
        Api.openAccount(Api.createMember());
        Eventually.until(
                "a synthetic set built",
                () -> TestDatabase.count("SELECT count(*) FROM scenario_set WHERE source = 'SYNTHETIC'") > 0);

        List<Object> versions = TestDatabase.list("SELECT model_version FROM scenario_set WHERE source = 'SYNTHETIC'");
        assertThat(versions).isNotEmpty().containsOnly("1.1");
    }

    @Test
    void shouldShowTheProvenanceOfEveryDefaultWithTheSchedule() {
        as(Tokens.member(Api.createMember()))
                .get("/api/v1/margin/schedule")
                .then()
                .statusCode(200)
                .body("provenance.model", equalTo("docs/margin-model.md, version 1.1"))
                .body("provenance.parameters.confidence.default", equalTo("0.99"))
                .body("provenance.parameters.floorLookback.default", equalTo("3650"))
                .body("provenance.parameters.stressShock.reviewed", equalTo("2026-11-25"))
                .body("provenance.parameters.lambda.source", org.hamcrest.Matchers.containsString("LCH PAIRS"));
    }
}
