package io.concordia.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void shouldTakeTheNearestRankPercentiles() {
        long[] micros = LongStream.rangeClosed(1, 1000)
                .map(i -> 1001 - i)
                .map(i -> i * 1000)
                .toArray(); // 1..1000 ms, reversed

        Latencies l = Latencies.ofMicros(micros);

        assertThat(l.count()).isEqualTo(1000);
        assertThat(l.p50Millis()).isEqualTo(500.0);
        assertThat(l.p99Millis()).isEqualTo(990.0);
        assertThat(l.p999Millis()).isEqualTo(999.0);
        assertThat(l.maxMillis()).isEqualTo(1000.0);
    }

    @Test
    void shouldTakeTheOnlyValueOfASingleSample() {
        assertThat(Latencies.ofMicros(new long[] {2500}).p99Millis()).isEqualTo(2.5);
        assertThatThrownBy(() -> Latencies.ofMicros(new long[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
