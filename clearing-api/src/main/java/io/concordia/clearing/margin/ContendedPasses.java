package io.concordia.clearing.margin;

import java.time.Duration;

/**
 * Paces a queue share whose passes keep losing their results. A queued account's result is stored only if the account
 * was neither locked nor changed while it was computed; under a steady stream of trade batches over a small book,
 * nearly every account is in the batch being applied at any moment. Computing them all again at every batch's commit
 * then cost the database more than the ingestion itself and stored next to nothing. Instead, while more than half of
 * each pass is dropped, the share waits before its next pass, doubling from {@link #FIRST} to {@link #LONGEST}; the
 * first pass that keeps at least half puts it back to full speed. Used by one thread.
 */
final class ContendedPasses {

    static final Duration FIRST = Duration.ofMillis(50);
    static final Duration LONGEST = Duration.ofSeconds(1);

    private long pauseNanos;
    private long notBeforeNanos;
    private boolean paused;

    /** Whether a pass may run at {@code nowNanos} ({@link System#nanoTime()}). */
    boolean due(long nowNanos) {
        return !paused || nowNanos - notBeforeNanos >= 0;
    }

    /** Records what a pass finished at {@code nowNanos} kept: {@code stored} of the {@code computed} accounts. */
    void record(int computed, int stored, long nowNanos) {
        if (computed > 0 && stored * 2L < computed) {
            pauseNanos = paused ? Math.min(pauseNanos * 2, LONGEST.toNanos()) : FIRST.toNanos();
            notBeforeNanos = nowNanos + pauseNanos;
            paused = true;
        } else {
            paused = false;
            pauseNanos = 0;
        }
    }

    /** The wait after the last pass; zero at full speed. */
    Duration pause() {
        return paused ? Duration.ofNanos(pauseNanos) : Duration.ZERO;
    }
}
