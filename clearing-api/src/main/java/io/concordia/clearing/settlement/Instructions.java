package io.concordia.clearing.settlement;

import io.concordia.clearing.settlement.SettlementDtos.Instruction;
import io.concordia.settlement.calc.Direction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Reading instructions as their view: amounts at the currency's scale. */
final class Instructions {

    static final String SELECT = """
            SELECT i.id, s.code, m.code, a.code, a.scale, i.direction, i.amount, i.status, i.created_at, i.decided_by, i.decided_at,
                   i.reason, i.external_reference
              FROM settlement_instruction i JOIN settlement_cycle s ON s.id = i.cycle_id JOIN member m ON m.id = i.member_id
              JOIN asset a ON a.id = i.asset_id""";

    private Instructions() {}

    static List<Instruction> ofCycle(Connection c, long cycleId) throws SQLException {
        try (var st = c.prepareStatement(SELECT + " WHERE i.cycle_id = ? ORDER BY i.id")) {
            st.setLong(1, cycleId);
            return list(st.executeQuery());
        }
    }

    static Instruction one(Connection c, long id) throws SQLException {
        try (var st = c.prepareStatement(SELECT + " WHERE i.id = ?")) {
            st.setLong(1, id);
            List<Instruction> found = list(st.executeQuery());
            return found.isEmpty() ? null : found.get(0);
        }
    }

    static List<Instruction> list(ResultSet rs) throws SQLException {
        List<Instruction> items = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                items.add(new Instruction(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Direction.valueOf(rs.getString(6)),
                        rs.getBigDecimal(7).setScale(rs.getInt(5)),
                        InstructionStatus.valueOf(rs.getString(8)),
                        rs.getTimestamp(9).toInstant(),
                        rs.getString(10),
                        instant(rs.getTimestamp(11)),
                        rs.getString(12),
                        rs.getString(13)));
            }
        }
        return items;
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
