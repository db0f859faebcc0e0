package io.concordia.clearing.ingest;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.kafka.ConsumerLoop;
import io.concordia.clearing.common.kafka.ConsumerOffsets;
import io.concordia.clearing.common.kafka.ConsumerOffsets.Partition;
import io.concordia.clearing.common.kafka.DeadLetters;
import io.concordia.clearing.common.kafka.IngestConfig;
import io.concordia.clearing.common.kafka.KafkaConnection;
import io.concordia.clearing.common.kafka.KafkaTopics;
import io.concordia.clearing.mark.PriceIngestService;
import io.concordia.clearing.trade.TradeIngestService;
import io.concordia.clearing.trade.TradeIngestService.BatchResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Starts the consumers of the venues' topics with the application and stops them before it: trades on
 * {@code trades.<venue>} (never the dead-letter topic itself) and prices on {@code prices.<venue>}.
 */
@ApplicationScoped
public class IngestLifecycle {

    private static final Logger LOG = Logger.getLogger(IngestLifecycle.class);
    public static final String DEAD_LETTER_TOPIC = "trades.dlq";

    @Inject
    MeterRegistry registry;

    @Inject
    IngestConfig config;

    @Inject
    TradeIngestService trades;

    @Inject
    PriceIngestService prices;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    io.concordia.clearing.margin.MarginWorker marginWorker;

    @Inject
    KafkaConnection kafka;

    private final List<ConsumerLoop<?, ?>> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private KafkaProducer<String, byte[]> deadLetterProducer;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("trade and price ingestion disabled (concordia.ingest.enabled=false)");
            return;
        }
        KafkaTopics.ensure(kafka.properties(), List.of(DEAD_LETTER_TOPIC));
        deadLetterProducer =
                new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
        String tradeGroup = config.groupId();
        start(
                "trade-consumer",
                new ConsumerLoop<>(
                        "trade-consumer",
                        kafka.properties(),
                        tradeGroup,
                        config.maxPollRecords(),
                        config.topicRefresh(),
                        KafkaTopics.VENUE_TRADE_TOPICS,
                        trades::parse,
                        trades::apply,
                        this::afterTradeBatch,
                        () -> stored(tradeGroup),
                        config.retryBackoff()));
        String priceGroup = PriceIngestService.group(config);
        start(
                "price-consumer",
                new ConsumerLoop<>(
                        "price-consumer",
                        kafka.properties(),
                        priceGroup,
                        config.maxPollRecords(),
                        config.topicRefresh(),
                        KafkaTopics.VENUE_PRICE_TOPICS,
                        records -> records,
                        prices::apply,
                        r -> marginWorker.wake(),
                        () -> stored(priceGroup),
                        config.retryBackoff()));
    }

    void onStop(@Observes ShutdownEvent event) {
        loops.forEach(ConsumerLoop::stop);
        for (Thread t : threads) {
            try {
                t.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (deadLetterProducer != null) {
            deadLetterProducer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /** The running consumer loops (none when ingestion is off), for readiness. */
    public List<ConsumerLoop<?, ?>> loops() {
        return List.copyOf(loops);
    }

    private void start(String name, ConsumerLoop<?, ?> loop) {
        loop.registerMetrics(registry);
        Thread t = new Thread(loop, name);
        loops.add(loop);
        threads.add(t);
        t.start();
    }

    private void afterTradeBatch(BatchResult result) {
        if (!result.touchedAccounts().isEmpty()) {
            marginWorker.wake();
        }
        publishDeadLetters(result);
    }

    /**
     * The table is the record of a dead letter; the topic is a notification for downstream tooling, published
     * after the batch committed (a crash in between loses the notification, never the row).
     */
    private void publishDeadLetters(BatchResult result) {
        for (DeadLetters.Failed f : result.deadLetters()) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    DEAD_LETTER_TOPIC, f.record().key(), f.record().value());
            record.headers()
                    .add("reason", f.rejection().reason().name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            record.headers()
                    .add(
                            "source",
                            (f.record().topic() + "/" + f.record().partition() + "/"
                                            + f.record().offset())
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            deadLetterProducer.send(record);
        }
    }

    private Map<Partition, Long> stored(String group) {
        return Jdbc.with(dataSource, c -> ConsumerOffsets.stored(c, group));
    }

    private Properties producerProperties() {
        Properties p = kafka.properties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letter-publisher");
        return p;
    }
}
