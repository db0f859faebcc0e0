package io.concordia.clearing.settlement;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.kafka.ConsumerOffsets;
import io.concordia.clearing.common.kafka.DeadLetters;
import io.concordia.clearing.common.kafka.IngestRecord;
import io.concordia.clearing.common.kafka.JsonFields;
import io.concordia.clearing.common.kafka.RecordRejected;
import io.concordia.clearing.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies a poll batch of the custodian's confirmations in one transaction with the partitions' stored offsets, so
 * each record is applied exactly once. A record is
 * {@code {"instructionId": 42, "status": "SETTLED", "reference": "..."}} or
 * {@code {"instructionId": 42, "status": "FAILED", "reason": "..."}}; every record is kept with its outcome: APPLIED,
 * DUPLICATE (the instruction already had that status) or REJECTED with a stable code (malformed, unknown instruction,
 * cycle unfinished, already settled, insufficient collateral). A rejection never holds the partition up, and raises
 * an alert: a {@code CONFIRMATION_REJECTED} event on {@value CycleService#TOPIC} in the same transaction. Operators
 * read every outcome through {@link #list}.
 */
@ApplicationScoped
public class ConfirmationService {

    /** The actor of the feed's decisions in the ledger, on the instruction and in the audit log. */
    static final String CUSTODIAN = "custodian:settlement-confirmations";

    private static final Set<String> FIELDS = Set.of("instructionId", "status", "reason", "reference");
    /** The longest reference or reason a confirmation may carry (the instruction's columns). */
    private static final int MAX_TEXT = 200;

    /** What a batch did. */
    public record BatchResult(int applied, int duplicates, int rejected, int skipped) {}

    /** What happened to a custodian's confirmation. */
    public enum Outcome {
        /** The instruction changed. */
        APPLIED,
        /** The instruction already had that status: nothing changed. */
        DUPLICATE,
        /** Nothing changed, for the reason in {@code code} and {@code detail}. */
        REJECTED
    }

    /**
     * A confirmation as received and what it did: where it came from, the record as sent, the instruction it named
     * (when that exists), the outcome and, for a rejection, its stable code.
     */
    public record ConfirmationView(
            long id,
            String topic,
            int partition,
            long offset,
            String key,
            String payload,
            Long instruction,
            Outcome outcome,
            String code,
            String detail,
            Instant receivedAt) {}

    private record Confirmation(long instructionId, InstructionStatus status, String text) {}

    private static final class Rejected extends Exception {
        final String code;

        Rejected(String code, String detail) {
            super(detail, null, false, false);
            this.code = code;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    SettlementConfig config;

    @Inject
    InstructionService instructions;

    @Inject
    Outbox outbox;

    @Transactional
    public BatchResult apply(List<IngestRecord> records) {
        try (Connection c = dataSource.getConnection()) {
            ConsumerOffsets.Claim claim =
                    ConsumerOffsets.claim(c, config.confirmations().groupId(), records);
            int applied = 0;
            int duplicates = 0;
            int rejected = 0;
            for (IngestRecord r : claim.fresh()) {
                Long instruction = null;
                Outcome outcome;
                String code = null;
                String detail;
                try {
                    Confirmation k = parse(r.value());
                    instruction = k.instructionId();
                    InstructionService.Outcome o =
                            instructions.decide(c, k.instructionId(), k.status(), CUSTODIAN, k.text());
                    outcome = o == InstructionService.Outcome.APPLIED ? Outcome.APPLIED : Outcome.DUPLICATE;
                    detail = o == InstructionService.Outcome.APPLIED
                            ? "instruction " + k.instructionId() + " is " + k.status()
                            : "instruction " + k.instructionId() + " was already " + k.status();
                } catch (Rejected e) {
                    outcome = Outcome.REJECTED;
                    code = e.code;
                    detail = e.code + ": " + e.getMessage();
                } catch (ApiProblem e) {
                    outcome = Outcome.REJECTED;
                    code = e.code() == ProblemCode.NOT_FOUND
                            ? "UNKNOWN_INSTRUCTION"
                            : e.code().name();
                    detail = code + ": " + e.getMessage();
                    if (e.code() == ProblemCode.NOT_FOUND) {
                        instruction = null;
                    }
                }
                switch (outcome) {
                    case APPLIED -> applied++;
                    case DUPLICATE -> duplicates++;
                    case REJECTED -> rejected++;
                }
                long id = record(c, r, instruction, outcome, code, detail);
                if (outcome == Outcome.REJECTED) {
                    ConfirmationView view = find(c, id);
                    outbox.append(c, CycleService.TOPIC, alertKey(c, instruction), "CONFIRMATION_REJECTED", view);
                }
            }
            ConsumerOffsets.commit(c, config.confirmations().groupId(), claim);
            return new BatchResult(applied, duplicates, rejected, claim.skipped());
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private Confirmation parse(byte[] value) throws Rejected {
        try {
            JsonFields f = JsonFields.parse(json, value, FIELDS);
            long id = f.positiveInteger("instructionId");
            InstructionStatus to;
            switch (f.text("status")) {
                case "SETTLED" -> to = InstructionStatus.SETTLED;
                case "FAILED" -> to = InstructionStatus.FAILED;
                default -> throw new Rejected("INVALID_VALUE", "field 'status' must be SETTLED or FAILED");
            }
            boolean settled = to == InstructionStatus.SETTLED;
            if (settled && f.has("reason") || !settled && f.has("reference")) {
                throw new Rejected(
                        "UNKNOWN_FIELD",
                        settled
                                ? "a SETTLED confirmation has a 'reference', not a 'reason'"
                                : "a FAILED confirmation has a 'reason', not a 'reference'");
            }
            return new Confirmation(id, to, f.text(settled ? "reference" : "reason", MAX_TEXT, !settled));
        } catch (RecordRejected e) {
            throw new Rejected(e.reason().name(), e.getMessage());
        }
    }

    /**
     * The confirmations received, newest first; {@code outcome} and {@code instruction} filter when given.
     */
    @Transactional
    public Page<ConfirmationView> list(Outcome outcome, Long instruction, PageRequest page) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (outcome != null) {
            where.add("outcome = ?");
            args.add(outcome.name());
        }
        if (instruction != null) {
            where.add("instruction_id = ?");
            args.add(instruction);
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        try (Connection c = dataSource.getConnection()) {
            List<ConfirmationView> items = new ArrayList<>();
            try (var st = c.prepareStatement(SELECT + filter + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
                int n = 1;
                for (Object a : args) {
                    st.setObject(n++, a);
                }
                st.setInt(n++, page.size());
                st.setLong(n, (long) page.page() * page.size());
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        items.add(view(rs));
                    }
                }
            }
            try (var st = c.prepareStatement("SELECT count(*) FROM settlement_confirmation" + filter)) {
                int n = 1;
                for (Object a : args) {
                    st.setObject(n++, a);
                }
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return new Page<>(items, page.page(), page.size(), rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static final String SELECT = """
            SELECT id, source_topic, source_partition, source_offset, record_key, payload, instruction_id, outcome, code, detail, received_at
              FROM settlement_confirmation""";

    private static ConfirmationView find(Connection c, long id) throws SQLException {
        try (var st = c.prepareStatement(SELECT + " WHERE id = ?")) {
            st.setLong(1, id);
            try (var rs = st.executeQuery()) {
                rs.next();
                return view(rs);
            }
        }
    }

    private static ConfirmationView view(ResultSet rs) throws SQLException {
        return new ConfirmationView(
                rs.getLong(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getString(6),
                rs.getObject(7, Long.class),
                Outcome.valueOf(rs.getString(8)),
                rs.getString(9),
                rs.getString(10),
                rs.getTimestamp(11).toInstant());
    }

    /** A rejection's alert is keyed by the instruction's member, so it follows that member's instruction events. */
    private static String alertKey(Connection c, Long instruction) throws SQLException {
        if (instruction != null) {
            try (var st = c.prepareStatement(
                    "SELECT m.code FROM settlement_instruction i JOIN member m ON m.id = i.member_id WHERE i.id = ?")) {
                st.setLong(1, instruction);
                try (var rs = st.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
        }
        return "unknown-instruction";
    }

    private static long record(
            Connection c, IngestRecord r, Long instruction, Outcome outcome, String code, String detail)
            throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO settlement_confirmation (source_topic, source_partition, source_offset, record_key, payload, instruction_id,
                                                     outcome, code, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            st.setString(1, r.topic());
            st.setInt(2, r.partition());
            st.setLong(3, r.offset());
            st.setString(4, DeadLetters.storable(r.key()));
            st.setString(5, r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
            st.setObject(6, instruction);
            st.setString(7, outcome.name());
            st.setString(8, code);
            st.setString(9, detail.length() > 1000 ? detail.substring(0, 1000) : detail);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
