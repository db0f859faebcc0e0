package io.concordia.margin.replication.cli;

import io.concordia.margin.replication.PriceHistoryCsv;
import io.concordia.margin.replication.ReplicationCodec;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.HistoryChecks;
import io.concordia.margin.scenario.HistoryProblem;
import io.concordia.margin.scenario.HistoryValidation;
import io.concordia.margin.scenario.ScenarioBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code build-scenarios}: daily closes as CSV ({@code date,underlying,close}) and the build's parameters in, the
 * scenario set out, as the JSON of {@link ReplicationCodec#writeScenarioSetBuild} (its id, model version,
 * parameters, dates, the SHA-256 of its closes and the returns). The same bytes Concordia stores for an upload of
 * the same closes with the same parameters, under model version 1.1 (docs/margin-model.md, "Building a scenario set").
 *
 * <pre>{@code java -jar margin-replication.jar build-scenarios --id fhs-2026-11-25 [--horizon 2] [--lambda 0.97] [--phi 0.75]
 *     [--floor-lookback 3650] [--window N] [--calendar CONTINUOUS|WEEKDAYS] [--min-history N]
 *     [--accept-spikes 2020-03-12,2021-05-19] [closes.csv]}</pre>
 */
final class BuildScenariosCommand {

    static final String NAME = "build-scenarios";

    static final String USAGE =
            "usage: java -jar margin-replication.jar build-scenarios --id ID [--horizon H] [--lambda L] [--phi P]"
                    + " [--floor-lookback F] [--window W] [--calendar CONTINUOUS|WEEKDAYS] [--min-history N]"
                    + " [--accept-spikes yyyy-mm-dd,...] [closes.csv]   (reads standard input when no file is given)";

    private BuildScenariosCommand() {}

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code build-scenarios}
     * @param stdin where the closes are read when no file is named
     * @param stdout receives the scenario set JSON
     * @param stderr receives errors, and every problem of a refused history, one per line
     * @return the exit code of {@link ReplicationMain}
     */
    static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        String id = null;
        String horizon = null;
        String lambda = null;
        String phi = null;
        String floorLookback = null;
        String window = null;
        String calendar = null;
        String minHistory = null;
        List<String> acceptSpikes = new ArrayList<>();
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.equals("--")) {
                if (file != null) {
                    stderr.println(USAGE);
                    return ReplicationMain.USAGE;
                }
                file = a;
                continue;
            }
            if (i + 1 >= args.length || a.equals("--help")) {
                stderr.println(USAGE);
                return ReplicationMain.USAGE;
            }
            String value = args[++i];
            switch (a) {
                case "--id" -> id = value;
                case "--horizon" -> horizon = value;
                case "--lambda" -> lambda = value;
                case "--phi" -> phi = value;
                case "--floor-lookback" -> floorLookback = value;
                case "--window" -> window = value;
                case "--calendar" -> calendar = value;
                case "--min-history" -> minHistory = value;
                case "--accept-spikes" -> acceptSpikes.add(value);
                default -> {
                    stderr.println("error: unknown option " + a);
                    stderr.println(USAGE);
                    return ReplicationMain.USAGE;
                }
            }
        }
        if (id == null) {
            stderr.println("error: --id is required (the scenario set's id)");
            stderr.println(USAGE);
            return ReplicationMain.USAGE;
        }
        FhsParameters params;
        HistoryChecks checks;
        try {
            params = FhsParameters.withDefaults(
                    integer("--horizon", horizon),
                    decimal("--lambda", lambda),
                    decimal("--phi", phi),
                    integer("--floor-lookback", floorLookback),
                    integer("--window", window));
            checks = HistoryChecks.of(calendar, integer("--min-history", minHistory), acceptSpikes);
            checks.minHistoryAt(params.horizon());
        } catch (IllegalArgumentException e) {
            stderr.println("error: invalid parameters: " + e.getMessage());
            return ReplicationMain.BAD_REQUEST;
        }
        String csv;
        try {
            csv = file == null || file.equals("-")
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            stderr.println("error: closes file not found: " + file);
            return ReplicationMain.IO_ERROR;
        } catch (IOException | RuntimeException e) {
            stderr.println("error: cannot read the closes: " + e.getMessage());
            return ReplicationMain.IO_ERROR;
        }
        try {
            HistoryValidation validation = PriceHistoryCsv.read(csv, params, checks);
            if (!validation.valid()) {
                stderr.println(
                        "error: price history refused, " + validation.problems().size() + " problem(s):");
                for (HistoryProblem p : validation.problems()) {
                    stderr.println(p);
                }
                return ReplicationMain.BAD_REQUEST;
            }
            stdout.println(ReplicationCodec.DEFAULT.writeScenarioSetBuild(
                    ScenarioBuilder.V1_1.build(id, validation.history(), params)));
            return ReplicationMain.OK;
        } catch (IllegalArgumentException e) {
            stderr.println("error: invalid input: " + e.getMessage());
            return ReplicationMain.BAD_REQUEST;
        }
    }

    private static Integer integer(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, got: " + value);
        }
    }

    private static BigDecimal decimal(String option, String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException(option + " must be a decimal such as 0.97, got: " + value);
        }
        return new BigDecimal(value);
    }
}
