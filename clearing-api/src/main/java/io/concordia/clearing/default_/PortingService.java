package io.concordia.clearing.default_;

import io.concordia.clearing.account.AccountDtos.OpenAccount;
import io.concordia.clearing.account.AccountEntity;
import io.concordia.clearing.account.AccountLocks;
import io.concordia.clearing.account.AccountService;
import io.concordia.clearing.account.AccountStatus;
import io.concordia.clearing.account.AccountType;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.default_.CaseStore.CaseRow;
import io.concordia.clearing.default_.DefaultDtos.PortAccount;
import io.concordia.clearing.default_.DefaultDtos.PortView;
import io.concordia.clearing.ledger.EntryKind;
import io.concordia.clearing.ledger.JournalEntry;
import io.concordia.clearing.ledger.LedgerAccount;
import io.concordia.clearing.ledger.LedgerBatch;
import io.concordia.clearing.ledger.LedgerService;
import io.concordia.clearing.ledger.LedgerService.Leg;
import io.concordia.clearing.margin.MarginCallService;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.member.MemberEntity;
import io.concordia.clearing.member.MemberService;
import io.concordia.clearing.member.MemberStatus;
import io.concordia.clearing.refdata.AssetEntity;
import io.concordia.clearing.refdata.ProductEntity;
import io.concordia.clearing.refdata.RefDataRepositories.AssetRepository;
import io.concordia.clearing.refdata.RefDataRepositories.ProductRepository;
import io.concordia.clearing.settlement.Payments;
import io.concordia.clearing.settlement.SettlementLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Porting: a client account of the defaulter moves, with its positions, collateral and settlement state, to a new account
 * of a consenting receiving member, in one transaction. The old account is CLOSED, so no trade can reach it again.
 *
 * <p>What moves, so that the ported account's margin equity is the same to the cent before and after, and settlement
 * never pays the same variation margin twice nor settles a closed account:
 * <ul>
 *   <li>positions keep their quantity and entry price; their realized result is carried less the variation margin
 *       cycles already settled on the old account ({@code realized − Σ statement VM}), which is what margin counts
 *       as not yet settled;</li>
 *   <li>settlement positions (quantity and reference price) move to the new account, so the next cycle settles
 *       the positions there from the old reference price; trades of the old account no cycle settled yet settle on
 *       the new account too (the cycle follows default_port);</li>
 *   <li>collateral (unallocated and in isolated buckets) and the unpaid settlement balance move in one
 *       PORTING_TRANSFER entry.</li>
 * </ul>
 *
 * <p>The defaulter's instructions that covered the old account's balance stay the defaulter's, with their amounts as
 * issued, but the ported share is no longer the defaulter's to pay: settling such an instruction later moves the other
 * accounts' shares only. Nothing else would ever settle the moved balance, so it is paid at once out of (or into) the
 * ported collateral, when the collateral covers it (the rule of a cycle's zero net); otherwise it stays in the new
 * account's settlement balance, counted in equity, and margin calls the receiving member for what is missing.
 */
@ApplicationScoped
public class PortingService {

    @Inject
    CaseSteps steps;

    @Inject
    AssetRepository assets;

    @Inject
    ProductRepository products;

    @Inject
    AccountService accounts;

    @Inject
    MemberService members;

    @Inject
    LedgerService ledger;

    @Inject
    MarginCallService marginCalls;

    @Inject
    DefaultReportService reports;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Transactional
    public PortView port(long caseId, PortAccount request) {
        return steps.onConnection(c -> {
            CaseRow row =
                    CaseSteps.begin(c, caseId, "porting (allowed until the close-out starts)", CaseStatus.DECLARED);
            AccountEntity from = accounts.require(request.account());
            if (from.member.id != row.memberId()) {
                throw ApiProblem.of(
                        ProblemCode.ACCOUNT_NOT_OF_DEFAULTER,
                        "account '" + from.code + "' is not one of member '" + row.member() + "''s accounts");
            }
            if (from.type != AccountType.CLIENT) {
                throw ApiProblem.of(
                        ProblemCode.NOT_A_CLIENT_ACCOUNT,
                        "account '" + from.code + "' is a " + from.type + " account; only client accounts are ported");
            }
            if (from.status != AccountStatus.FROZEN) {
                throw ApiProblem.of(ProblemCode.ACCOUNT_NOT_FROZEN, "account '" + from.code + "' is " + from.status);
            }
            MemberEntity to = members.require(request.toMember());
            if (to.ccp) {
                throw ApiProblem.of(ProblemCode.CCP_MEMBER, "member '" + to.code + "' is the CCP itself");
            }
            if (to.id.equals(from.member.id)) {
                throw ApiProblem.of(
                        ProblemCode.PORT_TO_DEFAULTER, "a client account cannot be ported to the defaulter itself");
            }
            if (to.status != MemberStatus.ACTIVE) {
                throw ApiProblem.of(
                        ProblemCode.MEMBER_NOT_ACTIVE, "receiving member '" + to.code + "' is " + to.status);
            }
            // a cycle posting now would read the settlement positions this moves: one waits for the other
            SettlementLock.hold(c);
            lockInstructionsCovering(c, from.id);
            accounts.open(to.code, new OpenAccount(request.toAccount(), from.mode, AccountType.CLIENT));
            AccountEntity target = accounts.require(request.toAccount());
            AccountLocks.lock(c, List.of(from.id, target.id));
            Instant now = clock.instant();

            JournalEntry entry = moveCollateral(c, caseId, from, target);
            long portId = Sql.on(c)
                    .one(
                            """
                            INSERT INTO default_port (case_id, from_account_id, to_account_id, consent, entry_id, ported_by, ported_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                            r -> r.longValue("id"),
                            caseId,
                            from.id,
                            target.id,
                            request.consent(),
                            entry == null ? Sql.nullOf(Types.BIGINT) : entry.id(),
                            caller.actor(),
                            now);
            movePositions(c, portId, from.id, target.id);
            moveSettlementPositions(c, from.id, target.id);
            Payments.payBalance(
                    c, target.id, "default:" + caseId + ":port:" + from.code + ":settlement", caller.actor());
            // written through SQL like the rest of the port, so no JDBC statement ever reads a status Hibernate still
            // holds
            Sql.on(c).update("UPDATE account SET status = ? WHERE id = ?", AccountStatus.CLOSED, from.id);
            marginCalls.cancelForDefault(
                    c,
                    from.id,
                    caller.actor(),
                    "account ported to '" + target.code + "' of member '" + to.code + "' by default case " + caseId);
            MarginQueue.enqueue(c, List.of(from.id, target.id));
            PortView view = reports.port(c, portId);
            steps.record(c, row, "PORT_ACCOUNT", null, view, "ACCOUNT_PORTED", view);
            return view;
        });
    }

    /**
     * Moves every position row (open, or flat with a result not yet settled) and records what moved. The new row carries
     * the realized result less the variation margin cycles settled on the old account (exact: NUMERIC(38, 18) minus
     * statement figures whose products of 18-decimal numbers fit the same scale only when rounded; the difference is
     * rounded half-even at 18 decimals, the position book's own rule).
     */
    private static void movePositions(Connection c, long portId, long from, long to) {
        String settled = """
                coalesce((SELECT s.total FROM settled_variation_margin s
                           WHERE s.account_id = p.account_id AND s.product_id = p.product_id), 0)""";
        Sql sql = Sql.on(c);
        sql.update("""
                INSERT INTO default_port_position (port_id, product_id, quantity, average_price, realized_pnl, settled_variation_margin)
                SELECT ?, p.product_id, p.quantity, p.average_price, p.realized_pnl, %s FROM position p
                 WHERE p.account_id = ? AND (p.quantity <> 0 OR p.realized_pnl <> %s)""".formatted(settled, settled), portId, from);
        sql.update("""
                INSERT INTO position (account_id, product_id, quantity, average_price, realized_pnl, trade_count)
                SELECT ?, pp.product_id, pp.quantity, pp.average_price, round(pp.realized_pnl - pp.settled_variation_margin, 18), p.trade_count
                  FROM default_port_position pp JOIN position p ON p.account_id = ? AND p.product_id = pp.product_id
                 WHERE pp.port_id = ?""", to, from, portId);
        sql.update("DELETE FROM position WHERE account_id = ?", from);
    }

    /** The old account's settlement positions continue on the new account, at the same quantity and reference price. */
    private static void moveSettlementPositions(Connection c, long from, long to) {
        Sql.on(c).update("UPDATE settlement_position SET account_id = ? WHERE account_id = ?", to, from);
    }

    /**
     * Locks the defaulter's open instructions with a share of the old account, so that a payment decided at the same
     * time either finishes before the balance moves or sees the account ported (and leaves its share alone).
     */
    private static void lockInstructionsCovering(Connection c, long account) {
        Sql.on(c).list("""
                        SELECT i.id FROM settlement_instruction i
                          JOIN settlement_account_amount x ON x.cycle_id = i.cycle_id AND x.member_id = i.member_id AND x.asset_id = i.asset_id
                         WHERE x.account_id = ? AND i.status IN ('PENDING', 'FAILED') ORDER BY i.id FOR UPDATE OF i""", row -> row.longValue("id"), account);
    }

    /** A non-zero balance of one of the old account's ledger accounts. */
    private record Held(LedgerAccount ledgerAccount, long assetId, BigDecimal balance) {}

    /** One PORTING_TRANSFER entry moving every non-zero balance of the old account's collateral, buckets and settlement. */
    private JournalEntry moveCollateral(Connection c, long caseId, AccountEntity from, AccountEntity to) {
        List<Held> balances = Sql.on(c)
                .list(
                        "SELECT " + LedgerAccount.COLUMNS + """
                        , b.asset_id, b.balance FROM ledger_account la
                          JOIN ledger_balance b ON b.ledger_account_id = la.id
                         WHERE la.account_id = ? AND la.kind IN ('MEMBER_COLLATERAL', 'MEMBER_BUCKET', 'MEMBER_SETTLEMENT') AND b.balance <> 0
                         ORDER BY la.id, b.asset_id FOR UPDATE OF b""",
                        row -> new Held(LedgerAccount.of(row), row.longValue("asset_id"), row.decimal("balance")),
                        from.id);
        List<Leg> legs = new ArrayList<>();
        for (Held held : balances) {
            LedgerAccount source = held.ledgerAccount();
            AssetEntity asset = assets.findById(held.assetId());
            LedgerAccount target = switch (source.kind()) {
                case MEMBER_BUCKET -> {
                    ProductEntity product = products.findById(source.productId());
                    yield ledger.bucketOf(to, product);
                }
                case MEMBER_SETTLEMENT ->
                    ledger.ledgerAccount(
                            LedgerBatch.settlementAccounts(c, List.of(to.id)).get(to.id));
                default -> ledger.collateralOf(to);
            };
            legs.add(new Leg(source, asset, held.balance().negate()));
            legs.add(new Leg(target, asset, held.balance()));
        }
        if (legs.isEmpty()) {
            return null;
        }
        return ledger.post(EntryKind.PORTING_TRANSFER, "default:" + caseId + ":port:" + from.code, legs);
    }
}
