package io.concordia.clearing.ledger;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.account.AccountEntity;
import io.concordia.clearing.account.AccountMode;
import io.concordia.clearing.account.AccountOpened;
import io.concordia.clearing.account.AccountService;
import io.concordia.clearing.account.AccountStatus;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.common.Text;
import io.concordia.clearing.ledger.LedgerDtos.Balance;
import io.concordia.clearing.ledger.LedgerDtos.BucketBalance;
import io.concordia.clearing.ledger.LedgerDtos.BucketMove;
import io.concordia.clearing.ledger.LedgerDtos.Deposit;
import io.concordia.clearing.ledger.LedgerDtos.DepositReceipt;
import io.concordia.clearing.ledger.LedgerDtos.LedgerLine;
import io.concordia.clearing.ledger.LedgerDtos.WithdrawalRequest;
import io.concordia.clearing.margin.MarginGuard;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.member.MemberEntity;
import io.concordia.clearing.member.MemberStatus;
import io.concordia.clearing.refdata.AssetEntity;
import io.concordia.clearing.refdata.ProductEntity;
import io.concordia.clearing.refdata.RefDataService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The double-entry ledger of collateral: deposits, withdrawal requests and their decisions. Every movement is
 * one journal entry whose postings sum to zero per asset; the database re-checks that at commit and keeps the
 * balances, refusing any that would make a member's collateral negative.
 */
@ApplicationScoped
public class LedgerService {

    /**
     * An operator's booking under an outside reference (V0014 external_booking): {@code quantity} is what was asked (the
     * quantity deposited, the amount a contribution was set to), {@code entryId} the entry booked (null if nothing had to
     * move), {@code balanceAfter} the ledger account's balance after it. {@code repeat}: an earlier request booked it.
     */
    public record ExternalBooking(
            long id,
            EntryKind kind,
            long assetId,
            BigDecimal quantity,
            Long entryId,
            BigDecimal balanceAfter,
            boolean repeat) {}

    /** One posting of an entry to be booked; {@code amount} is the change of the ledger account's balance. */
    public record Leg(LedgerAccount ledgerAccount, AssetEntity asset, BigDecimal amount) {}

    /** A withdrawal locked for its decision, with the ids the decision books against. */
    private record LockedWithdrawal(long accountId, BigDecimal quantity, LedgerDtos.Withdrawal view) {}

    /** Ledger accounts, read by {@link LedgerAccount#of}. */
    private static final String LEDGER_ACCOUNT = "SELECT " + LedgerAccount.COLUMNS + " FROM ledger_account la";

    /** A withdrawal as the API answers it, with its account's and asset's codes. */
    private static final String WITHDRAWAL = """
            SELECT w.id, w.account_id, a.code AS account, s.code AS asset, w.quantity, w.status,
                   w.requested_by, w.requested_at, w.decided_by, w.decided_at, w.reason
              FROM withdrawal w JOIN account a ON a.id = w.account_id JOIN asset s ON s.id = w.asset_id""";

    @Inject
    Clock clock;

    @Inject
    AccountService accounts;

    @Inject
    RefDataService refData;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MarginGuard marginGuard;

    /** Opens a new account's collateral account, in the transaction that opens the account. */
    @Transactional(Transactional.TxType.MANDATORY)
    void openCollateralAccount(@Observes AccountOpened opened) {
        AccountEntity account = opened.account();
        Jdbc.with(dataSource, c -> {
            Sql.on(c)
                    .update(
                            """
                    INSERT INTO ledger_account (code, kind, account_id, non_negative, created_at)
                    VALUES (?, ?, ?, true, ?)""",
                            "ACC:" + account.code,
                            LedgerAccountKind.MEMBER_COLLATERAL,
                            account.id,
                            clock.instant());
            // a new account is margined at once, so that its margin can be read before anything happened to it
            MarginQueue.enqueue(c, List.of(account.id));
            return null;
        });
    }

