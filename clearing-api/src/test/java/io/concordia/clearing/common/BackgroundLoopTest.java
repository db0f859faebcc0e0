package io.concordia.clearing.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The background loop keeps going through failures, says so while they last, and recovers when they end. */
class BackgroundLoopTest {

    @Test
    void shouldKeepRunningThroughFailuresReportThemAndRecover() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch failedThrice = new CountDownLatch(3);
        CountDownLatch recovered = new CountDownLatch(1);
        BackgroundLoop loop =
                new BackgroundLoop("test-loop", Duration.ofMillis(5), Duration.ofMillis(20), Clock.systemUTC(), () -> {
                    int pass = passes.incrementAndGet();
                    if (pass <= 3) {
                        failedThrice.countDown();
                        throw new IllegalStateException("failure " + pass);
                    }
                    recovered.countDown();
                    return false;
                });
        loop.start();
        try {
            assertThat(failedThrice.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(recovered.await(10, TimeUnit.SECONDS))
                    .as("a pass after the failures")
                    .isTrue();
            assertThat(loop.alive()).isTrue();
            waitFor(() -> loop.failuresInARow() == 0);
            assertThat(loop.lastFailure()).isNull();
        } finally {
            loop.stop(Duration.ofSeconds(5));
        }
        assertThat(loop.alive()).isFalse();
    }

    @Test
    void shouldCountFailuresInARowAndKeepTheLastOne() throws Exception {
        CountDownLatch failures = new CountDownLatch(4);
        BackgroundLoop loop = new BackgroundLoop(
                "failing-loop", Duration.ofMillis(1), Duration.ofMillis(4), Clock.systemUTC(), () -> {
                    failures.countDown();
                    throw new IllegalArgumentException("cannot margin account 7");
                });
        loop.start();
        try {
            assertThat(failures.await(10, TimeUnit.SECONDS)).isTrue();
            waitFor(() -> loop.failuresInARow() >= 4);
            assertThat(loop.lastFailure()).contains("cannot margin account 7");
            assertThat(loop.lastFailureAt()).isNotNull();
            assertThat(loop.alive()).as("a failing step never ends the loop").isTrue();
        } finally {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldRunAgainAtOnceWhenWokenAndStopPromptlyDuringALongPause() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        BackgroundLoop loop =
                new BackgroundLoop("idle-loop", Duration.ofHours(1), Duration.ofHours(1), Clock.systemUTC(), () -> {
                    passes.incrementAndGet();
                    return false;
                });
        loop.start();
        waitFor(() -> passes.get() == 1);
        loop.wake();
        waitFor(() -> passes.get() == 2);
        loop.stop(Duration.ofSeconds(5));
        assertThat(loop.alive()).as("stopped within its hour-long pause").isFalse();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
