package io.concordia.bench.ingest;

import java.util.function.LongSupplier;

/**
 * Samples the application's resident memory (every 200 ms) and heap in use (every second) during a phase, and the
 * CPU time the application, the broker, PostgreSQL, this harness (the stand-in venues' publisher, in the steady run)
 * and the whole machine spent in it.
 */
final class ResourceSampler implements AutoCloseable {

    /** What a phase cost. CPU figures are seconds of one core. */
    record Usage(
            double seconds,
            long rssMaxBytes,
            long rssMeanBytes,
            long heapMaxBytes,
            double appCpu,
            double brokerCpu,
            double postgresCpu,
            double harnessCpu,
            double machineCpu) {}

    private final long appPid;
    private final long brokerPid;
    private final long postmasterPid;
    private final LongSupplier heap;
    private final Thread thread;
    private final long start = System.nanoTime();
    private final double appCpu0;
    private final double brokerCpu0;
    private final double postgresCpu0;
    private final double harnessCpu0;
    private final double machineCpu0;
    private volatile boolean running = true;
    private long rssMax;
    private long rssSum;
    private long rssSamples;
    private long heapMax = -1;

    ResourceSampler(long appPid, long brokerPid, long postmasterPid, LongSupplier heap) {
        this.appPid = appPid;
        this.brokerPid = brokerPid;
        this.postmasterPid = postmasterPid;
        this.heap = heap;
        appCpu0 = ProcStats.cpuSeconds(appPid);
        brokerCpu0 = ProcStats.cpuSeconds(brokerPid);
        postgresCpu0 = ProcStats.treeCpuSeconds(postmasterPid);
        harnessCpu0 = harnessCpuSeconds();
        machineCpu0 = ProcStats.machineBusySeconds();
        thread = new Thread(this::sample, "resource-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        long tick = 0;
        while (running) {
            long rss = ProcStats.rssBytes(appPid);
            if (rss > 0) {
                synchronized (this) {
                    rssMax = Math.max(rssMax, rss);
                    rssSum += rss;
                    rssSamples++;
                }
            }
            if (tick++ % 5 == 0) {
                long h = heap.getAsLong();
                synchronized (this) {
                    heapMax = Math.max(heapMax, h);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling and returns the phase's usage. */
    synchronized Usage usage() {
        running = false;
        thread.interrupt();
        return new Usage(
                (System.nanoTime() - start) / 1e9,
                rssMax,
                rssSamples == 0 ? 0 : rssSum / rssSamples,
                heapMax,
                ProcStats.cpuSeconds(appPid) - appCpu0,
                ProcStats.cpuSeconds(brokerPid) - brokerCpu0,
                ProcStats.treeCpuSeconds(postmasterPid) - postgresCpu0,
                harnessCpuSeconds() - harnessCpu0,
                ProcStats.machineBusySeconds() - machineCpu0);
    }

    private static double harnessCpuSeconds() {
        return ProcStats.cpuSeconds(ProcessHandle.current().pid());
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
