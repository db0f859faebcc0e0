package io.concordia.clearing.mark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.concordia.clearing.common.kafka.DeadLetterReason;
import io.concordia.clearing.common.kafka.JsonFields;
import io.concordia.clearing.common.kafka.KafkaTopics;
import io.concordia.clearing.common.kafka.RecordRejected;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A venue's mark price on {@code prices.<venue>} (schemas/price.schema.json). {@code price}: USD per unit;
 * {@code iv}: an option's implied volatility at that price, annualised (0.55 is 55%), {@code null} for a linear product.
 */
public record PriceMessage(String venue, String symbol, BigDecimal price, BigDecimal iv, Instant at) {

    static final Set<String> FIELDS = Set.of("venue", "symbol", "price", "iv", "at");

    public static PriceMessage parse(ObjectMapper json, String topic, byte[] value, Instant now, Duration maxClockSkew)
            throws RecordRejected {
        JsonFields f = JsonFields.parse(json, value, FIELDS);
        PriceMessage m = new PriceMessage(
                f.text("venue"),
                f.text("symbol"),
                f.positiveDecimal("price"),
                f.has("iv") ? f.positiveDecimal("iv") : null,
                f.instant("at"));
        if (!topic.equals(KafkaTopics.PRICES_PREFIX + m.venue())) {
            throw new RecordRejected(
                    DeadLetterReason.VENUE_MISMATCH, "venue '" + m.venue() + "' does not match topic '" + topic + "'");
        }
        if (m.at().isAfter(now.plus(maxClockSkew))) {
            throw new RecordRejected(
                    DeadLetterReason.FUTURE_EXECUTION_TIME, "price time " + m.at() + " lies in the future");
        }
        return m;
    }
}
