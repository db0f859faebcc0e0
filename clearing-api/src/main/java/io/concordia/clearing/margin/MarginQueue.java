package io.concordia.clearing.margin;

import io.concordia.clearing.ingest.SqlArrays;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The accounts waiting to be re-margined. Trades, mark changes, collateral movements and activations add to it in
 * their own transactions; {@link MarginWorker} drains it.
 */
@ApplicationScoped
public class MarginQueue {

    /** Queues the accounts in the caller's transaction. */
    public static void enqueue(Connection c, Collection<Long> accounts) throws SQLException {
        if (accounts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO margin_queue (account_id) SELECT unnest(?::bigint[]) ON CONFLICT DO NOTHING")) {
            ps.setArray(1, SqlArrays.longs(c, accounts));
            ps.executeUpdate();
        }
    }

    /** Queues the member accounts owning any of these ledger accounts: their collateral or settlement balance moved. */
    public static void enqueueOwnersOf(Connection c, Collection<Long> ledgerAccounts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO margin_queue (account_id) SELECT DISTINCT account_id "
                + "FROM ledger_account WHERE id = ANY (?) AND account_id IS NOT NULL ON CONFLICT DO NOTHING")) {
            ps.setArray(1, SqlArrays.longs(c, ledgerAccounts));
            ps.executeUpdate();
        }
    }

    /** Queues the accounts holding any of these products: their marks moved. */
    public static void enqueueHoldersOf(Connection c, Collection<Long> products) throws SQLException {
        if (products.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO margin_queue (account_id) SELECT DISTINCT account_id "
                + "FROM position WHERE product_id = ANY (?) AND quantity <> 0 ON CONFLICT DO NOTHING")) {
            ps.setArray(1, SqlArrays.longs(c, products));
            ps.executeUpdate();
        }
    }

    /** Queues every account: a new schedule or scenario set changes everyone's requirement. */
    public static void enqueueAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO margin_queue (account_id) SELECT id FROM account WHERE status <> 'CLOSED' ON CONFLICT DO NOTHING")) {
            ps.executeUpdate();
        }
    }
}
