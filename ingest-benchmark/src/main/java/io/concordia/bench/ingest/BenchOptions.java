package io.concordia.bench.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run.
 *
 * @param appJar            the packaged application, {@code clearing-api/target/quarkus-app/quarkus-run.jar}
 * @param workDir           where PostgreSQL, the broker and the application keep their data; emptied first
 * @param trades            trades for the throughput runs
 * @param partitions        partitions of each venue's trade topic
 * @param accounts          accounts the trades are spread over (buyer and seller drawn uniformly)
 * @param rate              trades per second of the latency run
 * @param latencySeconds    length of the latency run
 * @param warmupSeconds     paced publishing at {@code rate} before the latency run, not measured: the publisher's,
 *                          the broker's and the application's steady-rate paths are compiled by then, as they are in a
 *                          deployment that has been running
 * @param synchronousCommit PostgreSQL's {@code synchronous_commit}: {@code on} as in the embedded default
 * @param appJvmOptions     extra options for the application's JVM (e.g. a flight recording)
 * @param appProperties     extra configuration of the application ({@code concordia.ingest.max-poll-records=...})
 * @param statements        how many of PostgreSQL's statements to list after the bulk run, by their time in it (0: none,
 *                          and pg_stat_statements is not loaded)
 * @param peer              whether to measure the peer baseline, the Debezium JDBC sink on Kafka Connect (upsert and insert)
 */
record BenchOptions(
        Path appJar,
        Path workDir,
        int trades,
        int partitions,
        int accounts,
        int rate,
        int latencySeconds,
        int warmupSeconds,
        String synchronousCommit,
        List<String> appJvmOptions,
        Map<String, String> appProperties,
        int statements,
        boolean peer) {

    static final String USAGE = """
            usage: java -jar ingest-benchmark/target/ingest-benchmark-1.0.0-SNAPSHOT.jar [options]   (from the repository root)
              --app-jar PATH            default clearing-api/target/quarkus-app/quarkus-run.jar
              --work-dir DIR            default ingest-benchmark/target/run (emptied first)
              --trades N                default 1000000
              --partitions N            partitions per venue topic, default 4
              --accounts N              default 1000
              --rate N                  trades/s of the latency run, default 10000
              --latency-seconds N       default 30
              --warmup-seconds N        paced at the same rate before the latency run, not measured, default 20
              --synchronous-commit on|off   PostgreSQL's setting, default on (as the embedded default)
              --app-jvm-option OPT      repeatable, e.g. -XX:StartFlightRecording=filename=app.jfr,settings=profile
              --app-property KEY=VALUE  repeatable, e.g. concordia.ingest.max-poll-records=10000
              --statements N            list PostgreSQL's N costliest statements of the bulk run (their time includes lock waits), default 0
              --peer on|off             the Debezium JDBC sink on Kafka Connect as a baseline (upsert, insert), default on""";

    BenchOptions {
        positive("trades", trades);
        positive("partitions", partitions);
        positive("rate", rate);
        positive("latency-seconds", latencySeconds);
        if (statements < 0) {
            throw new IllegalArgumentException("--statements must not be negative: " + statements);
        }
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("--warmup-seconds must not be negative: " + warmupSeconds);
        }
        if (accounts < 2) {
            throw new IllegalArgumentException("--accounts must be at least 2: " + accounts);
        }
        if (!synchronousCommit.equals("on") && !synchronousCommit.equals("off")) {
            throw new IllegalArgumentException("--synchronous-commit must be on or off: " + synchronousCommit);
        }
        appJvmOptions = List.copyOf(appJvmOptions);
        appProperties = Map.copyOf(appProperties);
    }

    static BenchOptions parse(String... args) {
        Path appJar = Path.of("clearing-api/target/quarkus-app/quarkus-run.jar");
        Path workDir = Path.of("ingest-benchmark/target/run");
        int trades = 1_000_000;
        int partitions = 4;
        int accounts = 1_000;
        int rate = 10_000;
        int latencySeconds = 30;
        int warmupSeconds = 20;
        String synchronousCommit = "on";
        List<String> jvm = new ArrayList<>();
        Map<String, String> properties = new LinkedHashMap<>();
        int statements = 0;
        boolean peer = true;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--app-jar" -> appJar = Path.of(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--trades" -> trades = integer(option, value);
                case "--partitions" -> partitions = integer(option, value);
                case "--accounts" -> accounts = integer(option, value);
                case "--rate" -> rate = integer(option, value);
                case "--latency-seconds" -> latencySeconds = integer(option, value);
                case "--warmup-seconds" -> warmupSeconds = integer(option, value);
                case "--statements" -> statements = integer(option, value);
                case "--synchronous-commit" -> synchronousCommit = value;
                case "--app-jvm-option" -> jvm.add(value);
                case "--app-property" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--app-property needs KEY=VALUE: " + value);
                    }
                    properties.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--peer" ->
                    peer = switch (value) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--peer must be on or off: " + value);
                    };
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new BenchOptions(
                appJar,
                workDir,
                trades,
                partitions,
                accounts,
                rate,
                latencySeconds,
                warmupSeconds,
                synchronousCommit,
                jvm,
                properties,
                statements,
                peer);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number: " + value);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive: " + value);
        }
    }
}
