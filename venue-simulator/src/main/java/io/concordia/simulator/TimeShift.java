package io.concordia.simulator;

import java.time.Instant;

/**
 * How historical execution times become the records' times. The history keeps its spacing (to the second) in every
 * variant; a replay longer than the history continues with the next cycle one second after the previous cycle's
 * last trade. The instant is always given, never read from a clock.
 */
public sealed interface TimeShift {

    /** The 2013 times themselves (later cycles shifted by whole history spans). */
    static TimeShift historical() {
        return new Historical();
    }

    /** Shifted so that the last trade of the replay executes at {@code end}; all others are earlier. */
    static TimeShift endingAt(Instant end) {
        return new EndingAt(end);
    }

    /** Shifted so that the first trade of the replay executes at {@code start}. */
    static TimeShift startingAt(Instant start) {
        return new StartingAt(start);
    }

    /**
     * The instant of a trade.
     *
     * @param virtualSecond the trade's historical epoch second, plus the cycle's offset
     * @param firstSecond   {@code virtualSecond} of the replay's first trade
     * @param lastSecond    {@code virtualSecond} of the replay's last trade
     */
    Instant apply(long virtualSecond, long firstSecond, long lastSecond);

    /** Historical times. */
    record Historical() implements TimeShift {
        @Override
        public Instant apply(long virtualSecond, long firstSecond, long lastSecond) {
            return Instant.ofEpochSecond(virtualSecond);
        }
    }

    /** @param end the execution time of the replay's last trade */
    record EndingAt(Instant end) implements TimeShift {
        public EndingAt {
            Checks.notNull("end", end);
        }

        @Override
        public Instant apply(long virtualSecond, long firstSecond, long lastSecond) {
            return end.minusSeconds(lastSecond - virtualSecond);
        }
    }

    /** @param start the execution time of the replay's first trade */
    record StartingAt(Instant start) implements TimeShift {
        public StartingAt {
            Checks.notNull("start", start);
        }

        @Override
        public Instant apply(long virtualSecond, long firstSecond, long lastSecond) {
            return start.plusSeconds(virtualSecond - firstSecond);
        }
    }
}
