package io.concordia.clearing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent by this JVM and by the PostgreSQL processes, for benchmarks that report CPU per operation: on a
 * shared machine that is steadier than throughput, which moves with whatever else runs. PostgreSQL's share is read
 * from {@code /proc} (Linux); elsewhere it reads as zero.
 */
public record CpuMeter(long jvmNanos, long postgresNanos) {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

    public static CpuMeter now() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuMeter(os.getProcessCpuTime(), postgresTicks() * NANOS_PER_TICK);
    }

    /** CPU used since {@code start}. */
    public CpuMeter since(CpuMeter start) {
        return new CpuMeter(jvmNanos - start.jvmNanos, postgresNanos - start.postgresNanos);
    }

    private static long postgresTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(CpuMeter::postgresTicksOf)
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** utime + stime of a postgres process (fields 14 and 15 of its stat line, after the command name). */
    private static long postgresTicksOf(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int close = stat.lastIndexOf(')');
            if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended in between
        }
    }
}
