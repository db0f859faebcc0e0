package io.concordia.clearing.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * A named thread that repeats one step: again at once while the step finds work, after the idle pause when it finds
 * none, and after a back-off that doubles up to a ceiling while it fails. A failing step never stops the loop, and
 * never holds up another loop: each piece of background work that must go on whatever the others do has a loop of its
 * own. The loop keeps the time of its last success and its last failure, so that readiness checks and gauges can tell
 * a loop that works from one that keeps failing.
 *
 * <p>A failure is logged with its stack trace when a streak of failures starts, then by its message only, so that a
 * database that is down for minutes is a few lines in the log, not thousands.
 */
public final class BackgroundLoop {

    private static final Logger LOG = Logger.getLogger(BackgroundLoop.class);

    /** One pass of the loop's work. */
    @FunctionalInterface
    public interface Step {
        /** @return whether it found work (the loop then runs again at once) */
        boolean run() throws Exception;
    }

    private final String name;
    private final Duration idle;
    private final Duration maxBackoff;
    private final Step step;
    private final Clock clock;
    private final Object wakeUp = new Object();
    private volatile boolean running;
    private volatile boolean woken;
    private volatile Instant lastSuccess;
    private volatile Instant lastFailureAt;
    private volatile String lastFailure;
    private volatile int failuresInARow;
    private Thread thread;

    /**
     * @param name the thread's name, also the loop's in logs and checks
     * @param idle the pause after a pass that found no work
     * @param maxBackoff the ceiling of the pause after failures (the first pause is {@code idle}, doubled each time)
     */
    public BackgroundLoop(String name, Duration idle, Duration maxBackoff, Clock clock, Step step) {
        this.name = name;
        this.idle = idle;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
        this.step = step;
    }

    public String name() {
        return name;
    }

    public synchronized void start() {
        running = true;
        lastSuccess = clock.instant();
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the loop to stop and waits up to {@code timeout} for its current pass to end. */
    public void stop(Duration timeout) {
        running = false;
        wake();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the current pause early: there is work now. */
    public void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    /** When a pass last completed without failing (the start, before the first). */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** The last failure's message, or null when the last pass succeeded. */
    public String lastFailure() {
        return failuresInARow == 0 ? null : lastFailure;
    }

    /** When the last failure happened, or null when the last pass succeeded. */
    public Instant lastFailureAt() {
        return failuresInARow == 0 ? null : lastFailureAt;
    }

    /** How many passes in a row failed. */
    public int failuresInARow() {
        return failuresInARow;
    }

    /**
     * The loop's state for a health check: {@code working} when a pass completed within {@code within}, otherwise
     * {@code stopped} or how long it has gone without one and why.
     */
    public String state(Instant now, Duration within) {
        if (!alive()) {
            return "stopped";
        }
        Instant last = lastSuccess;
        if (last.plus(within).isAfter(now)) {
            return "working";
        }
        String failure = lastFailure();
        return "no pass completed for " + Duration.between(last, now).toSeconds() + " s"
                + (failure == null ? "" : "; failing: " + failure);
    }

    public boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void loop() {
        Duration backoff = idle;
        while (running) {
            boolean busy;
            try {
                busy = step.run();
                lastSuccess = clock.instant();
                if (failuresInARow > 0) {
                    LOG.infof("%s: working again after %d failed passes", name, failuresInARow);
                }
                failuresInARow = 0;
                backoff = idle;
            } catch (Exception | LinkageError | AssertionError e) {
                lastFailure = e.toString();
                lastFailureAt = clock.instant();
                if (failuresInARow++ == 0) {
                    LOG.warnf(e, "%s failed; retrying in %s", name, backoff);
                } else {
                    LOG.warnf("%s failed again (%d in a row): %s; retrying in %s", name, failuresInARow, e, backoff);
                }
                backOff(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                continue;
            }
            if (!busy) {
                pause(idle);
            }
        }
    }

    /** Waits out a back-off: work announced meanwhile does not shorten it, only a stop does. */
    private void backOff(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        synchronized (wakeUp) {
            for (long left = d.toMillis(); running && left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                try {
                    wakeUp.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void pause(Duration d) {
        synchronized (wakeUp) {
            if (woken) {
                woken = false;
                return;
            }
            try {
                wakeUp.wait(Math.max(1, d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            woken = false;
        }
    }
}
