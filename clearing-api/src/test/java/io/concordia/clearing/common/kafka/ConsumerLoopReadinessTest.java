package io.concordia.clearing.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A consumer loop counts as polling only while it runs and polls: readiness turns DOWN otherwise. */
class ConsumerLoopReadinessTest {

    @Test
    void shouldStopCountingAsPollingOnceItsLoopHasExited() throws Exception {
        // given a loop whose broker cannot be reached, stopped at once
        Properties connection = new Properties();
        connection.put("bootstrap.servers", "127.0.0.1:9");
        ConsumerLoop<List<IngestRecord>, Integer> loop = new ConsumerLoop<>(
                "trade-consumer",
                connection,
                "readiness-test",
                10,
                Duration.ofSeconds(5),
                Pattern.compile("trades\\.x"),
                records -> records,
                List::size,
                n -> {},
                Map::of,
                Duration.ofMillis(10));
        assertThat(loop.pollingWithin(Duration.ofMinutes(1)))
                .as("a loop just created")
                .isTrue();
        Thread thread = new Thread(loop, "readiness-test");

        // when
        thread.start();
        Thread.sleep(500);
        boolean whileRunning = loop.pollingWithin(Duration.ofSeconds(10));
        loop.stop();
        thread.join(30_000);

        // then
        assertThat(whileRunning).as("polling, even with no broker to answer").isTrue();
        assertThat(thread.isAlive()).isFalse();
        assertThat(loop.pollingWithin(Duration.ofMinutes(1)))
                .as("an exited loop")
                .isFalse();
        assertThat(loop.pollingWithin(Duration.ZERO)).isFalse();
        assertThat(loop.name()).isEqualTo("trade-consumer");
    }
}
