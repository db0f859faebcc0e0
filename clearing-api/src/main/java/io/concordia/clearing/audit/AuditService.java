package io.concordia.clearing.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Writes the audit trail. {@link #record} joins the caller's transaction (it refuses to run without one), so
 * an action and its audit row commit or roll back together.
 */
@ApplicationScoped
public class AuditService {

    @Inject
    Clock clock;

    @Inject
    AuditRepository audits;

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
        AuditEntity row = new AuditEntity();
        row.at = clock.instant();
        row.actor = actor;
        row.action = action;
        row.objectType = objectType;
        row.objectCode = objectCode;
        row.before = toJson(before);
        row.after = toJson(after);
        audits.persist(row);
    }

    @Transactional
    public Page<AuditRecord> list(String objectType, String objectCode, PageRequest request) {
        var query = objectType == null
                ? audits.findAll(Sort.descending("id"))
                : objectCode == null
                        ? audits.find("objectType", Sort.descending("id"), objectType)
                        : audits.find(
                                "objectType = ?1 and objectCode = ?2", Sort.descending("id"), objectType, objectCode);
        var items = query.page(request.page(), request.size()).list().stream()
                .map(AuditRecord::of)
                .toList();
        return new Page<>(items, request.page(), request.size(), query.count());
    }

    /**
     * The audit log filtered by any of object (type, and code within it), person and time ({@code from} inclusive,
     * {@code to} exclusive), newest first.
     */
    @Transactional
    public Page<AuditRecord> search(
            String objectType,
            String objectCode,
            String actor,
            java.time.Instant from,
            java.time.Instant to,
            PageRequest request) {
        java.util.List<String> where = new java.util.ArrayList<>();
        io.quarkus.panache.common.Parameters parameters = new io.quarkus.panache.common.Parameters();
        if (objectType != null) {
            where.add("objectType = :objectType");
            parameters.and("objectType", objectType);
        }
        if (objectCode != null) {
            where.add("objectCode = :objectCode");
            parameters.and("objectCode", objectCode);
        }
        if (actor != null) {
            where.add("actor = :actor");
            parameters.and("actor", actor);
        }
        if (from != null) {
            where.add("at >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            where.add("at < :to");
            parameters.and("to", to);
        }
        var query = where.isEmpty()
                ? audits.findAll(Sort.descending("id"))
                : audits.find(String.join(" and ", where), Sort.descending("id"), parameters);
        var items = query.page(request.page(), request.size()).list().stream()
                .map(AuditRecord::of)
                .toList();
        return new Page<>(items, request.page(), request.size(), query.count());
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
