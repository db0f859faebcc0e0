package io.concordia.clearing.settlement;

import io.concordia.clearing.common.ApiProblem;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A settlement cycle's row as a step sees it once it holds the row's lock.
 *
 * @param asset the cycle's settlement asset
 * @param feeRate the fee rate frozen with the cycle
 */
record CycleHead(long id, String code, CycleStatus status, Asset asset, BigDecimal feeRate) {

    /** The settlement asset: its id, code and scale (decimal places). */
    record Asset(long id, String code, int scale) {}

    /**
     * Locks the cycle's row ({@code FOR UPDATE}): the steps of one cycle run one at a time, so a step that finds the
     * cycle past its own point does nothing.
     */
    static CycleHead lock(Connection c, long cycleId) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT s.id, s.code, s.status, a.id, a.code, a.scale, s.fee_rate FROM settlement_cycle s JOIN asset a ON a.id = s.asset_id
                 WHERE s.id = ? FOR UPDATE OF s""")) {
            st.setLong(1, cycleId);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("settlement cycle", Long.toString(cycleId));
                }
                return new CycleHead(
                        rs.getLong(1),
                        rs.getString(2),
                        CycleStatus.valueOf(rs.getString(3)),
                        new Asset(rs.getLong(4), rs.getString(5), rs.getInt(6)),
                        rs.getBigDecimal(7));
            }
        }
    }
}
