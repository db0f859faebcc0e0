package io.concordia.clearing.trade;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.concordia.clearing.common.kafka.DeadLetterReason;
import io.concordia.clearing.common.kafka.JsonFields;
import io.concordia.clearing.common.kafka.KafkaTopics;
import io.concordia.clearing.common.kafka.RecordRejected;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A trade as a venue reports it on {@code trades.<venue>} (schemas/trade.schema.json), checked for everything
 * that needs no reference data. {@code quantity} is in the venue's contracts; {@code price} in USD per unit.
 */
public record TradeMessage(
        String venue,
        String tradeId,
        String symbol,
        BigDecimal price,
        BigDecimal quantity,
        String buyer,
        String seller,
        Instant executedAt) {

    static final Set<String> FIELDS =
            Set.of("venue", "tradeId", "symbol", "price", "quantity", "buyer", "seller", "executedAt");

    /**
     * Reads and checks one record from {@code topic}.
     *
     * @param now the ingestion time, against which {@code maxClockSkew} bounds how far in the future
     *     {@code executedAt} may lie
     */
    public static TradeMessage parse(ObjectMapper json, String topic, byte[] value, Instant now, Duration maxClockSkew)
            throws RecordRejected {
        JsonFields f = JsonFields.parse(json, value, FIELDS);
        TradeMessage m = new TradeMessage(
                f.text("venue"),
                f.text("tradeId"),
                f.text("symbol"),
                f.positiveDecimal("price"),
                f.positiveDecimal("quantity"),
                f.text("buyer"),
                f.text("seller"),
                f.instant("executedAt"));
        if (!topic.equals(KafkaTopics.TRADES_PREFIX + m.venue())) {
            throw new RecordRejected(
                    DeadLetterReason.VENUE_MISMATCH, "venue '" + m.venue() + "' does not match topic '" + topic + "'");
        }
        if (m.buyer().equals(m.seller())) {
            throw new RecordRejected(
                    DeadLetterReason.SAME_ACCOUNT, "buyer and seller are the same account '" + m.buyer() + "'");
        }
        if (m.executedAt().isAfter(now.plus(maxClockSkew))) {
            throw new RecordRejected(
                    DeadLetterReason.FUTURE_EXECUTION_TIME,
                    "executedAt " + m.executedAt() + " is more than " + maxClockSkew + " after the time of receipt "
                            + now);
        }
        return m;
    }

    /** SHA-256 over the canonical fields: equal for the same trade however its JSON was spelled. */
    public byte[] contentHash() {
        String canonical = String.join(
                "|",
                venue,
                tradeId,
                symbol,
                price.toPlainString(),
                quantity.toPlainString(),
                buyer,
                seller,
                executedAt.toString());
        return SHA_256.get().digest(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** Looking the algorithm up costs more than hashing a trade; a digest resets itself after {@code digest}. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    });
}
