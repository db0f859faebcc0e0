package io.concordia.clearing.mark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.common.kafka.ConsumerOffsets;
import io.concordia.clearing.common.kafka.DeadLetterReason;
import io.concordia.clearing.common.kafka.DeadLetters;
import io.concordia.clearing.common.kafka.DeadLetters.Failed;
import io.concordia.clearing.common.kafka.IngestConfig;
import io.concordia.clearing.common.kafka.IngestRecord;
import io.concordia.clearing.common.kafka.RecordRejected;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.clearing.refdata.ReferenceLookup;
import io.concordia.clearing.refdata.ReferenceLookup.Instrument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a poll batch of venue prices in one transaction: keeps each venue's latest price per product, then
 * recomputes the harmonized mark of every product the batch touched under the dislocation guard ({@link MarkBook})
 * and queues the accounts holding it for margin.
 */
@ApplicationScoped
public class PriceIngestService {

    /** What a batch changed. */
    public record BatchResult(int prices, int deadLetters, Set<Long> marksChanged) {}

    private record Latest(long venueId, long productId, BigDecimal price, BigDecimal iv, Instant at) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    IngestConfig config;

    @Inject
    MarkConfig marks;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** The consumer group of the price topics: its own, so that trade and price partitions are balanced separately. */
    public static String group(IngestConfig config) {
        return config.groupId() + "-prices";
    }

    @Transactional
    public BatchResult apply(List<IngestRecord> records) {
        // the offsets' compare-and-set and the prices commit together: each record is applied exactly once
        return Jdbc.with(dataSource, c -> {
            ConsumerOffsets.Claim claim = ConsumerOffsets.claim(c, group(config), records);
            List<Failed> failed = new ArrayList<>();
            List<Object[]> parsed = new ArrayList<>(); // {record, message}
            Instant now = clock.instant();
            for (IngestRecord r : claim.fresh()) {
                try {
                    parsed.add(
                            new Object[] {r, PriceMessage.parse(json, r.topic(), r.value(), now, config.maxClockSkew())
                            });
                } catch (RecordRejected e) {
                    failed.add(new Failed(r, e));
                }
            }
            Map<String, Long> venues = ReferenceLookup.venueIds(
                    c, parsed.stream().map(o -> ((PriceMessage) o[1]).venue()).toList());
            Map<String, Instrument> instruments = ReferenceLookup.instruments(c, venues.values());
            Map<String, Latest> latest = new HashMap<>();
            for (Object[] o : parsed) {
                PriceMessage m = (PriceMessage) o[1];
                Long venueId = venues.get(m.venue());
                Instrument instrument =
                        venueId == null ? null : instruments.get(ReferenceLookup.instrumentKey(venueId, m.symbol()));
                if (instrument == null) {
                    DeadLetterReason reason =
                            venueId == null ? DeadLetterReason.UNKNOWN_VENUE : DeadLetterReason.UNKNOWN_INSTRUMENT;
                    failed.add(new Failed(
                            (IngestRecord) o[0],
                            new RecordRejected(
                                    reason, "no instrument '" + m.symbol() + "' on venue '" + m.venue() + "'")));
                    continue;
                }
                RecordRejected refused = refusal(instrument, m);
                if (refused != null) {
                    failed.add(new Failed((IngestRecord) o[0], refused));
                    continue;
                }
                latest.merge(
                        venueId + "/" + instrument.productId(),
                        new Latest(venueId, instrument.productId(), m.price(), m.iv(), m.at()),
                        (a, b) -> b.at().isBefore(a.at()) ? a : b);
            }
            upsertVenuePrices(c, latest.values());
            Set<Long> products = new TreeSet<>();
            latest.values().forEach(l -> products.add(l.productId()));
            Set<Long> changed = MarkBook.recompute(c, products, now, marks, outbox);
            DeadLetters.insert(c, failed);
            ConsumerOffsets.commit(c, group(config), claim);
            return new BatchResult(latest.size(), failed.size(), changed);
        });
    }

    /**
     * Why a price record cannot be applied to its instrument, or {@code null}: an option's price comes with its implied
     * volatility and a linear product's without one; nothing is priced from the instant its product expires.
     */
    private static RecordRejected refusal(Instrument instrument, PriceMessage m) {
        if (instrument.option() && m.iv() == null) {
            return new RecordRejected(
                    DeadLetterReason.IMPLIED_VOLATILITY,
                    "iv is missing: '" + m.symbol() + "' is an option, its price comes with its implied volatility");
        }
        if (!instrument.option() && m.iv() != null) {
            return new RecordRejected(
                    DeadLetterReason.IMPLIED_VOLATILITY, "iv is given but '" + m.symbol() + "' is not an option");
        }
        String expired = instrument.expired(m.at());
        return expired == null
                ? null
                : new RecordRejected(
                        DeadLetterReason.PRODUCT_EXPIRED,
                        "price of '" + m.symbol() + "' at " + m.at() + ": " + expired);
    }

    private static void upsertVenuePrices(Connection c, java.util.Collection<Latest> prices) {
        Sql.on(c).batch("""
                INSERT INTO venue_price (venue_id, product_id, price, iv, at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (venue_id, product_id) DO UPDATE SET price = EXCLUDED.price, iv = EXCLUDED.iv, at = EXCLUDED.at,
                       received_at = now()
                 WHERE venue_price.at <= EXCLUDED.at""", prices, l -> new Object[] {l.venueId(), l.productId(), l.price(), l.iv(), l.at()});
    }
}
