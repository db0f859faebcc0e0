package io.concordia.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.margin.backtest.Backtest;
import io.concordia.margin.backtest.BacktestResult;
import io.concordia.margin.backtest.BacktestSettings;
import io.concordia.margin.backtest.BacktestStatistics;
import io.concordia.margin.backtest.CoverageTest;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.PriceHistory;
import io.concordia.margin.scenario.TradingCalendar;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelValidationMainTest {

    /** Closes per underlying in the slice: days t = 251 (after 252 closes of warm-up) to 397 (t + 2 is the last close): 147 observed. */
    private static final int SLICE_CLOSES = 400;

    /** The first {@code closes} dates of the shipped history (its rows are ordered by date, then underlying). */
    private static String shippedSlice(int closes) {
        String[] lines = Histories.shippedCsv().split("\n");
        return String.join("\n", Arrays.copyOf(lines, 1 + 4 * closes)) + "\n";
    }

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ModelValidationMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The cells of the table row of a portfolio under a heading of the report. */
    private static List<String> row(String report, String heading, String portfolio) {
        String section = report.substring(report.indexOf("## " + heading));
        section =
                section.substring(0, section.indexOf("\n## ", 1) < 0 ? section.length() : section.indexOf("\n## ", 1));
        for (String line : section.split("\n")) {
            if (line.startsWith("| " + portfolio + " |")) {
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(cell.trim());
                }
                return cells;
            }
        }
        throw new AssertionError("no row " + portfolio + " under " + heading);
    }

    @Test
    void shouldWriteAReportWhoseTablesAreTheStatisticsOfTheBacktest(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("slice.csv");
        Files.writeString(csv, shippedSlice(SLICE_CLOSES));
        Path out = dir.resolve("report");

        Run run = run("--history", csv.toString(), "--calendar", "WEEKDAYS", "--out", out.toString());

        assertThat(run.status()).as(run.err()).isZero();
        String report = Files.readString(out.resolve(ModelValidationMain.REPORT));
        PriceHistory history = Histories.read(shippedSlice(SLICE_CLOSES), TradingCalendar.WEEKDAYS)
                .history();
        BacktestSettings settings = BacktestSettings.daily(ModelValidation.scheduleFor(history), FhsParameters.DEFAULT);
        BacktestResult direct =
                Backtest.DEFAULT.run(history, ModelValidation.referencePortfolios(history, settings), settings);
        assertThat(direct.observations()).hasSize(9);
        for (String name : direct.observations().keySet()) {
            BacktestStatistics s = direct.statistics(name);
            CoverageTest im = s.imCoverage();
            assertThat(row(report, "Initial margin", name))
                    .containsExactly(
                            name,
                            "147",
                            Integer.toString(im.exceedances()),
                            ReportWriter.fmt("%.1f", im.expected()),
                            ReportWriter.p(im.kupiecP()),
                            ReportWriter.p(im.christoffersenP()),
                            ReportWriter.zone(im.zoneLast250()),
                            ReportWriter.zone(im.worstZone250()),
                            ReportWriter.percent(ModelValidation.meanMarginRate(
                                    direct.observations().get(name))));
            CoverageTest var = s.varCoverage();
            assertThat(row(report, "VaR and ES coverage", name))
                    .containsExactly(
                            name,
                            Integer.toString(var.exceedances()),
                            ReportWriter.fmt("%.1f", var.expected()),
                            ReportWriter.p(var.kupiecP()),
                            ReportWriter.p(var.christoffersenP()),
                            ReportWriter.zone(var.zoneLast250()),
                            ReportWriter.zone(var.worstZone250()),
                            ReportWriter.ratio(s.esRatio()),
                            Integer.toString(s.esRatioDays()));
            assertThat(row(report, "Procyclicality", name))
                    .containsExactly(
                            name,
                            ReportWriter.ratio(s.procyclicality().peakToTrough()),
                            ReportWriter.percent(s.procyclicality().largestDailyRise()),
                            ReportWriter.ratio(s.histProcyclicality().peakToTrough()),
                            ReportWriter.percent(s.histProcyclicality().largestDailyRise()));
        }
        // 147 days at 99%: 1.47 expected exceedances per portfolio
        assertThat(row(report, "Initial margin", "DAX long").get(3)).isEqualTo("1.5");

        int varTotal = 0;
        for (String name : direct.observations().keySet()) {
            varTotal += direct.statistics(name).varCoverage().exceedances();
        }
        List<String> defaults = row(report, "Parameter sensitivity", "default");
        assertThat(defaults).hasSize(8);
        assertThat(defaults.get(3)).isEqualTo(Integer.toString(varTotal));
        assertThat(report)
                .contains(
                        "| confidence | 0.975 |",
                        "| confidence | 0.995 |",
                        "| lambda | 0.94 |",
                        "| lambda | 0.99 |",
                        "| F | 250 |",
                        "| F | 1250 |");

        for (String chart : List.of("DAX", "SMI", "CAC", "FTSE", "basket")) {
            Path png = out.resolve("im-vs-loss-" + chart + ".png");
            assertThat(report).contains("](im-vs-loss-" + chart + ".png)");
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png.toString()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        }
    }

    @Test
    void shouldRefuseBadArgumentsAndBadHistoriesWithAClearMessage(@TempDir Path dir) throws IOException {
        Run unknown = run("--bogus", "1");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown argument: --bogus", "usage:");

        Run missing = run("--out");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("missing value after --out");

        // the shipped closes are on weekdays: read on the CONTINUOUS calendar they have gaps at every weekend
        Path csv = dir.resolve("slice.csv");
        Files.writeString(csv, shippedSlice(SLICE_CLOSES));
        Run gaps = run("--history", csv.toString(), "--out", dir.resolve("r").toString());
        assertThat(gaps.status()).isEqualTo(2);
        assertThat(gaps.err()).contains("price history refused");
        assertThat(dir.resolve("r")).doesNotExist();

        Run tooShort = run("--history", writeSlice(dir, 200).toString(), "--calendar", "WEEKDAYS");
        assertThat(tooShort.status()).isEqualTo(2);
    }

    private static Path writeSlice(Path dir, int closes) throws IOException {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, shippedSlice(closes));
        return csv;
    }

    @Test
    void shouldDefaultToTheShippedHistoryOnWeekdaysAndTheTargetFolder() {
        ValidationOptions none = ValidationOptions.parse();
        assertThat(none.history()).isNull();
        assertThat(none.calendar()).isEqualTo(TradingCalendar.WEEKDAYS);
        assertThat(none.out()).isEqualTo(Path.of("target", "validation-report"));
        ValidationOptions given = ValidationOptions.parse("--history", "x.csv");
        assertThat(given.calendar()).isEqualTo(TradingCalendar.CONTINUOUS);
        assertThat(Histories.read(Histories.shippedCsv(), TradingCalendar.WEEKDAYS)
                        .history()
                        .dates())
                .hasSize(1860);
    }
}
