package io.concordia.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Memory and CPU time of processes and of the machine, read from Linux's /proc. */
final class ProcStats {

    /** USER_HZ: the unit of the CPU times in /proc (100 on every Linux this runs on; {@code getconf CLK_TCK}). */
    static final double TICKS_PER_SECOND = 100;

    private ProcStats() {}

    /** Resident set size in bytes, or -1 when the process is gone. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** User + system CPU time of a process, in seconds; 0 when it is gone. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time of a process and all its live descendants (PostgreSQL's backends under the postmaster). */
    static double treeCpuSeconds(long pid) {
        return ProcessHandle.of(pid)
                .map(p -> Stream.concat(Stream.of(p), p.descendants())
                        .mapToDouble(h -> cpuSeconds(h.pid()))
                        .sum())
                .orElse(0.0);
    }

    /** Seconds all cores of the machine spent busy (every process, ours and anyone else's), since boot. */
    static double machineBusySeconds() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal
            long busy = Long.parseLong(f[1])
                    + Long.parseLong(f[2])
                    + Long.parseLong(f[3])
                    + Long.parseLong(f[6])
                    + Long.parseLong(f[7])
                    + Long.parseLong(f[8]);
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 1-minute load average. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
