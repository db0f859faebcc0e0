package io.concordia.clearing.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the audit trail. {@link #record} joins the caller's transaction (it refuses to run without one), so
 * an action and its audit row commit or roll back together.
 */
@ApplicationScoped
public class AuditService {

    @Inject
    Clock clock;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Caller caller;

    @Inject
    ObjectMapper json;

    /** Records an operator action on an object; {@code before}/{@code after} are DTOs (null when absent). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String objectType, String objectCode, Object before, Object after) {
        recordAs(caller.actor(), action, objectType, objectCode, before, after);
    }

    /**
     * Records an action taken outside an HTTP request (a scheduled run, a custodian's confirmation on Kafka), where
     * there is no token to name the actor.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAs(
            String actor, String action, String objectType, String objectCode, Object before, Object after) {
        Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .update(
                                """
                        INSERT INTO audit_log (at, actor, action, object_type, object_code, before, after)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""",
                                clock.instant(),
                                actor,
                                action,
                                objectType,
                                objectCode,
                                toJson(before),
                                toJson(after)));
    }

    /** The audit rows of one object type (and code within it), or all, newest first. */
    @Transactional
    public Page<AuditRecord> list(String objectType, String objectCode, PageRequest request) {
        return search(objectType, objectCode, null, null, null, request);
    }

    /**
     * The audit log filtered by any of object (type, and code within it), person and time ({@code from} inclusive,
     * {@code to} exclusive), newest first.
     */
    @Transactional
    public Page<AuditRecord> search(
            String objectType, String objectCode, String actor, Instant from, Instant to, PageRequest request) {
        String where = """
                 WHERE (?::text IS NULL OR object_type = ?) AND (?::text IS NULL OR object_code = ?)
                   AND (?::text IS NULL OR actor = ?)
                   AND (?::timestamptz IS NULL OR at >= ?) AND (?::timestamptz IS NULL OR at < ?)""";
        Object[] filters = {
            objectType, objectType, objectCode, objectCode, actor, actor, from, from, to, to,
        };
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            Object[] paged = Arrays.copyOf(filters, filters.length + 2);
            paged[filters.length] = request.size();
            paged[filters.length + 1] = (long) request.page() * request.size();
            List<AuditRecord> items = sql.list(
                    "SELECT id, at, actor, action, object_type, object_code, before::text AS before, after::text AS after "
                            + "FROM audit_log " + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                    AuditService::record,
                    paged);
            long total = sql.one("SELECT count(*) AS n FROM audit_log " + where, row -> row.longValue("n"), filters);
            return new Page<>(items, request.page(), request.size(), total);
        });
    }

    private static AuditRecord record(Row row) throws SQLException {
        return new AuditRecord(
                row.longValue("id"),
                row.instant("at"),
                row.string("actor"),
                row.string("action"),
                row.string("object_type"),
                row.string("object_code"),
                row.string("before"),
                row.string("after"));
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "audit payload cannot be written as JSON: "
                            + value.getClass().getSimpleName(),
                    e);
        }
    }
}
