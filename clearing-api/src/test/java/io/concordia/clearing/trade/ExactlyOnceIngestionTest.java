package io.concordia.clearing.trade;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.kafka.ConsumerLoop;
import io.concordia.clearing.common.kafka.ConsumerOffsets;
import io.concordia.clearing.common.kafka.KafkaTopics;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.IngestInvariants;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * I4 and I5 with two consumer instances in one group sharing the partitions: a seeded stream of good trades,
 * redeliveries and bad records ends with every trade applied exactly once, every offset accounted for, and the
 * positions equal to an independent recount from the inbox.
 */
@QuarkusTest
class ExactlyOnceIngestionTest {

    @Inject
    TradeIngestService trades;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    io.concordia.clearing.common.kafka.IngestConfig config;

    @Test
    void shouldApplyEveryTradeExactlyOnceWithTwoConsumersInOneGroup() throws Exception {
        Trading w = new Trading();
        String topic = "trades." + w.venueA;
        TestKafka.createTopic(topic, 3);
        ConsumerLoop<TradeIngestService.ParsedBatch, TradeIngestService.BatchResult> second = new ConsumerLoop<>(
                "second-instance",
                TestKafka.connection(),
                config.groupId(),
                200,
                Duration.ofSeconds(1),
                KafkaTopics.VENUE_TRADE_TOPICS,
                trades::parse,
                trades::apply,
                r -> {},
                () -> stored(),
                Duration.ofMillis(200));
        Thread thread = new Thread(second, "second-instance");
        thread.start();
        try {
            Random random = new Random(42);
            List<String> sent = new ArrayList<>();
            int bad = 0;
            for (int i = 0; i < 3000; i++) {
                int roll = random.nextInt(100);
                if (roll < 8 && !sent.isEmpty()) {
                    String again = sent.get(random.nextInt(sent.size()));
                    TestKafka.producer()
                            .send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                    topic, random.nextInt(3), again.substring(0, 20), TestKafka.utf8(again)));
                } else if (roll < 10) {
                    bad++;
                    TestKafka.producer()
                            .send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                    topic,
                                    random.nextInt(3),
                                    "bad" + i,
                                    TestKafka.utf8("{\"venue\":\"" + w.venueA + "\"}")));
                } else {
                    String id = "X" + i;
                    boolean aBuys = random.nextBoolean();
                    String trade = Trading.trade(
                            w.venueA,
                            id,
                            "XBTUSD",
                            Integer.toString(60_000 + random.nextInt(8_000)),
                            Integer.toString(1 + random.nextInt(5_000)),
                            aBuys ? w.accountA : w.accountB,
                            aBuys ? w.accountB : w.accountA,
                            Instant.now().toString());
                    sent.add(trade);
                    TestKafka.producer()
                            .send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                    topic, random.nextInt(3), id, TestKafka.utf8(trade)));
                }
            }
            TestKafka.producer().flush();
            int expectedBad = bad;
            Eventually.within(
                    Duration.ofSeconds(90),
                    "all 3000 records accounted for",
                    () -> TestDatabase.count(
                                    "SELECT coalesce(sum(next_offset), 0) FROM consumer_offset WHERE consumer_group = ? AND topic = ?",
                                    config.groupId(),
                                    topic)
                            == 3000);
            assertThat(TestDatabase.count(
                            "SELECT count(*) FROM trade_inbox i JOIN venue v ON v.id = i.venue_id WHERE v.code = ?",
                            w.venueA))
                    .isEqualTo(sent.size());
            assertThat(TestDatabase.count("SELECT count(*) FROM dead_letter WHERE source_topic = ?", topic))
                    .isEqualTo(expectedBad);
            try (Connection c = TestDatabase.connect()) {
                IngestInvariants.assertHold(c, config.groupId(), "^" + topic.replace(".", "\\.") + "$", w.product);
            }
        } finally {
            second.stop();
            thread.join(20_000);
        }
    }

    private java.util.Map<ConsumerOffsets.Partition, Long> stored() {
        try (Connection c = dataSource.getConnection()) {
            return ConsumerOffsets.stored(c, config.groupId());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
