package io.concordia.margin.replication.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.replication.Json;
import io.concordia.margin.replication.PriceHistoryCsv;
import io.concordia.margin.replication.ReplicationCodec;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.HistoryChecks;
import io.concordia.margin.scenario.ScenarioBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build-scenarios}: closes CSV and parameters in, the scenario set JSON with its record out. */
class BuildScenariosCommandTest {

    private static final LocalDate START = LocalDate.of(2025, 6, 1);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return ReplicationMain.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    static String closes(int days) {
        StringBuilder sb = new StringBuilder("date,underlying,close\n");
        SplittableRandom rnd = new SplittableRandom(42);
        for (String u : List.of("ETH", "BTC")) {
            double p = u.equals("BTC") ? 60000 : 3000;
            for (int d = 0; d < days; d++) {
                p *= d == 0 ? 1 : Math.exp(0.03 * (rnd.nextDouble() * 2 - 1));
                sb.append(START.plusDays(d))
                        .append(',')
                        .append(u)
                        .append(',')
                        .append(new BigDecimal(p)
                                .setScale(2, RoundingMode.HALF_EVEN)
                                .toPlainString())
                        .append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void shouldBuildTheScenarioSetWithItsRecordFromAClosesFile(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("closes.csv");
        Files.writeString(csv, closes(400));

        int code = run(
                "",
                "build-scenarios",
                "--id",
                "fhs-cli",
                "--horizon",
                "2",
                "--floor-lookback",
                "365",
                "--window",
                "300",
                csv.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        Map<?, ?> json = (Map<?, ?>) Json.parse(text);
        assertThat(json.get("id")).isEqualTo("fhs-cli");
        assertThat(json.get("modelVersion")).isEqualTo("1.1");
        Map<?, ?> parameters = (Map<?, ?>) json.get("parameters");
        assertThat(parameters.get("horizon")).isEqualTo(new BigDecimal("2"));
        assertThat(parameters.get("lambda")).isEqualTo("0.97");
        assertThat(parameters.get("phi")).isEqualTo("0.75");
        assertThat(parameters.get("floorLookback")).isEqualTo(new BigDecimal("365"));
        assertThat(parameters.get("window")).isEqualTo(new BigDecimal("300"));
        assertThat(parameters.get("calendar")).isEqualTo("CONTINUOUS");
        assertThat(parameters.get("minHistory")).isEqualTo(new BigDecimal("252"));
        assertThat(json.get("firstDate")).isEqualTo(START.plusDays(100).toString());
        assertThat(json.get("lastDate")).isEqualTo(START.plusDays(399).toString());
        Map<?, ?> closes = (Map<?, ?>) json.get("closes");
        assertThat(closes.get("firstDate")).isEqualTo(START.toString());
        assertThat(closes.get("count")).isEqualTo(new BigDecimal("400"));
        assertThat((String) closes.get("sha256")).matches("[0-9a-f]{64}");

        // the same bytes as the library, and readable as a request's scenarios
        FhsParameters params = FhsParameters.of(2, "0.97", "0.75", 365, 300);
        String library = ReplicationCodec.DEFAULT.writeScenarioSetBuild(ScenarioBuilder.V1_1.build(
                "fhs-cli",
                PriceHistoryCsv.read(closes(400), params, HistoryChecks.DEFAULT).orThrow(),
                params));
        assertThat(text).isEqualTo(library + System.lineSeparator());
        ScenarioSet set = ReplicationCodec.DEFAULT.readScenarios(text);
        assertThat(set.size()).isEqualTo(300);
        assertThat(set.underlyings()).containsExactly(UnderlyingId.of("BTC"), UnderlyingId.of("ETH"));
    }

    @Test
    void shouldReadTheClosesFromStandardInput() {
        int code = run(closes(300), "build-scenarios", "--id", "fhs-stdin");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(ReplicationCodec.DEFAULT
                        .readScenarios(out.toString(StandardCharsets.UTF_8))
                        .size())
                .isEqualTo(297);
    }

    @Test
    void shouldExitWithTwoListingEveryProblemOfARefusedHistory() {
        String csv = closes(300)
                .replace(START.plusDays(3) + ",BTC,", START.plusDays(3) + ",BTC,1e")
                .replace(START.plusDays(4) + ",ETH,", START.plusDays(4) + ",eth,");

        int code = run(csv, "build-scenarios", "--id", "x");

        assertThat(code).isEqualTo(ReplicationMain.BAD_REQUEST);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        String e = err.toString(StandardCharsets.UTF_8);
        // the lower-case row is not ETH's, so ETH misses that day as well
        assertThat(e)
                .contains("price history refused, 3 problem(s)")
                .contains("line 305: BTC 2025-06-04 INVALID_CLOSE")
                .contains("line 6: eth 2025-06-05 INVALID_UNDERLYING")
                .contains("line 7: ETH 2025-06-05 GAP");
    }

    @Test
    void shouldRefuseBadParametersAndWrongUsage() {
        assertThat(run(closes(300), "build-scenarios", "--id", "x", "--lambda", "1e-1"))
                .isEqualTo(ReplicationMain.BAD_REQUEST);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--lambda must be a decimal such as 0.97, got: 1e-1");
        assertThat(run(closes(300), "build-scenarios", "--id", "x", "--calendar", "DAILY"))
                .isEqualTo(ReplicationMain.BAD_REQUEST);
        assertThat(run(closes(300), "build-scenarios", "--horizon", "2")).isEqualTo(ReplicationMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--id is required");
        assertThat(run("", "build-scenarios", "--id", "x", "--bogus", "1")).isEqualTo(ReplicationMain.USAGE);
        assertThat(run("", "build-scenarios", "--id", "x", "/nope/closes.csv")).isEqualTo(ReplicationMain.IO_ERROR);
    }
}
