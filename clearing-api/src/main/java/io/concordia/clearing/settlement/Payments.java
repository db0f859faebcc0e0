package io.concordia.clearing.settlement;

import io.concordia.clearing.common.Sql;
import io.concordia.clearing.ledger.EntryKind;
import io.concordia.clearing.ledger.LedgerBatch;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a settled payment moves each account's share between its settlement balance and its collateral: the share
 * leaves the settlement balance and enters the collateral (a negative share leaves the collateral). A paying account
 * must hold the collateral; the database's CHECK would refuse an overdraft, this says which account and by how much.
 */
public final class Payments {

    /** An account whose collateral does not cover its share: {@code share} < 0, {@code held} < -share. */
    record Shortfall(long accountId, BigDecimal share, BigDecimal held) {}

    /** The legs of the payment, and the accounts that cannot pay (none: the payment can be booked). */
    record Plan(List<LedgerBatch.Leg> legs, List<Shortfall> shortfalls) {
        boolean covered() {
            return shortfalls.isEmpty();
        }
    }

    private Payments() {}

    /**
     * Pays an account's whole settlement balance, in every asset it has one, into (or out of) its own collateral, when
     * the collateral covers what the account owes: one SETTLEMENT_PAYMENT entry per asset. An asset the collateral does
     * not cover stays in the settlement balance, which counts in equity; the margin process calls for what is missing.
     * Used where a balance has no instruction of its own to settle it (a ported account's, whose instruction stays the
     * defaulter's).
     *
     * @return the assets paid, ascending by id
     */
    public static List<Long> payBalance(Connection c, long accountId, String reference, String actor)
            throws SQLException {
        Map<Long, BigDecimal> byAsset = new TreeMap<>();
        Sql.on(c).list("""
                SELECT b.asset_id, b.balance FROM ledger_balance b JOIN ledger_account l ON l.id = b.ledger_account_id
                 WHERE l.account_id = ? AND l.kind = 'MEMBER_SETTLEMENT' AND b.balance <> 0 ORDER BY b.asset_id FOR UPDATE OF b""", row -> byAsset.put(row.longValue("asset_id"), row.decimal("balance")), accountId);
        List<Long> paid = new ArrayList<>();
        for (Map.Entry<Long, BigDecimal> e : byAsset.entrySet()) {
            Plan plan = plan(c, Map.of(accountId, e.getValue()), e.getKey());
            if (plan.covered()) {
                LedgerBatch.post(
                        c, EntryKind.SETTLEMENT_PAYMENT, actor, List.of(new LedgerBatch.Draft(reference, plan.legs())));
                paid.add(e.getKey());
            }
        }
        return paid;
    }

    /**
     * Plans the payment of these shares (account id to signed share, {@code +} received by the account), locking the
     * paying accounts' collateral balances to the end of the transaction.
     */
    static Plan plan(Connection c, Map<Long, BigDecimal> shares, long assetId) throws SQLException {
        Map<Long, BigDecimal> nonZero = new TreeMap<>();
        shares.forEach((a, x) -> {
            if (x.signum() != 0) {
                nonZero.put(a, x);
            }
        });
        Map<Long, Long> settlement = LedgerBatch.settlementAccounts(c, nonZero.keySet());
        Map<Long, Long> collateral = LedgerBatch.collateralAccounts(c, nonZero.keySet());
        List<Long> payers = new ArrayList<>();
        nonZero.forEach((a, x) -> {
            if (x.signum() < 0) {
                payers.add(collateral.get(a));
            }
        });
        Map<Long, BigDecimal> held = LedgerBatch.lockedBalances(c, payers, assetId);
        List<LedgerBatch.Leg> legs = new ArrayList<>();
        List<Shortfall> shortfalls = new ArrayList<>();
        nonZero.forEach((account, share) -> {
            if (share.signum() < 0 && held.get(collateral.get(account)).compareTo(share.negate()) < 0) {
                shortfalls.add(new Shortfall(account, share, held.get(collateral.get(account))));
            }
            legs.add(new LedgerBatch.Leg(settlement.get(account), assetId, share.negate()));
            legs.add(new LedgerBatch.Leg(collateral.get(account), assetId, share));
        });
        return new Plan(legs, shortfalls);
    }
}
