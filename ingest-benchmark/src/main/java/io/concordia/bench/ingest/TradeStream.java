package io.concordia.bench.ingest;

import io.concordia.simulator.KafkaVenuePublisher;
import io.concordia.simulator.SimulationOptions;
import io.concordia.simulator.TradeRecord;
import io.concordia.simulator.VenueSimulator;
import io.concordia.simulator.VenueSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The venue simulator's trades (no marks: the benchmark is about trades) and their publication. */
final class TradeStream {

    /** Where each trade landed, by its position in the stream, and how long publishing took. */
    record Published(int[] partition, long[] offset, Duration elapsed) {}

    private TradeStream() {}

    /** {@code trades} real Bitstamp trades replayed over the three default venues between {@code accounts}. */
    static VenueSimulator simulator(List<String> accounts, long seed, int trades, String idPrefix, Instant end) {
        return VenueSimulator.bitstamp(
                VenueSpec.DEFAULTS,
                accounts,
                SimulationOptions.of(seed, trades, end).withPriceEvery(0).withIdPrefix(idPrefix));
    }

    static VenueSpec venue(String code) {
        return VenueSpec.DEFAULTS.stream()
                .filter(v -> v.code().equals(code))
                .findFirst()
                .orElseThrow();
    }

    /** Publishes every trade as fast as the simulator's default producer (acks=all, idempotent, lz4) goes. */
    static Published publishAll(Map<String, String> connection, VenueSimulator simulator) {
        int n = Math.toIntExact(simulator.tradeCount());
        int[] partition = new int[n];
        long[] offset = new long[n];
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                KafkaVenuePublisher.defaultProducerConfig(connection),
                new StringSerializer(),
                new StringSerializer())) {
            Iterator<TradeRecord> trades = simulator.trades().iterator();
            for (int i = 0; i < n && failure.get() == null; i++) {
                TradeRecord t = trades.next();
                int ordinal = i;
                producer.send(new ProducerRecord<>(t.topic(), t.key(), t.toJson()), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        partition[ordinal] = metadata.partition();
                        offset[ordinal] = metadata.offset();
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing failed", failure.get());
        }
        return new Published(partition, offset, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Publishes every trade at a steady {@code rate} with the simulator's latency settings (5 ms linger) and returns
     * when each was handed to the producer, in microseconds since the epoch, by {@code venue/tradeId}. The producer
     * stamps the record's own timestamp at the same moment.
     */
    static Map<String, Long> publishPaced(Map<String, String> connection, VenueSimulator simulator, int rate) {
        Map<String, Object> config = KafkaVenuePublisher.defaultProducerConfig(connection);
        config.putAll(KafkaVenuePublisher.LATENCY_OVERRIDES);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "paced-venues");
        Map<String, Long> sentMicros = new HashMap<>((int) (simulator.tradeCount() * 4 / 3) + 16);
        AtomicReference<Exception> failure = new AtomicReference<>();
        double nanosPerTrade = 1e9 / rate;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            long i = 0;
            for (Iterator<TradeRecord> trades = simulator.trades().iterator();
                    trades.hasNext() && failure.get() == null;
                    i++) {
                TradeRecord t = trades.next();
                String json = t.toJson();
                long lead = start + (long) (i * nanosPerTrade) - System.nanoTime();
                if (lead > 0) {
                    LockSupport.parkNanos(lead);
                }
                sentMicros.put(t.venue() + "/" + t.tradeId(), ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
                producer.send(new ProducerRecord<>(t.topic(), t.key(), json), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing failed", failure.get());
        }
        return sentMicros;
    }
}
