package io.concordia.clearing.settlement;

import io.concordia.clearing.common.Sql;
import java.sql.Connection;

/**
 * The lock that orders a cycle's posting against the default-management steps that move an account's settlement state
 * (porting moves settlement positions and balances from one account to another). Without it, a cycle reading the
 * positions while a port commits could settle the old account and roll a position row back onto it. Held to the end
 * of the transaction; cycles are rare and ports rarer, so the two never wait for long.
 */
public final class SettlementLock {

    /** An arbitrary constant shared by every holder: "concordia settlement state". */
    private static final long KEY = 0x5e771e_5747eL;

    private SettlementLock() {}

    /** Takes the lock for the rest of the caller's transaction, waiting for a holder to finish. */
    public static void hold(Connection c) {
        // the function returns void: selecting from it yields the one row that says the lock is held
        Sql.on(c).one("SELECT true AS held FROM pg_advisory_xact_lock(?)", row -> row.bool("held"), KEY);
    }
}
