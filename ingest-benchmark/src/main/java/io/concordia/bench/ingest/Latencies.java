package io.concordia.bench.ingest;

import java.util.Arrays;

/** Percentiles of a set of latencies, by the nearest-rank method (the value at or below which p % of them lie). */
record Latencies(long count, double p50Millis, double p99Millis, double p999Millis, double maxMillis) {

    static Latencies ofMicros(long[] micros) {
        if (micros.length == 0) {
            throw new IllegalArgumentException("no latencies");
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Latencies(
                sorted.length,
                rank(sorted, 50) / 1e3,
                rank(sorted, 99) / 1e3,
                rank(sorted, 99.9) / 1e3,
                sorted[sorted.length - 1] / 1e3);
    }

    /** The smallest value with at least {@code percent} % of the values at or below it. */
    static long rank(long[] sorted, double percent) {
        // less a hair, so that floating point (99.9 % of 1,000 = 999.0000000000001) does not push the rank up by one
        int index = (int) Math.ceil(percent * sorted.length / 100 - 1e-9) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