    /** Books one balanced journal entry. An unbalanced one is a programming error, refused before the database sees it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public JournalEntry post(EntryKind kind, String reference, List<Leg> legs) {
        Map<Long, BigDecimal> sums = new HashMap<>();
        for (Leg leg : legs) {
            sums.merge(leg.asset().id, leg.amount(), BigDecimal::add);
        }
        sums.forEach((asset, sum) -> {
            if (sum.signum() != 0) {
                throw new IllegalStateException(kind + " entry does not balance for asset id " + asset + ": " + sum);
            }
        });
        String actor = caller.actor();
        Instant now = clock.instant();
        Set<Long> touched = new TreeSet<>();
        for (Leg leg : legs) {
            if (leg.ledgerAccount().accountId() != null) {
                touched.add(leg.ledgerAccount().accountId());
            }
        }
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            long id = sql.one("""
                    INSERT INTO journal_entry (kind, reference, created_by, created_at) VALUES (?, ?, ?, ?)
                    RETURNING id""", row -> row.longValue("id"), kind, reference, actor, now);
            // the legs in their order, in one round trip: the posting trigger moves each balance as its row arrives
            sql.batch(
                    "INSERT INTO posting (entry_id, ledger_account_id, asset_id, amount) VALUES (?, ?, ?, ?)",
                    legs,
                    leg -> new Object[] {id, leg.ledgerAccount().id(), leg.asset().id, leg.amount()});
            MarginQueue.enqueue(c, touched);
            return new JournalEntry(id, kind, reference, actor, now);
        });
    }

    /** A deposit's receipt, and whether an earlier request with the same reference booked it. */
    public record DepositOutcome(DepositReceipt receipt, boolean repeat) {}

    /**
     * Books a confirmed deposit once per account and reference: a repeat with the same asset and quantity answers the
     * first receipt again (its entry, its balance after), a repeat with anything else is refused.
     */
    @Transactional
    public DepositOutcome deposit(String accountCode, Deposit request) {
        AccountEntity account = accounts.require(accountCode);
        AssetEntity asset = refData.requireAsset(request.asset());
        BigDecimal quantity = Decimals.positive(request.quantity(), asset.scale, "quantity");
        LedgerAccount collateral = collateralOf(account);
        ExternalBooking booking = claimReference(collateral, EntryKind.DEPOSIT, request.reference(), asset, quantity);
        if (booking.repeat()) {
            return new DepositOutcome(
                    new DepositReceipt(
                            booking.entryId(),
                            accountCode,
                            asset.code,
                            quantity,
                            booking.balanceAfter().setScale(asset.scale)),
                    true);
        }
        if (account.status == AccountStatus.CLOSED) {
            throw ApiProblem.of(ProblemCode.ACCOUNT_CLOSED, "account '" + accountCode + "' is closed");
        }
        JournalEntry entry = post(
                EntryKind.DEPOSIT,
                request.reference(),
                List.of(
                        new Leg(collateral, asset, quantity),
                        new Leg(ccp(LedgerAccountKind.CCP_CUSTODY), asset, quantity.negate())));
        BigDecimal balance = lockedBalance(collateral, asset).orElseThrow();
        completeReference(booking, entry, balance);
        DepositReceipt receipt =
                new DepositReceipt(entry.id(), accountCode, asset.code, quantity, balance.setScale(asset.scale));
        audit.record("DEPOSIT", "account", accountCode, null, receipt);
        return new DepositOutcome(receipt, false);
    }

