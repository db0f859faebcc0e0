package io.concordia.clearing.console;

import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.common.kafka.KafkaConnection;
import io.concordia.margin.calc.MarginStatus;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The console's summary reads that no service needs for itself: counts and totals over the stored margins, each
 * venue's last price of a product, and how far the consumers are behind their topics. Read-only; every decision
 * goes through the feature's service.
 */
@ApplicationScoped
public class ConsoleReads {

    private static final Logger LOG = Logger.getLogger(ConsoleReads.class);

    /** Accounts by margin status and the totals of their stored margins (USD). */
    public record MarginTotals(
            Map<String, Long> accountsByStatus,
            long accountsWithoutMargin,
            BigDecimal totalIm,
            BigDecimal totalCollateral) {}

    /** One venue's last price of a product and its age in seconds. */
    public record VenuePrice(String venue, BigDecimal price, BigDecimal iv, Instant at, long ageSeconds) {}

    /** A consumer group's distance from the end of its topics, in records; null when the broker did not answer. */
    public record ConsumerLag(String group, Long lag, int partitions) {}

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    KafkaConnection kafka;

    private volatile Admin admin;

    public MarginTotals marginTotals() {
        return Jdbc.with(dataSource, c -> {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (MarginStatus status : MarginStatus.values()) {
                byStatus.put(status.name(), 0L);
            }
            BigDecimal im = BigDecimal.ZERO;
            BigDecimal collateral = BigDecimal.ZERO;
            Sql sql = Sql.on(c);
            record StatusTotal(String status, long accounts, BigDecimal im, BigDecimal collateral) {}
            for (StatusTotal total : sql.list(
                    "SELECT status, count(*) AS accounts, coalesce(sum(im), 0) AS im, "
                            + "coalesce(sum(collateral_value), 0) AS collateral FROM account_margin GROUP BY status",
                    row -> new StatusTotal(
                            row.string("status"),
                            row.longValue("accounts"),
                            row.decimal("im"),
                            row.decimal("collateral")))) {
                byStatus.put(total.status(), total.accounts());
                im = im.add(total.im());
                collateral = collateral.add(total.collateral());
            }
            long without = sql.one("""
                    SELECT count(*) AS n FROM account a JOIN member m ON m.id = a.member_id
                    WHERE NOT m.is_ccp AND NOT EXISTS (SELECT 1 FROM account_margin am WHERE am.account_id = a.id)""", row -> row.longValue("n"));
            return new MarginTotals(byStatus, without, im, collateral);
        });
    }

    public Map<String, List<VenuePrice>> venuePrices() {
        Instant now = clock.instant();
        return Jdbc.with(dataSource, c -> {
            Map<String, List<VenuePrice>> byProduct = new HashMap<>();
            Sql.on(c)
                    .list("""
                            SELECT p.symbol, v.code AS venue, vp.price, vp.iv, vp.at FROM venue_price vp
                            JOIN venue v ON v.id = vp.venue_id JOIN product p ON p.id = vp.product_id ORDER BY p.symbol, v.code""", row -> {
                        Instant at = row.instant("at");
                        return Map.entry(
                                row.string("symbol"),
                                new VenuePrice(
                                        row.string("venue"),
                                        row.decimal("price").stripTrailingZeros(),
                                        row.decimal("iv"),
                                        at,
                                        Duration.between(at, now).toSeconds()));
                    })
                    .forEach(price -> byProduct
                            .computeIfAbsent(price.getKey(), k -> new ArrayList<>())
                            .add(price.getValue()));
            return byProduct;
        });
    }

    /** The lag of every consumer group that stores its offsets here: the topics' end offsets less the stored ones. */
    public List<ConsumerLag> consumerLag() {
        Map<String, Map<TopicPartition, Long>> stored = Jdbc.with(dataSource, c -> {
            Map<String, Map<TopicPartition, Long>> byGroup = new LinkedHashMap<>();
            record Stored(String group, TopicPartition partition, long nextOffset) {}
            Sql.on(c)
                    .list(
                            "SELECT consumer_group, topic, kafka_partition, next_offset FROM consumer_offset "
                                    + "ORDER BY consumer_group",
                            row -> new Stored(
                                    row.string("consumer_group"),
                                    new TopicPartition(row.string("topic"), row.intValue("kafka_partition")),
                                    row.longValue("next_offset")))
                    .forEach(offset -> byGroup.computeIfAbsent(offset.group(), k -> new HashMap<>())
                            .put(offset.partition(), offset.nextOffset()));
            return byGroup;
        });
        Map<TopicPartition, Long> ends = endOffsets(
                stored.values().stream().flatMap(m -> m.keySet().stream()).toList());
        List<ConsumerLag> lags = new ArrayList<>();
        stored.forEach((group, offsets) -> {
            Long lag = 0L;
            for (var e : offsets.entrySet()) {
                Long end = ends.get(e.getKey());
                if (end == null) {
                    lag = null;
                    break;
                }
                lag += Math.max(0, end - e.getValue());
            }
            lags.add(new ConsumerLag(group, lag, offsets.size()));
        });
        return lags;
    }

    private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
                    admin().listOffsets(latest).all().get(3, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = new HashMap<>();
            infos.forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        } catch (Exception e) {
            // the overview still shows everything else; the lag reads "unknown"
            LOG.debugf("consumer lag unknown: %s", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        }
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    var properties = kafka.properties();
                    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
                    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
                    admin = Admin.create(properties);
                }
                a = admin;
            }
        }
        return a;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
