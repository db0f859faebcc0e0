package io.concordia.clearing.default_;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.default_.CaseStore.CaseRow;
import io.concordia.clearing.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;

/**
 * What every step of default management does around its own work, written once: it runs on the connection of the
 * service's transaction (a database failure becomes the one internal error, never SQL in a response), takes the case's
 * lock first and refuses a step the case is not at, and records what it did — an audit row and, for a case's steps, an
 * event to {@value DefaultCaseService#TOPIC} keyed by the defaulter — in the same transaction as the step.
 */
@ApplicationScoped
class CaseSteps {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditService audit;

    @Inject
    Outbox outbox;

    /** Runs {@code work} on the connection of the caller's transaction. */
    <T> T onConnection(Jdbc.Work<T> work) {
        return Jdbc.with(dataSource, work);
    }

    /** Locks the case and refuses the step ({@code 409 DEFAULT_CASE_STATE}) unless the case is at one of {@code statuses}. */
    static CaseRow begin(Connection c, long caseId, String step, CaseStatus... statuses) {
        CaseRow row = CaseStore.lock(c, caseId);
        CaseStore.require(row, step, statuses);
        return row;
    }

    /** Audits an action on an object of default management, by the caller. */
    void audit(String action, String objectType, String objectCode, Object before, Object after) {
        audit.record(action, objectType, objectCode, before, after);
    }

    /** Publishes an event of the defaulter's case. */
    void publish(Connection c, String defaulter, String event, Object payload) {
        outbox.append(c, DefaultCaseService.TOPIC, defaulter, event, payload);
    }

    /** A case step's record: the audit row on the case and the event, both in the step's transaction. */
    void record(Connection c, CaseRow row, String action, Object before, Object after, String event, Object payload) {
        audit.record(action, "default-case", Long.toString(row.id()), before, after);
        publish(c, row.member(), event, payload);
    }
}
