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
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Text;
import io.concordia.clearing.ledger.LedgerDtos.Balance;
import io.concordia.clearing.ledger.LedgerDtos.BucketBalance;
import io.concordia.clearing.ledger.LedgerDtos.BucketMove;
import io.concordia.clearing.ledger.LedgerDtos.Deposit;
import io.concordia.clearing.ledger.LedgerDtos.DepositReceipt;
import io.concordia.clearing.ledger.LedgerDtos.LedgerLine;
import io.concordia.clearing.ledger.LedgerDtos.Withdrawal;
import io.concordia.clearing.ledger.LedgerDtos.WithdrawalRequest;
import io.concordia.clearing.ledger.LedgerRepositories.JournalEntryRepository;
import io.concordia.clearing.ledger.LedgerRepositories.LedgerAccountRepository;
import io.concordia.clearing.ledger.LedgerRepositories.PostingRepository;
import io.concordia.clearing.ledger.LedgerRepositories.WithdrawalRepository;
import io.concordia.clearing.margin.MarginGuard;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.member.MemberStatus;
import io.concordia.clearing.refdata.AssetEntity;
import io.concordia.clearing.refdata.ProductEntity;
import io.concordia.clearing.refdata.RefDataService;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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
    public record Leg(LedgerAccountEntity ledgerAccount, AssetEntity asset, BigDecimal amount) {}

    @Inject
    Clock clock;

    @Inject
    LedgerAccountRepository ledgerAccounts;

    @Inject
    JournalEntryRepository entries;

    @Inject
    PostingRepository postings;

    @Inject
    WithdrawalRepository withdrawals;

    @Inject
    AccountService accounts;

    @Inject
    RefDataService refData;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MarginGuard marginGuard;

    /** Opens a new account's collateral account, in the transaction that opens the account. */
    @Transactional(Transactional.TxType.MANDATORY)
    void openCollateralAccount(@Observes AccountOpened opened) {
        AccountEntity account = opened.account();
        LedgerAccountEntity e = new LedgerAccountEntity();
        e.code = "ACC:" + account.code;
        e.kind = LedgerAccountKind.MEMBER_COLLATERAL;
        e.account = account;
        e.nonNegative = true;
        e.createdAt = clock.instant();
        ledgerAccounts.persist(e);
        // a new account is margined at once, so that its margin can be read before anything happened to it
        withConnection(c -> MarginQueue.enqueue(c, List.of(account.id)));
    }

    /** Books one balanced journal entry. An unbalanced one is a programming error, refused before the database sees it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public JournalEntryEntity post(EntryKind kind, String reference, List<Leg> legs) {
        Map<Long, BigDecimal> sums = new HashMap<>();
        for (Leg leg : legs) {
            sums.merge(leg.asset().id, leg.amount(), BigDecimal::add);
        }
        sums.forEach((asset, sum) -> {
            if (sum.signum() != 0) {
                throw new IllegalStateException(kind + " entry does not balance for asset id " + asset + ": " + sum);
            }
        });
        JournalEntryEntity entry = new JournalEntryEntity();
        entry.kind = kind;
        entry.reference = reference;
        entry.createdBy = caller.actor();
        entry.createdAt = clock.instant();
        entries.persist(entry);
        Set<Long> touched = new TreeSet<>();
        for (Leg leg : legs) {
            PostingEntity p = new PostingEntity();
            p.entry = entry;
            p.ledgerAccount = leg.ledgerAccount();
            p.asset = leg.asset();
            p.amount = leg.amount();
            postings.persist(p);
            if (leg.ledgerAccount().account != null) {
                touched.add(leg.ledgerAccount().account.id);
            }
        }
        withConnection(c -> MarginQueue.enqueue(c, touched));
        return entry;
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
        LedgerAccountEntity collateral = collateralOf(account);
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
        JournalEntryEntity entry = post(
                EntryKind.DEPOSIT,
                request.reference(),
                List.of(
                        new Leg(collateral, asset, quantity),
                        new Leg(ccp(LedgerAccountKind.CCP_CUSTODY), asset, quantity.negate())));
        BigDecimal balance = lockedBalance(collateral, asset).orElseThrow();
        completeReference(booking, entry, balance);
        DepositReceipt receipt =
                new DepositReceipt(entry.id, accountCode, asset.code, quantity, balance.setScale(asset.scale));
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
            LedgerAccountEntity ledgerAccount,
            EntryKind kind,
            String reference,
            AssetEntity asset,
            BigDecimal quantity) {
        em.flush();
        ExternalBooking booking = Jdbc.with(dataSource, c -> {
            try (PreparedStatement claim = c.prepareStatement("""
                    INSERT INTO external_booking (ledger_account_id, reference, kind, asset_id, quantity, created_by)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ledger_account_id, reference) DO NOTHING RETURNING id""")) {
                claim.setLong(1, ledgerAccount.id);
                claim.setString(2, reference);
                claim.setString(3, kind.name());
                claim.setLong(4, asset.id);
                claim.setBigDecimal(5, quantity);
                claim.setString(6, caller.actor());
                try (ResultSet rs = claim.executeQuery()) {
                    if (rs.next()) {
                        return new ExternalBooking(rs.getLong(1), kind, asset.id, quantity, null, null, false);
                    }
                }
            }
            try (PreparedStatement earlier = c.prepareStatement("""
                    SELECT id, kind, asset_id, quantity, entry_id, balance_after FROM external_booking
                     WHERE ledger_account_id = ? AND reference = ?""")) {
                earlier.setLong(1, ledgerAccount.id);
                earlier.setString(2, reference);
                try (ResultSet rs = earlier.executeQuery()) {
                    rs.next();
                    return new ExternalBooking(
                            rs.getLong(1),
                            EntryKind.valueOf(rs.getString(2)),
                            rs.getLong(3),
                            rs.getBigDecimal(4),
                            rs.getObject(5, Long.class),
                            rs.getBigDecimal(6),
                            true);
                }
            }
        });
        if (booking.repeat()
                && (booking.kind() != kind
                        || booking.assetId() != asset.id
                        || booking.quantity().compareTo(quantity) != 0)) {
            throw ApiProblem.of(
                    ProblemCode.REFERENCE_REUSED,
                    "reference '" + Text.printable(Decimals.abbreviate(reference))
                            + "' was already used on " + ledgerAccount.code + " for " + booking.kind() + " of "
                            + Decimals.plain(booking.quantity()).toPlainString()
                            + (booking.assetId() == asset.id ? " " + asset.code : " another asset")
                            + "; a different booking needs its own reference");
        }
        return booking;
    }

    /** Records what a claimed booking did: its entry (null if nothing had to move) and the balance after it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void completeReference(ExternalBooking claim, JournalEntryEntity entry, BigDecimal balanceAfter) {
        em.flush();
        Jdbc.with(dataSource, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE external_booking SET entry_id = ?, balance_after = ? WHERE id = ?")) {
                ps.setObject(1, entry == null ? null : entry.id);
                ps.setBigDecimal(2, balanceAfter);
                ps.setLong(3, claim.id());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Reserves the quantity at once, so that concurrent requests can never promise the same collateral twice:
     * the balance row is locked, checked and debited in one transaction.
     */
    @Transactional
    public Withdrawal requestWithdrawal(String memberCode, String accountCode, WithdrawalRequest request) {
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
        LedgerAccountEntity collateral = collateralOf(account);
        withConnection(c -> marginGuard.checkWithdrawal(c, account.id, asset.code, quantity));
        BigDecimal available = lockedBalance(collateral, asset).orElse(BigDecimal.ZERO);
        if (available.compareTo(quantity) < 0) {
            throw ApiProblem.of(
                    ProblemCode.INSUFFICIENT_BALANCE,
                    "account '" + accountCode + "' holds "
                            + available.setScale(asset.scale).toPlainString() + " " + asset.code + ", less than "
                            + quantity.toPlainString());
        }
        WithdrawalEntity w = new WithdrawalEntity();
        w.account = account;
        w.asset = asset;
        w.quantity = quantity;
        w.status = WithdrawalStatus.PENDING;
        w.requestedBy = caller.actor();
        w.requestedAt = clock.instant();
        withdrawals.persist(w);
        post(
                EntryKind.WITHDRAWAL_RESERVE,
                "withdrawal:" + w.id,
                List.of(
                        new Leg(collateral, asset, quantity.negate()),
                        new Leg(ccp(LedgerAccountKind.CCP_WITHDRAWALS_PENDING), asset, quantity)));
        return Withdrawal.of(w);
    }

    /** Moves unallocated collateral of an isolated account into the bucket of one product. */
    @Transactional
    public BucketBalance allocate(String memberCode, String accountCode, String productSymbol, BucketMove request) {
        AccountEntity account = isolatedAccount(memberCode, accountCode);
        ProductEntity product = refData.requireProduct(productSymbol);
        AssetEntity asset = refData.requireAsset(request.asset());
        BigDecimal quantity = Decimals.positive(request.quantity(), asset.scale, "quantity");
        LedgerAccountEntity collateral = collateralOf(account);
        BigDecimal available = lockedBalance(collateral, asset).orElse(BigDecimal.ZERO);
        if (available.compareTo(quantity) < 0) {
            throw ApiProblem.of(
                    ProblemCode.INSUFFICIENT_BALANCE,
                    "account '" + accountCode + "' holds "
                            + available.setScale(asset.scale).toPlainString() + " " + asset.code
                            + " unallocated, less than "
                            + quantity.toPlainString());
        }
        LedgerAccountEntity bucket = bucketOf(account, product);
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
        withConnection(c -> marginGuard.checkBucketRelease(c, account.id, productSymbol, asset.code, quantity));
        LedgerAccountEntity bucket = bucketOf(account, product);
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
        @SuppressWarnings("unchecked")
        List<Object[]> rows =
                em.createNativeQuery("""
                SELECT p.symbol, a.code, a.scale, b.balance FROM ledger_account la JOIN product p ON p.id = la.product_id
                  JOIN ledger_balance b ON b.ledger_account_id = la.id JOIN asset a ON a.id = b.asset_id
                 WHERE la.account_id = ?1 AND la.kind = 'MEMBER_BUCKET' AND b.balance <> 0 ORDER BY p.symbol, a.code""").setParameter(1, account.id).getResultList();
        return rows.stream()
                .map(r -> new BucketBalance(
                        (String) r[0], (String) r[1], ((BigDecimal) r[3]).setScale(((Number) r[2]).intValue())))
                .toList();
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
    public Withdrawal approveWithdrawal(long id) {
        WithdrawalEntity w = lockPending(id);
        Withdrawal before = Withdrawal.of(w);
        post(
                EntryKind.WITHDRAWAL_PAYOUT,
                "withdrawal:" + id,
                List.of(
                        new Leg(ccp(LedgerAccountKind.CCP_WITHDRAWALS_PENDING), w.asset, w.quantity.negate()),
                        new Leg(ccp(LedgerAccountKind.CCP_CUSTODY), w.asset, w.quantity)));
        return decide(w, WithdrawalStatus.APPROVED, null, "APPROVE_WITHDRAWAL", before);
    }

    @Transactional
    public Withdrawal rejectWithdrawal(long id, String reason) {
        WithdrawalEntity w = lockPending(id);
        Withdrawal before = Withdrawal.of(w);
        post(
                EntryKind.WITHDRAWAL_RELEASE,
                "withdrawal:" + id,
                List.of(
                        new Leg(ccp(LedgerAccountKind.CCP_WITHDRAWALS_PENDING), w.asset, w.quantity.negate()),
                        new Leg(collateralOf(w.account), w.asset, w.quantity)));
        return decide(w, WithdrawalStatus.REJECTED, reason, "REJECT_WITHDRAWAL", before);
    }

    @Transactional
    public Page<Withdrawal> listWithdrawals(WithdrawalStatus status, PageRequest request) {
        var query = status == null
                ? withdrawals.findAll(Sort.descending("id"))
                : withdrawals.find("status", Sort.descending("id"), status);
        return page(
                query.page(request.page(), request.size()).list().stream()
                        .map(Withdrawal::of)
                        .toList(),
                request,
                query.count());
    }

    @Transactional
    public Page<Withdrawal> listWithdrawalsOf(String memberCode, String accountCode, PageRequest request) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        var query = withdrawals.find("account", Sort.descending("id"), account);
        return page(
                query.page(request.page(), request.size()).list().stream()
                        .map(Withdrawal::of)
                        .toList(),
                request,
                query.count());
    }

    @Transactional
    public List<Balance> balancesOf(String memberCode, String accountCode) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT a.code, a.scale, b.balance FROM ledger_balance b JOIN asset a ON a.id = b.asset_id
                WHERE b.ledger_account_id = ?1 ORDER BY a.code""")
                .setParameter(1, collateralOf(account).id)
                .getResultList();
        return rows.stream()
                .map(r -> new Balance((String) r[0], ((BigDecimal) r[2]).setScale(((Number) r[1]).intValue())))
                .toList();
    }

    @Transactional
    public Page<LedgerLine> historyOf(String memberCode, String accountCode, PageRequest request) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        var query = postings.find("""
                from PostingEntity p join fetch p.entry join fetch p.asset
                where p.ledgerAccount = ?1 order by p.id desc""", collateralOf(account));
        List<LedgerLine> lines = query.page(request.page(), request.size()).list().stream()
                .map(p -> new LedgerLine(
                        p.entry.id,
                        p.entry.kind,
                        p.entry.reference,
                        p.asset.code,
                        p.amount.setScale(p.asset.scale),
                        p.entry.createdAt))
                .toList();
        long total = postings.count("ledgerAccount", collateralOf(account));
        return page(lines, request, total);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccountEntity collateralOf(AccountEntity account) {
        return ledgerAccounts
                .find("account = ?1 and kind = ?2", account, LedgerAccountKind.MEMBER_COLLATERAL)
                .singleResult();
    }

    /** The account's isolated bucket for the product, opened on first use. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccountEntity bucketOf(AccountEntity account, ProductEntity product) {
        return ledgerAccounts
                .find("account = ?1 and kind = ?2 and product = ?3", account, LedgerAccountKind.MEMBER_BUCKET, product)
                .firstResultOptional()
                .orElseGet(() -> {
                    LedgerAccountEntity e = new LedgerAccountEntity();
                    e.code = "ACC:" + account.code + ":" + product.symbol;
                    e.kind = LedgerAccountKind.MEMBER_BUCKET;
                    e.account = account;
                    e.product = product;
                    e.nonNegative = true;
                    e.createdAt = clock.instant();
                    ledgerAccounts.persist(e);
                    return e;
                });
    }

    /** The member's own ledger account of a member-level kind (default fund, assessments), opened on first use. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccountEntity memberAccount(io.concordia.clearing.member.MemberEntity member, LedgerAccountKind kind) {
        if (!kind.memberLevel()) {
            throw new IllegalArgumentException(kind + " accounts do not belong to a member itself");
        }
        return ledgerAccounts
                .find("member = ?1 and kind = ?2", member, kind)
                .firstResultOptional()
                .orElseGet(() -> {
                    LedgerAccountEntity e = new LedgerAccountEntity();
                    e.code = "MEM:" + member.code + ":"
                            + kind.name().substring("MEMBER_".length()).replace('_', '-');
                    e.kind = kind;
                    e.member = member;
                    e.nonNegative = kind == LedgerAccountKind.MEMBER_DEFAULT_FUND;
                    e.createdAt = clock.instant();
                    ledgerAccounts.persist(e);
                    return e;
                });
    }

    /** Work on the transaction's JDBC connection, which Hibernate shares. */
    interface ConnectionWork {
        void run(Connection c) throws SQLException;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void withConnection(ConnectionWork work) {
        em.flush();
        try (Connection c = dataSource.getConnection()) {
            work.run(c);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public LedgerAccountEntity ccp(LedgerAccountKind kind) {
        return ledgerAccounts.find("code", kind.ccpCode()).singleResult();
    }

    /** The balance, read with a row lock held to the end of the transaction; empty if the asset was never booked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<BigDecimal> lockedBalance(LedgerAccountEntity ledgerAccount, AssetEntity asset) {
        em.flush();
        return em.createNativeQuery("""
                SELECT balance FROM ledger_balance WHERE ledger_account_id = ?1 AND asset_id = ?2 FOR UPDATE""", BigDecimal.class)
                .setParameter(1, ledgerAccount.id)
                .setParameter(2, asset.id)
                .getResultStream()
                .findFirst()
                .map(BigDecimal.class::cast);
    }

    private WithdrawalEntity lockPending(long id) {
        WithdrawalEntity w = withdrawals.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (w == null) {
            throw ApiProblem.notFound("withdrawal", Long.toString(id));
        }
        if (w.status != WithdrawalStatus.PENDING) {
            throw ApiProblem.of(ProblemCode.WITHDRAWAL_DECIDED, "withdrawal " + id + " is already " + w.status);
        }
        return w;
    }

    private Withdrawal decide(
            WithdrawalEntity w, WithdrawalStatus status, String reason, String action, Withdrawal before) {
        w.status = status;
        w.reason = reason;
        w.decidedBy = caller.actor();
        w.decidedAt = clock.instant();
        Withdrawal after = Withdrawal.of(w);
        audit.record(action, "withdrawal", Long.toString(w.id), before, after);
        return after;
    }

    private static <T> Page<T> page(List<T> items, PageRequest request, long total) {
        return new Page<>(items, request.page(), request.size(), total);
    }
}
