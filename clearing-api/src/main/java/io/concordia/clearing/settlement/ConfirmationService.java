package io.concordia.clearing.settlement;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.ingest.ConsumerOffsets;
import io.concordia.clearing.ingest.IngestFailure;
import io.concordia.clearing.ingest.IngestRecord;
import io.concordia.clearing.ingest.DeadLetters;
import io.concordia.clearing.ingest.JsonFields;
import io.concordia.clearing.ingest.RecordRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Applies a poll batch of the custodian's confirmations in one transaction with the partitions' stored offsets, so
 * each record is applied exactly once. A record is
 * {@code {"instructionId": 42, "status": "SETTLED", "reference": "..."}} or
 * {@code {"instructionId": 42, "status": "FAILED", "reason": "..."}}; every record is kept with its outcome: APPLIED,
 * DUPLICATE (the instruction already had that status) or REJECTED with a stable code (malformed, unknown instruction,
 * cycle unfinished, already settled, insufficient collateral). A rejection never holds the partition up.
 */
@ApplicationScoped
public class ConfirmationService {

    /** The actor of the feed's decisions in the ledger, on the instruction and in the audit log. */
    static final String CUSTODIAN = "custodian:settlement-confirmations";
    private static final Set<String> FIELDS = Set.of("instructionId", "status", "reason", "reference");
    /** The longest reference or reason a confirmation may carry (the instruction's columns). */
    private static final int MAX_TEXT = 200;

    /** What a batch did. */
    public record BatchResult(int applied, int duplicates, int rejected, int skipped) {
    }

    private record Confirmation(long instructionId, InstructionStatus status, String text) {
    }

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

    @Transactional
    public BatchResult apply(List<IngestRecord> records) {
        try (Connection c = dataSource.getConnection()) {
            ConsumerOffsets.Claim claim = ConsumerOffsets.claim(c, config.confirmations().groupId(), records);
            int applied = 0;
            int duplicates = 0;
            int rejected = 0;
            for (IngestRecord r : claim.fresh()) {
                Long instruction = null;
                String outcome;
                String detail;
                try {
                    Confirmation k = parse(r.value());
                    instruction = k.instructionId();
                    InstructionService.Outcome o = instructions.decide(c, k.instructionId(), k.status(), CUSTODIAN, k.text());
                    outcome = o.name();
                    detail = o == InstructionService.Outcome.APPLIED ? "instruction " + k.instructionId() + " is " + k.status()
                            : "instruction " + k.instructionId() + " was already " + k.status();
                } catch (Rejected e) {
                    outcome = "REJECTED";
                    detail = e.code + ": " + e.getMessage();
                } catch (ApiProblem e) {
                    outcome = "REJECTED";
                    detail = e.code() + ": " + e.getMessage();
                    if (e.status() == 404) {
                        instruction = null;
                    }
                }
                switch (outcome) {
                    case "APPLIED" -> applied++;
                    case "DUPLICATE" -> duplicates++;
                    default -> rejected++;
                }
                record(c, r, instruction, outcome, detail);
            }
            ConsumerOffsets.commit(c, config.confirmations().groupId(), claim);
            return new BatchResult(applied, duplicates, rejected, claim.skipped());
        } catch (SQLException e) {
            throw new IngestFailure(e);
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
                throw new Rejected("UNKNOWN_FIELD", settled ? "a SETTLED confirmation has a 'reference', not a 'reason'"
                        : "a FAILED confirmation has a 'reason', not a 'reference'");
            }
            return new Confirmation(id, to, f.text(settled ? "reference" : "reason", MAX_TEXT, !settled));
        } catch (RecordRejected e) {
            throw new Rejected(e.reason().name(), e.getMessage());
        }
    }

    private static void record(Connection c, IngestRecord r, Long instruction, String outcome, String detail) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO settlement_confirmation (source_topic, source_partition, source_offset, record_key, payload, instruction_id,
                                                     outcome, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            st.setString(1, r.topic());
            st.setInt(2, r.partition());
            st.setLong(3, r.offset());
            st.setString(4, DeadLetters.storable(r.key()));
            st.setString(5, r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
            st.setObject(6, instruction);
            st.setString(7, outcome);
            st.setString(8, detail.length() > 1000 ? detail.substring(0, 1000) : detail);
            st.executeUpdate();
        }
    }
}