    /**
     * Claims {@code reference} on the ledger account for this transaction's booking, or finds the booking an earlier
     * request made under it. Concurrent claims of one reference wait for the first to commit (the database's unique
     * constraint), so a reference is booked exactly once however many requests carry it.
     *
     * @return the claim to {@link #completeReference complete} after booking, or the earlier booking ({@code repeat})
     * @throws ApiProblem {@code 409 REFERENCE_REUSED} if the earlier booking under the reference was a different one
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ExternalBooking claimReference(
            LedgerAccount ledgerAccount, EntryKind kind, String reference, AssetEntity asset, BigDecimal quantity) {
        ExternalBooking booking = Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            Optional<ExternalBooking> claimed = sql.first(
                    """
                    INSERT INTO external_booking (ledger_account_id, reference, kind, asset_id, quantity, created_by)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ledger_account_id, reference) DO NOTHING RETURNING id""",
                    row -> new ExternalBooking(row.longValue("id"), kind, asset.id, quantity, null, null, false),
                    ledgerAccount.id(),
                    reference,
                    kind,
                    asset.id,
                    quantity,
                    caller.actor());
            if (claimed.isPresent()) {
                return claimed.get();
            }
            return sql.one(
                    """
                    SELECT id, kind, asset_id, quantity, entry_id, balance_after FROM external_booking
                     WHERE ledger_account_id = ? AND reference = ?""",
                    row -> new ExternalBooking(
                            row.longValue("id"),
                            row.enumValue("kind", EntryKind.class),
                            row.longValue("asset_id"),
                            row.decimal("quantity"),
                            row.nullableLong("entry_id"),
                            row.decimal("balance_after"),
                            true),
                    ledgerAccount.id(),
                    reference);
        });
        if (booking.repeat()
                && (booking.kind() != kind
                        || booking.assetId() != asset.id
                        || booking.quantity().compareTo(quantity) != 0)) {
            throw ApiProblem.of(
                    ProblemCode.REFERENCE_REUSED,
                    "reference '" + Text.printable(Decimals.abbreviate(reference))
                            + "' was already used on " + ledgerAccount.code() + " for " + booking.kind() + " of "
                            + Decimals.plain(booking.quantity()).toPlainString()
                            + (booking.assetId() == asset.id ? " " + asset.code : " another asset")
                            + "; a different booking needs its own reference");
        }
        return booking;
    }

    /** Records what a claimed booking did: its entry (null if nothing had to move) and the balance after it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completeReference(ExternalBooking claim, JournalEntry entry, BigDecimal balanceAfter) {
        Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .update(
                                "UPDATE external_booking SET entry_id = ?, balance_after = ? WHERE id = ?",
                                entry == null ? Sql.nullOf(java.sql.Types.BIGINT) : entry.id(),
                                balanceAfter,
                                claim.id()));
    }

    /**
     * Reserves the quantity at once, so that concurrent requests can never promise the same collateral twice:
     * the balance row is locked, checked and debited in one transaction.
     */
    @Transactional
    public LedgerDtos.Withdrawal requestWithdrawal(String memberCode, String accountCode, WithdrawalRequest request) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        if (account.member.status != MemberStatus.ACTIVE) {
            throw ApiProblem.of(
                    ProblemCode.MEMBER_NOT_ACTIVE, "member '" + memberCode + "' is " + account.member.status);
        }
        if (account.status != AccountStatus.OPEN) {
            throw ApiProblem.of(ProblemCode.ACCOUNT_NOT_OPEN, "account '" + accountCode + "' is " + account.status);
        }
        AssetEntity asset = refData.requireAsset(request.asset());
        BigDecimal quantity = Decimals.positive(request.quantity(), asset.scale, "quantity");
        LedgerAccount collateral = collateralOf(account);
        Jdbc.with(dataSource, c -> {
            marginGuard.checkWithdrawal(c, account.id, asset.code, quantity);
            return null;
        });
        BigDecimal available = lockedBalance(collateral, asset).orElse(BigDecimal.ZERO);
        if (available.compareTo(quantity) < 0) {
            throw ApiProblem.of(
                    ProblemCode.INSUFFICIENT_BALANCE,
                    "account '" + accountCode + "' holds "
                            + available.setScale(asset.scale).toPlainString() + " " + asset.code + ", less than "
                            + quantity.toPlainString());
        }
        String actor = caller.actor();
        Instant now = clock.instant();
        long id = Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .one(
                                """
                                INSERT INTO withdrawal (account_id, asset_id, quantity, status, requested_by, requested_at)
                                VALUES (?, ?, ?, ?, ?, ?) RETURNING id""",
                                row -> row.longValue("id"),
                                account.id,
                                asset.id,
                                quantity,
                                WithdrawalStatus.PENDING,
                                actor,
                                now));
        post(
                EntryKind.WITHDRAWAL_RESERVE,
                "withdrawal:" + id,
                List.of(
                        new Leg(collateral, asset, quantity.negate()),
                        new Leg(ccp(LedgerAccountKind.CCP_WITHDRAWALS_PENDING), asset, quantity)));
        return new LedgerDtos.Withdrawal(
                id, account.code, asset.code, quantity, WithdrawalStatus.PENDING, actor, now, null, null, null);
    }

    /** Moves unallocated collateral of an isolated account into the bucket of one product. */
    @Transactional
    public BucketBalance allocate(String memberCode, String accountCode, String productSymbol, BucketMove request) {
        AccountEntity account = isolatedAccount(memberCode, accountCode);
        ProductEntity product = refData.requireProduct(productSymbol);
        AssetEntity asset = refData.requireAsset(request.asset());
        BigDecimal quantity = Decimals.positive(request.quantity(), asset.scale, "quantity");
        LedgerAccount collateral = collateralOf(account);
        BigDecimal available = lockedBalance(collateral, asset).orElse(BigDecimal.ZERO);
        if (available.compareTo(quantity) < 0) {
            throw ApiProblem.of(
                    ProblemCode.INSUFFICIENT_BALANCE,
                    "account '" + accountCode + "' holds "
                            + available.setScale(asset.scale).toPlainString() + " " + asset.code
                            + " unallocated, less than "
                            + quantity.toPlainString());
        }
        LedgerAccount bucket = bucketOf(account, product);
        post(
                EntryKind.BUCKET_ALLOCATE,
                "bucket:" + accountCode + ":" + productSymbol,
                List.of(new Leg(collateral, asset, quantity.negate()), new Leg(bucket, asset, quantity)));
        return new BucketBalance(
                productSymbol,
                asset.code,
                lockedBalance(bucket, asset).orElseThrow().setScale(asset.scale));
    }

    /** Moves collateral out of an isolated bucket, if the bucket's equity stays at or above its IM. */
    @Transactional
    public BucketBalance release(String memberCode, String accountCode, String productSymbol, BucketMove request) {
        AccountEntity account = isolatedAccount(memberCode, accountCode);
        ProductEntity product = refData.requireProduct(productSymbol);
        AssetEntity asset = refData.requireAsset(request.asset());
        BigDecimal quantity = Decimals.positive(request.quantity(), asset.scale, "quantity");
        Jdbc.with(dataSource, c -> {
            marginGuard.checkBucketRelease(c, account.id, productSymbol, asset.code, quantity);
            return null;
        });
        LedgerAccount bucket = bucketOf(account, product);
        BigDecimal held = lockedBalance(bucket, asset).orElse(BigDecimal.ZERO);
        if (held.compareTo(quantity) < 0) {
            throw ApiProblem.of(
                    ProblemCode.INSUFFICIENT_BALANCE,
                    "bucket " + productSymbol + " of account '" + accountCode + "' holds "
                            + held.setScale(asset.scale).toPlainString() + " " + asset.code + ", less than "
                            + quantity.toPlainString());
        }
        post(
                EntryKind.BUCKET_RELEASE,
                "bucket:" + accountCode + ":" + productSymbol,
                List.of(new Leg(bucket, asset, quantity.negate()), new Leg(collateralOf(account), asset, quantity)));
        return new BucketBalance(
                productSymbol,
                asset.code,
                lockedBalance(bucket, asset).orElseThrow().setScale(asset.scale));
    }

    /** The collateral in each bucket of the account. */
    @Transactional
    public List<BucketBalance> bucketsOf(String memberCode, String accountCode) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .list(
                                """
                                SELECT p.symbol AS product, a.code AS asset, a.scale, b.balance FROM ledger_account la
                                  JOIN product p ON p.id = la.product_id
                                  JOIN ledger_balance b ON b.ledger_account_id = la.id JOIN asset a ON a.id = b.asset_id
                                 WHERE la.account_id = ? AND la.kind = 'MEMBER_BUCKET' AND b.balance <> 0 ORDER BY p.symbol, a.code""",
                                row -> new BucketBalance(
                                        row.string("product"),
                                        row.string("asset"),
                                        row.decimal("balance").setScale(row.intValue("scale"))),
                                account.id));
    }

    private AccountEntity isolatedAccount(String memberCode, String accountCode) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        if (account.mode != AccountMode.ISOLATED) {
            throw ApiProblem.of(
                    ProblemCode.ACCOUNT_NOT_ISOLATED,
                    "account '" + accountCode + "' is " + account.mode + "; only isolated accounts have buckets");
        }
        if (account.status == AccountStatus.CLOSED) {
            throw ApiProblem.of(ProblemCode.ACCOUNT_CLOSED, "account '" + accountCode + "' is closed");
        }
        return account;
    }

    @Transactional
    public LedgerDtos.Withdrawal approveWithdrawal(long id) {
        LockedWithdrawal w = lockPending(id);
        AssetEntity asset = refData.requireAsset(w.view().asset());
        post(
                EntryKind.WITHDRAWAL_PAYOUT,
                "withdrawal:" + id,
                List.of(
                        new Leg(
                                ccp(LedgerAccountKind.CCP_WITHDRAWALS_PENDING),
                                asset,
                                w.quantity().negate()),
                        new Leg(ccp(LedgerAccountKind.CCP_CUSTODY), asset, w.quantity())));
        return decide(w, WithdrawalStatus.APPROVED, null, "APPROVE_WITHDRAWAL");
    }

    @Transactional
    public LedgerDtos.Withdrawal rejectWithdrawal(long id, String reason) {
        LockedWithdrawal w = lockPending(id);
        AssetEntity asset = refData.requireAsset(w.view().asset());
        post(
                EntryKind.WITHDRAWAL_RELEASE,
                "withdrawal:" + id,
                List.of(
                        new Leg(
                                ccp(LedgerAccountKind.CCP_WITHDRAWALS_PENDING),
                                asset,
                                w.quantity().negate()),
                        new Leg(collateralOf(w.accountId()), asset, w.quantity())));
        return decide(w, WithdrawalStatus.REJECTED, reason, "REJECT_WITHDRAWAL");
    }

    /** The ids of the member's withdrawals still awaiting a decision, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> pendingWithdrawalsOf(long memberId) {
        return Jdbc.with(dataSource, c -> Sql.on(c).list("""
                                SELECT w.id FROM withdrawal w JOIN account a ON a.id = w.account_id
                                 WHERE a.member_id = ? AND w.status = 'PENDING' ORDER BY w.id""", row -> row.longValue("id"), memberId));
    }

    @Transactional
    public Page<LedgerDtos.Withdrawal> listWithdrawals(WithdrawalStatus status, PageRequest request) {
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            Object statusOrAll = status == null ? Sql.nullOf(java.sql.Types.VARCHAR) : status;
            List<LedgerDtos.Withdrawal> items = sql.list(
                    WITHDRAWAL + " WHERE (?::text IS NULL OR w.status = ?) ORDER BY w.id DESC LIMIT ? OFFSET ?",
                    LedgerService::withdrawal,
                    statusOrAll,
                    statusOrAll,
                    request.size(),
                    (long) request.page() * request.size());
            long total = sql.one(
                    "SELECT count(*) AS n FROM withdrawal WHERE (?::text IS NULL OR status = ?)",
                    row -> row.longValue("n"),
                    statusOrAll,
                    statusOrAll);
            return page(items, request, total);
        });
    }

    @Transactional
    public Page<LedgerDtos.Withdrawal> listWithdrawalsOf(String memberCode, String accountCode, PageRequest request) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            List<LedgerDtos.Withdrawal> items = sql.list(
                    WITHDRAWAL + " WHERE w.account_id = ? ORDER BY w.id DESC LIMIT ? OFFSET ?",
                    LedgerService::withdrawal,
                    account.id,
                    request.size(),
                    (long) request.page() * request.size());
            long total = sql.one(
                    "SELECT count(*) AS n FROM withdrawal WHERE account_id = ?", row -> row.longValue("n"), account.id);
            return page(items, request, total);
        });
    }

    @Transactional
    public List<Balance> balancesOf(String memberCode, String accountCode) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        long collateral = collateralOf(account).id();
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .list(
                                """
                                SELECT a.code AS asset, a.scale, b.balance FROM ledger_balance b JOIN asset a ON a.id = b.asset_id
                                WHERE b.ledger_account_id = ? ORDER BY a.code""",
                                row -> new Balance(
                                        row.string("asset"),
                                        row.decimal("balance").setScale(row.intValue("scale"))),
                                collateral));
    }

    @Transactional
    public Page<LedgerLine> historyOf(String memberCode, String accountCode, PageRequest request) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        long collateral = collateralOf(account).id();
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            List<LedgerLine> lines = sql.list(
                    """
                    SELECT e.id AS entry_id, e.kind, e.reference, a.code AS asset, a.scale, p.amount, e.created_at
                      FROM posting p JOIN journal_entry e ON e.id = p.entry_id JOIN asset a ON a.id = p.asset_id
                     WHERE p.ledger_account_id = ? ORDER BY p.id DESC LIMIT ? OFFSET ?""",
                    row -> new LedgerLine(
                            row.longValue("entry_id"),
                            row.enumValue("kind", EntryKind.class),
                            row.string("reference"),
                            row.string("asset"),
                            row.decimal("amount").setScale(row.intValue("scale")),
                            row.instant("created_at")),
                    collateral,
                    request.size(),
                    (long) request.page() * request.size());
            long total = sql.one(
                    "SELECT count(*) AS n FROM posting WHERE ledger_account_id = ?",
                    row -> row.longValue("n"),
                    collateral);
            return page(lines, request, total);
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccount collateralOf(AccountEntity account) {
        return collateralOf(account.id);
    }

    /** The collateral ledger account of the member account with this id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccount collateralOf(long accountId) {
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .one(
                                LEDGER_ACCOUNT + " WHERE la.account_id = ? AND la.kind = ?",
                                LedgerAccount::of,
                                accountId,
                                LedgerAccountKind.MEMBER_COLLATERAL));
    }

    /** The ledger account with this id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccount ledgerAccount(long id) {
        return Jdbc.with(dataSource, c -> Sql.on(c).one(LEDGER_ACCOUNT + " WHERE la.id = ?", LedgerAccount::of, id));
    }

    /** The account's isolated bucket for the product, opened on first use. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccount bucketOf(AccountEntity account, ProductEntity product) {
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            return sql.first(
                            LEDGER_ACCOUNT + " WHERE la.account_id = ? AND la.kind = ? AND la.product_id = ?",
                            LedgerAccount::of,
                            account.id,
                            LedgerAccountKind.MEMBER_BUCKET,
                            product.id)
                    .orElseGet(() -> sql.one(
                            "INSERT INTO ledger_account AS la (code, kind, account_id, product_id, non_negative, created_at)"
                                    + " VALUES (?, ?, ?, ?, true, ?) RETURNING " + LedgerAccount.COLUMNS,
                            LedgerAccount::of,
                            "ACC:" + account.code + ":" + product.symbol,
                            LedgerAccountKind.MEMBER_BUCKET,
                            account.id,
                            product.id,
                            clock.instant()));
        });
    }

    /** The member's own ledger account of a member-level kind (default fund, assessments), opened on first use. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccount memberAccount(MemberEntity member, LedgerAccountKind kind) {
        return memberAccount(member.id, member.code, kind);
    }

    /** The member's own ledger account of a member-level kind (default fund, assessments), opened on first use. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccount memberAccount(long memberId, String memberCode, LedgerAccountKind kind) {
        if (!kind.memberLevel()) {
            throw new IllegalArgumentException(kind + " accounts do not belong to a member itself");
        }
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            return sql.first(
                            LEDGER_ACCOUNT + " WHERE la.member_id = ? AND la.kind = ?",
                            LedgerAccount::of,
                            memberId,
                            kind)
                    .orElseGet(() -> sql.one(
                            "INSERT INTO ledger_account AS la (code, kind, member_id, non_negative, created_at)"
                                    + " VALUES (?, ?, ?, ?, ?) RETURNING " + LedgerAccount.COLUMNS,
                            LedgerAccount::of,
                            "MEM:" + memberCode + ":"
                                    + kind.name().substring("MEMBER_".length()).replace('_', '-'),
                            kind,
                            memberId,
                            kind == LedgerAccountKind.MEMBER_DEFAULT_FUND,
                            clock.instant()));
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccount ccp(LedgerAccountKind kind) {
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c).one(LEDGER_ACCOUNT + " WHERE la.code = ?", LedgerAccount::of, kind.ccpCode()));
    }

    /** The balance, read with a row lock held to the end of the transaction; empty if the asset was never booked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<BigDecimal> lockedBalance(LedgerAccount ledgerAccount, AssetEntity asset) {
        return Jdbc.with(
                dataSource, c -> Sql.on(c).first("""
                                SELECT balance FROM ledger_balance WHERE ledger_account_id = ? AND asset_id = ? FOR UPDATE""", row -> row.decimal("balance"), ledgerAccount.id(), asset.id));
    }

    private LockedWithdrawal lockPending(long id) {
        LockedWithdrawal w = Jdbc.with(
                        dataSource,
                        c -> Sql.on(c)
                                .first(
                                        WITHDRAWAL + " WHERE w.id = ? FOR UPDATE OF w",
                                        row -> new LockedWithdrawal(
                                                row.longValue("account_id"), row.decimal("quantity"), withdrawal(row)),
                                        id))
                .orElseThrow(() -> ApiProblem.notFound("withdrawal", Long.toString(id)));
        if (w.view().status() != WithdrawalStatus.PENDING) {
            throw ApiProblem.of(
                    ProblemCode.WITHDRAWAL_DECIDED,
                    "withdrawal " + id + " is already " + w.view().status());
        }
        return w;
    }

    private LedgerDtos.Withdrawal decide(LockedWithdrawal w, WithdrawalStatus status, String reason, String action) {
        LedgerDtos.Withdrawal before = w.view();
        String actor = caller.actor();
        Instant now = clock.instant();
        Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .update(
                                "UPDATE withdrawal SET status = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                                status,
                                reason,
                                actor,
                                now,
                                before.id()));
        LedgerDtos.Withdrawal after = new LedgerDtos.Withdrawal(
                before.id(),
                before.account(),
                before.asset(),
                before.quantity(),
                status,
                before.requestedBy(),
                before.requestedAt(),
                actor,
                now,
                reason);
        audit.record(action, "withdrawal", Long.toString(before.id()), before, after);
        return after;
    }

    /** Reads a row of {@link #WITHDRAWAL}. */
    private static LedgerDtos.Withdrawal withdrawal(Row row) throws SQLException {
        return new LedgerDtos.Withdrawal(
                row.longValue("id"),
                row.string("account"),
                row.string("asset"),
                row.decimal("quantity"),
                row.enumValue("status", WithdrawalStatus.class),
                row.string("requested_by"),
                row.instant("requested_at"),
                row.string("decided_by"),
                row.instant("decided_at"),
                row.string("reason"));
    }

    private static <T> Page<T> page(List<T> items, PageRequest request, long total) {
        return new Page<>(items, request.page(), request.size(), total);
    }
}
