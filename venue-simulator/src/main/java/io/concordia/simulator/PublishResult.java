package io.concordia.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * What a publication delivered: every count is of records the broker acknowledged.
 *
 * @param trades   trade records acknowledged
 * @param prices   price records acknowledged
 * @param perTopic records acknowledged per topic, sorted by topic
 * @param elapsed  from the first send to the acknowledgement of the last record
 */
public record PublishResult(long trades, long prices, Map<String, Long> perTopic, Duration elapsed) {

    public PublishResult {
        perTopic = Map.copyOf(perTopic);
        Checks.notNull("elapsed", elapsed);
    }

    /** Trades and prices. */
    public long records() {
        return trades + prices;
    }

    /** Acknowledged records per second of {@link #elapsed()}. */
    public double recordsPerSecond() {
        long nanos = Math.max(1, elapsed.toNanos());
        return records() * 1e9 / nanos;
    }
}
