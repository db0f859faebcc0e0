package io.concordia.clearing.ledger;

import io.concordia.clearing.common.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The ledger on a connection whose transaction the caller owns, set-based: a settlement cycle books thousands of
 * entries at once, a handful of round trips instead of a few per posting. The database checks exactly what it checks
 * for {@link LedgerService#post}: every entry balances per asset at commit, balances follow their postings, and member
 * collateral is never negative.
 *
 * <p>Callers keep entries small (a member's accounts, not a whole cycle): the database's balance check reads an
 * entry's postings once per posting, so its cost grows with the square of an entry's size.
 */
public final class LedgerBatch {

    /** One posting: the change of a ledger account's balance in one asset; never 0. */
    public record Leg(long ledgerAccountId, long assetId, BigDecimal amount) {}

    /** One balanced journal entry to book. */
    public record Draft(String reference, List<Leg> legs) {}

    /** New balance rows in one batch above which the table's statistics are refreshed before posting. */
    private static final int BALANCES_BEFORE_ANALYZE = 500;

    private LedgerBatch() {}

    /**
     * Books the entries, all of one kind, by one actor. Each must balance per asset and have no zero leg; that is a
     * programming error, refused before the database sees it.
     *
     * @return the id of each entry, in the order given
     */
    public static List<Long> post(Connection c, EntryKind kind, String actor, List<Draft> drafts) throws SQLException {
        if (drafts.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> references = new java.util.HashSet<>();
        for (Draft d : drafts) {
            if (!references.add(d.reference())) {
                throw new IllegalStateException(
                        kind + " entries of one batch need distinct references: " + d.reference());
            }
            if (d.legs().isEmpty()) {
                throw new IllegalStateException(kind + " entry " + d.reference() + " has no legs");
            }
            Map<Long, BigDecimal> sums = new HashMap<>();
            for (Leg leg : d.legs()) {
                if (leg.amount().signum() == 0) {
                    throw new IllegalStateException(kind + " entry " + d.reference() + " has a zero leg");
                }
                sums.merge(leg.assetId(), leg.amount(), BigDecimal::add);
            }
            sums.forEach((asset, sum) -> {
                if (sum.signum() != 0) {
                    throw new IllegalStateException(
                            kind + " entry " + d.reference() + " does not balance for asset id " + asset + ": " + sum);
                }
            });
        }
        Sql sql = Sql.on(c);
        Map<String, Long> byReference = new HashMap<>();
        for (Booked booked : sql.list(
                """
                INSERT INTO journal_entry (kind, reference, created_by, created_at)
                SELECT ?, r, ?, now() FROM unnest(?::text[]) AS u(r)
                RETURNING id, reference""",
                row -> new Booked(row.longValue("id"), row.string("reference")),
                kind,
                actor,
                Sql.texts(drafts.stream().map(Draft::reference).toList()))) {
            byReference.put(booked.reference(), booked.id());
        }
        List<Long> ids =
                drafts.stream().map(d -> byReference.get(d.reference())).toList();
        prepareBalances(c, drafts);
        List<Long> entry = new ArrayList<>();
        List<Long> account = new ArrayList<>();
        List<Long> asset = new ArrayList<>();
        List<BigDecimal> amount = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            for (Leg leg : drafts.get(i).legs()) {
                entry.add(ids.get(i));
                account.add(leg.ledgerAccountId());
                asset.add(leg.assetId());
                amount.add(leg.amount());
            }
        }
        sql.update("""
                INSERT INTO posting (entry_id, ledger_account_id, asset_id, amount)
                SELECT e, l, a, m FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::numeric[]) AS u(e, l, a, m)""", Sql.longs(entry), Sql.longs(account), Sql.longs(asset), Sql.decimals(amount));
        io.concordia.clearing.margin.MarginQueue.enqueueOwnersOf(c, new java.util.HashSet<>(account));
        return ids;
    }

    /**
     * Opens, at 0, the balance rows the batch's postings will move and that do not exist yet, as the posting trigger
     * would one by one, and refreshes the table's statistics when it grew by more than a few rows. The trigger's
     * statements are planned once per session: planned while the table was small (a first cycle opens thousands of
     * settlement balances), its balance update would scan the whole table for every posting.
     */
    private static void prepareBalances(Connection c, List<Draft> drafts) {
        List<Long> account = new ArrayList<>();
        List<Long> asset = new ArrayList<>();
        java.util.Set<List<Long>> seen = new java.util.HashSet<>();
        for (Draft d : drafts) {
            for (Leg leg : d.legs()) {
                if (seen.add(List.of(leg.ledgerAccountId(), leg.assetId()))) {
                    account.add(leg.ledgerAccountId());
                    asset.add(leg.assetId());
                }
            }
        }
        Sql sql = Sql.on(c);
        int opened = sql.update("""
                INSERT INTO ledger_balance (ledger_account_id, asset_id, balance, non_negative)
                SELECT l.id, u.a, 0, l.non_negative FROM unnest(?::bigint[], ?::bigint[]) AS u(l, a) JOIN ledger_account l ON l.id = u.l
                 ORDER BY l.id, u.a
                ON CONFLICT (ledger_account_id, asset_id) DO NOTHING""", Sql.longs(account), Sql.longs(asset));
        if (opened > BALANCES_BEFORE_ANALYZE) {
            sql.update("ANALYZE ledger_balance");
        }
    }

    /** The id of the CCP's ledger account of this kind. */
    public static long ccpAccount(Connection c, LedgerAccountKind kind) {
        return Sql.on(c)
                .first("SELECT id FROM ledger_account WHERE code = ?", row -> row.longValue("id"), kind.ccpCode())
                .orElseThrow(() -> new IllegalStateException(
                        "the CCP has no " + kind + " ledger account; are the migrations applied?"));
    }

    /** The collateral ledger account of each member account, by account id. */
    public static Map<Long, Long> collateralAccounts(Connection c, Collection<Long> accountIds) {
        return memberAccounts(c, accountIds, LedgerAccountKind.MEMBER_COLLATERAL);
    }

    /** The settlement ledger account of each member account, by account id, opened on first use. */
    public static Map<Long, Long> settlementAccounts(Connection c, Collection<Long> accountIds) {
        if (!accountIds.isEmpty()) {
            Sql.on(c).update("""
                            INSERT INTO ledger_account (code, kind, account_id, non_negative, created_at)
                            SELECT 'STL:' || a.code, 'MEMBER_SETTLEMENT', a.id, false, now() FROM account a
                             WHERE a.id = ANY(?) AND NOT EXISTS (SELECT 1 FROM ledger_account l
                                                                  WHERE l.account_id = a.id AND l.kind = 'MEMBER_SETTLEMENT')
                             ORDER BY a.id
                            ON CONFLICT DO NOTHING""", Sql.longs(new TreeSet<>(accountIds)));
        }
        return memberAccounts(c, accountIds, LedgerAccountKind.MEMBER_SETTLEMENT);
    }

    /**
     * Balances in one asset, locked to the end of the transaction (in ascending id order, so two callers never
     * deadlock); a ledger account never booked in the asset is 0.
     */
    public static Map<Long, BigDecimal> lockedBalances(Connection c, Collection<Long> ledgerAccountIds, long assetId) {
        Map<Long, BigDecimal> balances = new HashMap<>();
        for (Long id : ledgerAccountIds) {
            balances.put(id, BigDecimal.ZERO);
        }
        if (ledgerAccountIds.isEmpty()) {
            return balances;
        }
        for (Balance b : Sql.on(c)
                .list(
                        """
                        SELECT ledger_account_id, balance FROM ledger_balance WHERE ledger_account_id = ANY(?) AND asset_id = ?
                         ORDER BY ledger_account_id FOR UPDATE""",
                        row -> new Balance(row.longValue("ledger_account_id"), row.decimal("balance")),
                        Sql.longs(new TreeSet<>(ledgerAccountIds)),
                        assetId)) {
            balances.put(b.ledgerAccountId(), b.balance());
        }
        return balances;
    }

    private static Map<Long, Long> memberAccounts(Connection c, Collection<Long> accountIds, LedgerAccountKind kind) {
        Map<Long, Long> ids = new HashMap<>();
        if (accountIds.isEmpty()) {
            return ids;
        }
        for (Owned owned : Sql.on(c)
                .list(
                        "SELECT account_id, id FROM ledger_account WHERE account_id = ANY(?) AND kind = ?",
                        row -> new Owned(row.longValue("account_id"), row.longValue("id")),
                        Sql.longs(new TreeSet<>(accountIds)),
                        kind)) {
            ids.put(owned.accountId(), owned.ledgerAccountId());
        }
        return ids;
    }

    /** A journal entry just inserted. */
    private record Booked(long id, String reference) {}

    /** A ledger account's balance in one asset. */
    private record Balance(long ledgerAccountId, BigDecimal balance) {}

    /** A member account's ledger account of one kind. */
    private record Owned(long accountId, long ledgerAccountId) {}
}
