package io.concordia.clearing.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.DatabaseFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
        try (Connection c = dataSource.getConnection()) {
            return append(c, topic, key, type, data);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Appends one event on a connection whose transaction the caller owns. @return the event id */
    public UUID append(Connection c, String topic, String key, String type, Object data) throws SQLException {
        return append(c, List.of(new Event(topic, key, type, data))).get(0);
    }

    /** One event to append: its topic, record key, type and data. */
    public record Event(String topic, String key, String type, Object data) {}

    /** Appends events in one batch on a connection whose transaction the caller owns. @return their ids, in order */
    public List<UUID> append(Connection c, List<Event> events) throws SQLException {
        List<UUID> ids = new ArrayList<>(events.size());
        String occurredAt = clock.instant().toString();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (event_id, topic, event_key, type, payload) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            for (Event event : events) {
                UUID id = UUID.randomUUID();
                ObjectNode envelope = json.createObjectNode();
                envelope.put("eventId", id.toString());
                envelope.put("type", event.type());
                envelope.put("occurredAt", occurredAt);
                envelope.set("data", json.valueToTree(event.data()));
                ps.setObject(1, id);
                ps.setString(2, event.topic());
                ps.setString(3, event.key());
                ps.setString(4, event.type());
                try {
                    ps.setString(5, json.writeValueAsString(envelope));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("event " + event.type() + " cannot be written as JSON", e);
                }
                ps.addBatch();
                ids.add(id);
            }
            if (!events.isEmpty()) {
                ps.executeBatch();
            }
        }
        return ids;
    }
}
