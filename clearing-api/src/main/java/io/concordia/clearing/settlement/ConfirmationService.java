package io.concordia.clearing.settlement;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
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
        return Jdbc.with(dataSource, c -> {
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
        });
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
            args.add(outcome);
        }
        if (instruction != null) {
            where.add("instruction_id = ?");
            args.add(instruction);
        }
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(page.size());
        pageArgs.add((long) page.page() * page.size());
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            List<ConfirmationView> items = sql.list(
                    SELECT + filter + " ORDER BY id DESC LIMIT ? OFFSET ?",
                    ConfirmationService::view,
                    pageArgs.toArray());
            long total = sql.one(
                    "SELECT count(*) AS n FROM settlement_confirmation" + filter,
                    row -> row.longValue("n"),
                    args.toArray());
            return new Page<>(items, page.page(), page.size(), total);
        });
    }

    private static final String SELECT = """
            SELECT id, source_topic, source_partition, source_offset, record_key, payload, instruction_id, outcome, code, detail, received_at
              FROM settlement_confirmation""";

    private static ConfirmationView find(Connection c, long id) {
        return Sql.on(c).one(SELECT + " WHERE id = ?", ConfirmationService::view, id);
    }

    private static ConfirmationView view(Row row) throws SQLException {
        return new ConfirmationView(
                row.longValue("id"),
                row.string("source_topic"),
                row.intValue("source_partition"),
                row.longValue("source_offset"),
                row.string("record_key"),
                row.string("payload"),
                row.nullableLong("instruction_id"),
                row.enumValue("outcome", Outcome.class),
                row.string("code"),
                row.string("detail"),
                row.instant("received_at"));
    }

    /** A rejection's alert is keyed by the instruction's member, so it follows that member's instruction events. */
    private static String alertKey(Connection c, Long instruction) {
        if (instruction == null) {
            return "unknown-instruction";
        }
        return Sql.on(c)
                .first(
                        "SELECT m.code FROM settlement_instruction i JOIN member m ON m.id = i.member_id WHERE i.id = ?",
                        row -> row.string("code"),
                        instruction)
                .orElse("unknown-instruction");
    }

    private static long record(
            Connection c, IngestRecord r, Long instruction, Outcome outcome, String code, String detail) {
        return Sql.on(c)
                .one(
                        """
                INSERT INTO settlement_confirmation (source_topic, source_partition, source_offset, record_key, payload, instruction_id,
                                                     outcome, code, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                        row -> row.longValue("id"),
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        DeadLetters.storable(r.key()),
                        r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8),
                        instruction,
                        outcome,
                        code,
                        detail.length() > 1000 ? detail.substring(0, 1000) : detail);
    }
}
