package io.concordia.clearing.account;

import io.concordia.clearing.common.SqlArrays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    public static void lock(Connection c, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement st =
                c.prepareStatement("SELECT id FROM account WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE")) {
            st.setArray(1, SqlArrays.longs(c, new TreeSet<>(ids)));
            st.executeQuery().close();
        }
    }

    /** Locks those of the accounts no other transaction holds, without waiting for the others. @return the ones locked */
    public static Set<Long> lockAvailable(Connection c, Collection<Long> ids) throws SQLException {
        Set<Long> locked = new TreeSet<>();
        if (ids.isEmpty()) {
            return locked;
        }
        try (PreparedStatement st = c.prepareStatement(
                "SELECT id FROM account WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE SKIP LOCKED")) {
            st.setArray(1, SqlArrays.longs(c, new TreeSet<>(ids)));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    locked.add(rs.getLong(1));
                }
            }
        }
        return locked;
    }
}
