package io.concordia.clearing.settlement;

import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.settlement.SettlementDtos.Instruction;
import io.concordia.settlement.calc.Direction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reading instructions as their view: amounts at the currency's scale. */
final class Instructions {

    static final String SELECT = """
            SELECT i.id, s.code AS cycle, m.code AS member, a.code AS asset, a.scale, i.direction, i.amount, i.status,
                   i.created_at, i.decided_by, i.decided_at, i.reason, i.external_reference
              FROM settlement_instruction i JOIN settlement_cycle s ON s.id = i.cycle_id JOIN member m ON m.id = i.member_id
              JOIN asset a ON a.id = i.asset_id""";

    private Instructions() {}

    static List<Instruction> ofCycle(Connection c, long cycleId) {
        return Sql.on(c).list(SELECT + " WHERE i.cycle_id = ? ORDER BY i.id", Instructions::instruction, cycleId);
    }

    static Instruction one(Connection c, long id) {
        return Sql.on(c)
                .first(SELECT + " WHERE i.id = ?", Instructions::instruction, id)
                .orElse(null);
    }

    /** A row of {@link #SELECT}. */
    static Instruction instruction(Row row) throws SQLException {
        return new Instruction(
                row.longValue("id"),
                row.string("cycle"),
                row.string("member"),
                row.string("asset"),
                row.enumValue("direction", Direction.class),
                row.decimal("amount").setScale(row.intValue("scale")),
                row.enumValue("status", InstructionStatus.class),
                row.instant("created_at"),
                row.string("decided_by"),
                row.instant("decided_at"),
                row.string("reason"),
                row.string("external_reference"));
    }
}
