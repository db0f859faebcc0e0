package io.concordia.clearing.account;

import io.concordia.clearing.common.Sql;
import java.sql.Connection;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Row locks on accounts, held to the end of the transaction by everything that changes or decides on an account's
 * positions, collateral or margin: trade batches, re-margining, withdrawal checks. Always taken in ascending id
 * order, so that any two holders of several never deadlock.
 */
public final class AccountLocks {

    private AccountLocks() {}

    /** Locks the accounts that exist among {@code ids}. */
    public static void lock(Connection c, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Sql.on(c)
                .list(
                        "SELECT id FROM account WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE",
                        row -> row.longValue("id"),
                        Sql.longs(new TreeSet<>(ids)));
    }

    /** Locks those of the accounts no other transaction holds, without waiting for the others. @return the ones locked */
    public static Set<Long> lockAvailable(Connection c, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return new TreeSet<>();
        }
        return new TreeSet<>(Sql.on(c)
                .list(
                        "SELECT id FROM account WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE SKIP LOCKED",
                        row -> row.longValue("id"),
                        Sql.longs(new TreeSet<>(ids))));
    }
}
