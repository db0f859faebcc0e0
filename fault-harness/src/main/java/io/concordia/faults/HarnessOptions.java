package io.concordia.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The harness's command line.
 *
 * @param appJar        the packaged application
 * @param workDir       the run's folder, emptied first: PostgreSQL, the brokers, the instances' logs
 * @param seed          seeds the workload and the fault schedule: the same seed gives the same schedule
 * @param duration      how long the workload runs with faults; then the checker runs
 * @param instances     application instances
 * @param partitions    partitions of each venue's trade topic
 * @param accounts      clearing accounts (two a member)
 * @param tradeRate     venue trades offered a second
 * @param faults        the kinds injected, each in turn in a seeded order, round after round
 * @param rounds        rounds of faults, 0 for as many as the duration holds
 * @param faultGap      quiet time after a fault has recovered, before the next
 * @param appJvmOptions extra options of each instance's JVM
 * @param appProperties extra configuration of each instance
 * @param lean          every JVM with the C1 compiler only, the instances with the serial collector too: faster starts
 *                      and less CPU on a small machine, lower peak throughput (the short form in the build uses it)
 */
record HarnessOptions(
        Path appJar,
        Path workDir,
        long seed,
        Duration duration,
        int instances,
        int partitions,
        int accounts,
        int tradeRate,
        Set<FaultKind> faults,
        int rounds,
        Duration faultGap,
        List<String> appJvmOptions,
        Map<String, String> appProperties,
        boolean lean) {

    /** What {@code --lean} gives every JVM of the run. */
    static final List<String> LEAN_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    static final String USAGE = """
            usage: java -jar fault-harness/target/fault-harness-1.0.0-SNAPSHOT.jar [options]   (from the repository root)
              --duration D            how long the workload runs, e.g. 10m, 90s; default 10m
              --seed N                seeds the workload and the fault schedule; default 1
              --instances N           application instances, default 3
              --faults LIST|all|none  comma-separated kinds, default all: %s
              --rounds N              rounds of faults (each kind once a round), default 0 = as many as fit
              --fault-gap D           quiet time after a fault recovered, default 20s
              --trade-rate N          venue trades a second, default 200
              --accounts N            clearing accounts, default 24
              --partitions N          partitions of each trade topic, default 4
              --app-jar PATH          default clearing-api/target/quarkus-app/quarkus-run.jar
              --work-dir DIR          default fault-harness/target/run (emptied first)
              --app-jvm-option OPT    repeatable
              --app-property K=V      repeatable, e.g. concordia.ingest.max-poll-records=1000
              --lean                  C1 only in every JVM, the serial collector in the instances: faster starts, lower peak throughput""".formatted(FaultKind.names());

    HarnessOptions {
        if (instances < 1 || partitions < 1 || tradeRate < 1 || accounts < 4 || rounds < 0) {
            throw new IllegalArgumentException(
                    "--instances, --partitions and --trade-rate must be positive, --accounts at least 4");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        appJvmOptions = lean
                ? java.util.stream.Stream.concat(LEAN_JVM_OPTIONS.stream(), appJvmOptions.stream())
                        .toList()
                : List.copyOf(appJvmOptions);
        appProperties = Map.copyOf(appProperties);
    }

    static HarnessOptions parse(String... args) {
        Path appJar = Path.of("clearing-api/target/quarkus-app/quarkus-run.jar");
        Path workDir = Path.of("fault-harness/target/run");
        long seed = 1;
        Duration duration = Duration.ofMinutes(10);
        int instances = 3;
        int partitions = 4;
        int accounts = 24;
        int tradeRate = 200;
        Set<FaultKind> faults = EnumSet.allOf(FaultKind.class);
        int rounds = 0;
        Duration faultGap = Duration.ofSeconds(20);
        List<String> jvm = new ArrayList<>();
        Map<String, String> properties = new LinkedHashMap<>();
        boolean lean = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (option.equals("--lean")) {
                lean = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--duration" -> duration = duration(option, value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--instances" -> instances = integer(option, value);
                case "--faults" -> faults = FaultKind.parseList(value);
                case "--rounds" -> rounds = integer(option, value);
                case "--fault-gap" -> faultGap = duration(option, value);
                case "--trade-rate" -> tradeRate = integer(option, value);
                case "--accounts" -> accounts = integer(option, value);
                case "--partitions" -> partitions = integer(option, value);
                case "--app-jar" -> appJar = Path.of(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--app-jvm-option" -> jvm.add(value);
                case "--app-property" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--app-property needs KEY=VALUE: " + value);
                    }
                    properties.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new HarnessOptions(
                appJar.toAbsolutePath(),
                workDir.toAbsolutePath(),
                seed,
                duration,
                instances,
                partitions,
                accounts,
                tradeRate,
                faults,
                rounds,
                faultGap,
                jvm,
                properties,
                lean);
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, or ISO-8601 ({@code PT90S}). */
    static Duration duration(String option, String value) {
        try {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " needs a duration such as 90s, 10m or PT1M30S: " + value);
        }
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number: " + value);
        }
    }
}
