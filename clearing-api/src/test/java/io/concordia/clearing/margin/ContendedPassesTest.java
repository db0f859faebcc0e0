package io.concordia.clearing.margin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContendedPassesTest {

    private static final long MS = 1_000_000L;

    @Test
    void shouldWaitLongerWhilePassesDropMostOfTheirResultsAndRunAtOnceAfterOneKeepsHalf() {
        ContendedPasses pace = new ContendedPasses();
        long now = 1_000 * MS;
        assertThat(pace.due(now)).as("a fresh share runs").isTrue();

        // a pass keeps 10 of 1,000: the share waits 50 ms, then 100, 200, ... at most 1 s
        Duration[] expected = {
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1)
        };
        for (Duration wait : expected) {
            pace.record(1_000, 10, now);
            assertThat(pace.pause()).isEqualTo(wait);
            assertThat(pace.due(now + wait.toNanos() - 1)).isFalse();
            now += wait.toNanos();
            assertThat(pace.due(now)).isTrue();
        }

        // a pass keeping half is full speed again
        pace.record(1_000, 500, now);
        assertThat(pace.pause()).isZero();
        assertThat(pace.due(now)).isTrue();
    }

    @Test
    void shouldNeverWaitAfterPassesThatKeepAtLeastHalfOrFindNothing() {
        Random random = new Random(16);
        ContendedPasses pace = new ContendedPasses();
        long now = 0;
        for (int i = 0; i < 10_000; i++) {
            int computed = random.nextInt(2_001);
            int stored = computed == 0 ? 0 : (computed + 1) / 2 + random.nextInt(computed / 2 + 1);
            pace.record(computed, Math.min(stored, computed), now);
            assertThat(pace.due(now))
                    .as("pass %d: %d of %d kept", i, stored, computed)
                    .isTrue();
            now += random.nextInt(10) * MS;
        }
    }

    @Test
    void shouldNeverWaitLongerThanTheLongestPauseWhateverThePassesDrop() {
        Random random = new Random(7);
        ContendedPasses pace = new ContendedPasses();
        long now = 0;
        for (int i = 0; i < 10_000; i++) {
            int computed = 1 + random.nextInt(2_000);
            pace.record(computed, random.nextInt(computed + 1), now);
            assertThat(pace.pause()).isLessThanOrEqualTo(ContendedPasses.LONGEST);
            assertThat(pace.due(now + ContendedPasses.LONGEST.toNanos())).isTrue();
            now += random.nextInt(2_000) * MS;
        }
    }
}
