package io.concordia.clearing.settlement;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Sql;
import java.math.BigDecimal;
import java.sql.Connection;

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
    static CycleHead lock(Connection c, long cycleId) {
        return Sql.on(c)
                .first(
                        """
                SELECT s.id, s.code, s.status, a.id AS asset_id, a.code AS asset_code, a.scale, s.fee_rate
                  FROM settlement_cycle s JOIN asset a ON a.id = s.asset_id
                 WHERE s.id = ? FOR UPDATE OF s""",
                        row -> new CycleHead(
                                row.longValue("id"),
                                row.string("code"),
                                row.enumValue("status", CycleStatus.class),
                                new Asset(row.longValue("asset_id"), row.string("asset_code"), row.intValue("scale")),
                                row.decimal("fee_rate")),
                        cycleId)
                .orElseThrow(() -> ApiProblem.notFound("settlement cycle", Long.toString(cycleId)));
    }
}
