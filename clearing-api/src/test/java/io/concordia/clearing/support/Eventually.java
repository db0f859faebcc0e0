package io.concordia.clearing.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for an asynchronous effect (a consumed record) with a deadline, then fails with a clear message: what it
 * waited for, and what the application's background work was doing at the time.
 */
public final class Eventually {

    private Eventually() {}

    public static void within(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
        throw new AssertionError(
                "timed out after " + timeout + " waiting for " + what + BackgroundDiagnosis.describe());
    }

    public static void until(String what, BooleanSupplier condition) {
        within(Duration.ofSeconds(30), what, condition);
    }
}
