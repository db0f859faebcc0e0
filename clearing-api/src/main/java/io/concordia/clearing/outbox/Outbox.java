package io.concordia.clearing.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes events to the outbox table in the caller's transaction (docs/architecture.md, "Data flow" 6): an event exists if and
 * only if the decision it reports committed. {@link OutboxRelay} publishes them.
 *
 * <p>The published value is {@code {"eventId", "type", "occurredAt", "data"}}; consumers de-duplicate by
 * {@code eventId}, which is also the record's {@code event-id} header.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /** Appends one event in the current (JTA) transaction. @return the event id */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID append(String topic, String key, String type, Object data) {
        return Jdbc.with(dataSource, c -> append(c, topic, key, type, data));
    }

    /** Appends one event on a connection whose transaction the caller owns. @return the event id */
    public UUID append(Connection c, String topic, String key, String type, Object data) {
        return append(c, List.of(new Event(topic, key, type, data))).get(0);
    }

    /** One event to append: its topic, record key, type and data. */
    public record Event(String topic, String key, String type, Object data) {}

    /** Appends events in one batch on a connection whose transaction the caller owns. @return their ids, in order */
    public List<UUID> append(Connection c, List<Event> events) {
        String occurredAt = clock.instant().toString();
        List<Object[]> rows = new ArrayList<>(events.size());
        List<UUID> ids = new ArrayList<>(events.size());
        for (Event event : events) {
            UUID id = UUID.randomUUID();
            ObjectNode envelope = json.createObjectNode();
            envelope.put("eventId", id.toString());
            envelope.put("type", event.type());
            envelope.put("occurredAt", occurredAt);
            envelope.set("data", json.valueToTree(event.data()));
            rows.add(new Object[] {id, event.topic(), event.key(), event.type(), written(event, envelope)});
            ids.add(id);
        }
        Sql.on(c)
                .batch(
                        "INSERT INTO outbox (event_id, topic, event_key, type, payload) VALUES (?, ?, ?, ?, ?::jsonb)",
                        rows,
                        row -> row);
        return ids;
    }

    private String written(Event event, ObjectNode envelope) {
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.type() + " cannot be written as JSON", e);
        }
    }
}
