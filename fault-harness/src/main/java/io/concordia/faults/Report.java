package io.concordia.faults;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The run's report, as printed and as RELIABILITY.md quotes it. */
final class Report {

    private Report() {}

    static String of(FaultHarness.Result r) {
        StringBuilder b = new StringBuilder();
        HarnessOptions o = r.options();
        b.append(String.format(
                Locale.ROOT,
                "%nConcordia fault harness, %s, seed %d, %d cores, Java %s%n",
                r.startedAt(),
                o.seed(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        b.append(String.format(
                Locale.ROOT,
                "%d instances, 3 brokers (replication 3, min.insync.replicas 2), PostgreSQL 17; workload %d s at %d trades/s offered%n%n",
                o.instances(),
                r.workload().toSeconds(),
                o.tradeRate()));
        b.append(String.format(
                Locale.ROOT,
                "trades: %,d distinct valid, %,d records on the trade topics (%,d exact redeliveries, %,d that can never succeed);"
                        + " applied at %,.0f trades/s from the first commit to the last%n",
                r.trades(),
                r.tradeRecords(),
                r.redeliveries(),
                r.deadLetters(),
                r.appliedPerSecond()));
        r.tally().forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s: %,d%n", k, v)));

        b.append(
                "\n| # | fault | target | at | down (s) | recovered after the heal (s) | note |\n|---:|---|---|---|---:|---:|---|\n");
        int n = 0;
        for (FaultInjector.Injected f : r.faults()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %s | %s | %.1f | %s | %s |%n",
                    ++n,
                    f.kind().label(),
                    f.target(),
                    f.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    f.outage().toMillis() / 1e3,
                    f.recovery() == null
                            ? "never"
                            : String.format(Locale.ROOT, "%.1f", f.recovery().toMillis() / 1e3),
                    f.note()));
        }
        b.append("\n| fault | injected | recovery min / mean / max (s) |\n|---|---:|---|\n");
        Map<FaultKind, List<FaultInjector.Injected>> byKind = new EnumMap<>(FaultKind.class);
        r.faults()
                .forEach(f -> byKind.computeIfAbsent(f.kind(), k -> new java.util.ArrayList<>())
                        .add(f));
        byKind.forEach((kind, list) -> {
            List<Duration> rec = list.stream()
                    .map(FaultInjector.Injected::recovery)
                    .filter(java.util.Objects::nonNull)
                    .toList();
            String stats = rec.isEmpty()
                    ? "-"
                    : String.format(
                            Locale.ROOT,
                            "%.1f / %.1f / %.1f",
                            seconds(rec.stream().min(Duration::compareTo).get()),
                            rec.stream().mapToLong(Duration::toMillis).average().orElse(0) / 1e3,
                            seconds(rec.stream().max(Duration::compareTo).get()));
            b.append(String.format(Locale.ROOT, "| %s | %d | %s |%n", kind.label(), list.size(), stats));
        });

        b.append("\n| check | rule | anomalies |\n|---|---|---:|\n");
        for (Checker.Check c : r.checks()) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d |%n", c.name(), c.rule(), c.anomalies()));
        }
        for (Checker.Check c : r.checks()) {
            if (!c.passed()) {
                b.append("\n")
                        .append(c.name())
                        .append(": ")
                        .append(c.anomalies())
                        .append(" anomalies, e.g.\n");
                c.examples().forEach(e -> b.append("  ").append(e).append('\n'));
            }
        }
        if (!r.failedRequests().isEmpty()) {
            b.append(
                            "\nrequests that got no answer while a fault lasted (not anomalies: nothing they asked for may be half done): ")
                    .append(r.failedRequests().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        b.append(String.format(
                Locale.ROOT, "server errors (5xx): %d%n", r.serverErrors().size()));
        r.serverErrors().stream().limit(5).forEach(e -> b.append("  ").append(e).append('\n'));
        b.append(String.format(
                Locale.ROOT, "%nRESULT: %s (%d anomalies)%n", r.anomalies() == 0 ? "PASS" : "FAIL", r.anomalies()));
        return b.toString();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1e3;
    }
}
