package io.concordia.clearing.margin;

import io.concordia.clearing.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The accounts waiting to be re-margined. Trades, mark changes, collateral movements and activations add to it in
 * their own transactions; {@link MarginWorker} drains it. An account is queued once; queuing it again gives its entry
 * a new version (and keeps its place), which tells a worker computing it meanwhile that its result is already out of
 * date. Entries are written in account order, so that two writers never wait for each other's entries in a cycle.
 */
@ApplicationScoped
public class MarginQueue {

    /** The longest an account that keeps failing waits between two attempts. */
    static final Duration MAX_SET_ASIDE = Duration.ofMinutes(5);

    private static final String NEW_VERSION =
            " ON CONFLICT (account_id) DO UPDATE SET version = nextval('margin_queue_version')";

    /** Queues the accounts in the caller's transaction. */
    public static void enqueue(Connection c, Collection<Long> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        Sql.on(c)
                .update(
                        "INSERT INTO margin_queue (account_id) SELECT DISTINCT unnest(?::bigint[]) ORDER BY 1"
                                + NEW_VERSION,
                        Sql.longs(accounts));
    }

    /** Queues the member accounts owning any of these ledger accounts: their collateral or settlement balance moved. */
    public static void enqueueOwnersOf(Connection c, Collection<Long> ledgerAccounts) {
        Sql.on(c)
                .update(
                        "INSERT INTO margin_queue (account_id) SELECT DISTINCT account_id "
                                + "FROM ledger_account WHERE id = ANY (?) AND account_id IS NOT NULL ORDER BY 1"
                                + NEW_VERSION,
                        Sql.longs(ledgerAccounts));
    }

    /** Queues the accounts holding any of these products: their marks moved. */
    public static void enqueueHoldersOf(Connection c, Collection<Long> products) {
        if (products.isEmpty()) {
            return;
        }
        Sql.on(c)
                .update(
                        "INSERT INTO margin_queue (account_id) SELECT DISTINCT account_id "
                                + "FROM position WHERE product_id = ANY (?) AND quantity <> 0 ORDER BY 1"
                                + NEW_VERSION,
                        Sql.longs(products));
    }

    private record Entry(long account, long version) {}

    /**
     * The oldest entries of this worker's share ({@code account_id % shares = share}), leaving out those set aside
     * until later: account and version.
     */
    static Map<Long, Long> oldest(Connection c, int limit, int share, int shares, Instant now) {
        Map<Long, Long> versions = new LinkedHashMap<>();
        for (Entry entry : Sql.on(c)
                .list(
                        "SELECT account_id, version FROM margin_queue WHERE account_id % ? = ? "
                                + "AND (retry_at IS NULL OR retry_at <= ?) ORDER BY since LIMIT ?",
                        row -> new Entry(row.longValue("account_id"), row.longValue("version")),
                        shares,
                        share,
                        now,
                        limit)) {
            versions.put(entry.account(), entry.version());
        }
        return versions;
    }

    /** An entry set aside after a failure: the account, its failures in a row, the last one and when it is tried again. */
    record SetAside(String accountCode, int attempts, String error, Instant retryAt) {}

    /**
     * Sets a failing account's entry aside: it stays queued, but is tried again only after a pause that doubles with
     * each failure in a row (from 1 s up to {@link #MAX_SET_ASIDE}), so the accounts queued after it go first.
     *
     * @return the entry as set aside, or null when it left the queue meanwhile
     */
    static SetAside setAside(Connection c, long account, String error, Instant now) {
        String reason = error.length() > 1000 ? error.substring(0, 1000) : error;
        return Sql.on(c)
                .first(
                        """
                UPDATE margin_queue q SET attempts = q.attempts + 1, last_error = ?,
                       retry_at = ?::timestamptz + least(power(2, q.attempts) * interval '1 second', ? * interval '1 second')
                  FROM account a WHERE a.id = q.account_id AND q.account_id = ?
                RETURNING a.code, q.attempts, q.retry_at""",
                        row -> new SetAside(
                                row.string("code"), row.intValue("attempts"), reason, row.instant("retry_at")),
                        reason,
                        now,
                        MAX_SET_ASIDE.toSeconds(),
                        account)
                .orElse(null);
    }

    /**
     * Removes the entries still at the versions read, skipping any another transaction is re-queuing right now, and
     * holds them until the caller commits. @return the accounts removed: none of them changed since its version was read
     */
    static Set<Long> removeUnchanged(Connection c, Map<Long, Long> versions) {
        if (versions.isEmpty()) {
            return new HashSet<>();
        }
        List<Long> removed = Sql.on(c)
                .list(
                        """
                WITH unchanged AS (
                    SELECT q.account_id FROM margin_queue q JOIN unnest(?::bigint[], ?::bigint[]) AS r(account_id, version)
                        ON r.account_id = q.account_id AND r.version = q.version
                     ORDER BY q.account_id FOR UPDATE OF q SKIP LOCKED)
                DELETE FROM margin_queue q USING unchanged u WHERE q.account_id = u.account_id RETURNING q.account_id""",
                        row -> row.longValue("account_id"),
                        Sql.longs(versions.keySet()),
                        Sql.longs(versions.values()));
        return new HashSet<>(removed);
    }

    /** Queues every account: a new schedule or scenario set changes everyone's requirement. */
    public static void enqueueAll(Connection c) {
        Sql.on(c)
                .update(
                        "INSERT INTO margin_queue (account_id) SELECT id FROM account WHERE status <> 'CLOSED' ORDER BY 1"
                                + NEW_VERSION);
    }
}
