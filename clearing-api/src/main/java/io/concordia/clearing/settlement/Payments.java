package io.concordia.clearing.settlement;

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
final class Payments {

    /** An account whose collateral does not cover its share: {@code share} < 0, {@code held} < -share. */
    record Shortfall(long accountId, BigDecimal share, BigDecimal held) {
    }

    /** The legs of the payment, and the accounts that cannot pay (none: the payment can be booked). */
    record Plan(List<LedgerBatch.Leg> legs, List<Shortfall> shortfalls) {
        boolean covered() {
            return shortfalls.isEmpty();
        }
    }

    private Payments() {
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
