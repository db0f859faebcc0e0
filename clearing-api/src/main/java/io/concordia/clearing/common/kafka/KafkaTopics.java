package io.concordia.clearing.common.kafka;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * The topics' names, and their creation before the first send: an idempotent producer's first records into a topic
 * that is still being auto-created can be refused and then expire (KAFKA-14359), which would lose them.
 */
public final class KafkaTopics {

    /** A venue publishes its executed trades on {@code trades.<venue>}. */
    public static final String TRADES_PREFIX = "trades.";
    /** A venue publishes its prices on {@code prices.<venue>}. */
    public static final String PRICES_PREFIX = "prices.";
    /** Every venue's trade topic, never the dead-letter topic {@code trades.dlq} itself. */
    public static final Pattern VENUE_TRADE_TOPICS = Pattern.compile("trades\\.(?!dlq$)[a-z0-9][a-z0-9-]*");
    /** Every venue's price topic. */
    public static final Pattern VENUE_PRICE_TOPICS = Pattern.compile("prices\\.[a-z0-9][a-z0-9-]*");

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    private KafkaTopics() {}

    /** Creates each topic that does not exist yet, with the broker's default partitions and replication. */
    public static void ensure(Properties connection, List<String> topics) {
        try (Admin admin = Admin.create(connection)) {
            var result = admin.createTopics(topics.stream()
                    .map(t -> new NewTopic(t, Optional.empty(), Optional.empty()))
                    .toList());
            for (String topic : topics) {
                try {
                    result.values().get(topic).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("cannot create %s: %s", topic, e.getCause().getMessage());
                    }
                } catch (TimeoutException e) {
                    LOG.warnf("cannot create %s: %s", topic, e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
