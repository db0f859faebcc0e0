package io.concordia.clearing.default_;

import io.concordia.clearing.account.AccountLocks;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.default_.CaseStore.CaseRow;
import io.concordia.clearing.default_.DefaultDtos.CaseView;
import io.concordia.clearing.default_.WaterfallEntries.MarginSource;
import io.concordia.clearing.ledger.EntryKind;
import io.concordia.clearing.ledger.JournalEntry;
import io.concordia.clearing.ledger.LedgerAccount;
import io.concordia.clearing.ledger.LedgerAccountKind;
import io.concordia.clearing.ledger.LedgerService;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.member.MemberEntity;
import io.concordia.clearing.member.MemberRepository;
import io.concordia.clearing.member.MemberStatus;
import io.concordia.clearing.refdata.AssetEntity;
import io.concordia.clearing.refdata.RefDataService;
import io.concordia.clearing.settlement.InstructionService;
import io.concordia.settlement.calc.DefaultOutcome;
import io.concordia.settlement.calc.WaterfallCalculator;
import io.concordia.settlement.calc.WaterfallLayer;
import io.concordia.settlement.calc.WaterfallResult;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.WaterfallInput;
import io.concordia.types.AssetCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The loss waterfall (docs/architecture.md, "Data flow" 5), applied in one transaction once every position is closed out and a
 * settlement cycle has settled the close-outs.
 *
 * <p>Why a cycle first. Settlement pays the surviving side of the defaulter's trades their variation margin, cycle by
 * cycle, and books the defaulter's side to its accounts' settlement balances; what the defaulter paid is gone from
 * those balances, what it did not pay is still in them. Once a cycle after the last close-out has settled the
 * close-out transfers, the defaulter holds no settlement position and no unsettled trade or transfer, and its whole
 * unpaid result — variation margin, funding and fees, at the cycles' rounding — sits in its settlement balances
 * {@code B} ({@code +} owed to the defaulter). Nothing settled or paid is counted again, and nothing is left for a later
 * cycle to book. Until then the step is refused with {@code 409 SETTLEMENT_REQUIRED}.
 *
 * <p>The result {@code R = B}. With the close-out {@code costs}, the loss is {@code max(0, costs - R)} rounded up at
 * the currency's scale, or the surplus {@code max(0, R - costs)} rounded down (the settlement library's
 * {@link DefaultOutcome}). The balances are cleared against
 * CCP:DEFAULT-LOSS (one DEFAULT_SETTLEMENT_WRITE_OFF entry) and the defaulter's instructions that were neither settled
 * nor written off become WRITTEN_OFF (published like any status change): their amounts are in the loss now, and a late
 * payment can no longer move them. The loss is allocated by the settlement library's {@link WaterfallCalculator}: the
 * defaulter's margin collateral, its default-fund contribution, the CCP's skin in the game, the surviving members'
 * contributions pro rata, then assessments capped at the configured multiple of each contribution; what is left is
 * uncovered. Every layer's use is one journal entry into CCP:DEFAULT-LOSS ({@link WaterfallEntries}), and so is the uncovered remainder (against
 * CCP:UNCOVERED-LOSS) or the surplus (to the defaulter's collateral); CCP:DEFAULT-LOSS ends the case at the costs
 * (plus the loss's rounding up), owed on to whoever incurred them.
 *
 * <p>The position book is never edited: margin counts a position's result as {@code realized − Σ settled variation
 * margin}, which a flat, fully settled position leaves at zero. What it leaves besides (the average-price rounding of
 * the position book, never cash) is stored on the case as {@code unsettled_result} and is not part of the loss.
 */
@ApplicationScoped
public class WaterfallService {

    @Inject
    CaseSteps steps;

    @Inject
    DefaultConfig config;

    @Inject
    RefDataService refData;

    @Inject
    MemberRepository members;

    @Inject
    LedgerService ledger;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @Inject
    DefaultReportService reports;

    @Inject
    InstructionService instructions;

    /**
     * The resources the waterfall draws on, their balances locked: the defaulter's margin collateral (layer 1), its
     * default-fund account and contribution, the CCP's skin in the game, and every surviving member's default-fund
     * account and contribution (those with a positive one).
     */
    private record Resources(
            List<MarginSource> margin,
            LedgerAccount defaulterFund,
            BigDecimal defaulterContribution,
            LedgerAccount skin,
            BigDecimal skinInTheGame,
            Map<MemberCode, LedgerAccount> survivorFunds,
            Map<MemberCode, BigDecimal> contributions) {

        BigDecimal marginCapacity() {
            return margin.stream().map(MarginSource::balance).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** A surviving member's default-fund ledger account. */
    private record SurvivorFund(MemberCode member, LedgerAccount fund) {}

    /** The figures stored on the case once the loss is allocated. */
    private record Figures(
            BigDecimal result, BigDecimal costs, DefaultOutcome outcome, BigDecimal uncovered, BigDecimal residue) {}

    @Transactional
    public CaseView apply(long caseId, BigDecimal requestedCosts) {
        return steps.onConnection(c -> {
            CaseRow row = CaseSteps.begin(
                    c, caseId, "the waterfall (once every position is closed out)", CaseStatus.CLOSED_OUT);
            AssetEntity asset = refData.requireAsset(config.currency());
            BigDecimal costs = costs(requestedCosts, asset.scale);
            List<Long> accounts = CaseStore.defaulterAccounts(c, row.memberId());
            AccountLocks.lock(c, accounts);
            if (!Positions.open(c, accounts).isEmpty()) {
                throw new IllegalStateException(
                        "default case " + caseId + " is CLOSED_OUT but the defaulter holds open positions");
            }
            requireSettled(c, caseId, accounts);
            Map<Long, BigDecimal> unpaid = unpaidSettlement(c, accounts, asset);
            BigDecimal result = unpaid.values().stream().reduce(BigDecimal.ZERO.setScale(asset.scale), BigDecimal::add);
            BigDecimal residue = unsettledResidue(c, accounts);
            DefaultOutcome outcome = DefaultOutcome.of(result, costs, asset.scale);

            Resources resources = resources(c, row, accounts, asset);
            WaterfallResult w = WaterfallCalculator.DEFAULT.allocate(new WaterfallInput(
                    AssetCode.of(asset.code),
                    asset.scale,
                    MemberCode.of(row.member()),
                    outcome.loss(),
                    resources.marginCapacity(),
                    resources.defaulterContribution(),
                    resources.skinInTheGame(),
                    resources.contributions(),
                    config.assessmentMultiple()));
            Map<WaterfallLayer, JournalEntry> entries =
                    postEntries(c, caseId, asset, accounts, unpaid, result, w, resources, outcome.surplus());

            store(c, caseId, w, entries, resources.survivorFunds());
            instructions.writeOff(c, row.memberId(), caseId, caller.actor());
            markLossAllocated(c, caseId, asset, new Figures(result, costs, outcome, w.uncovered(), residue));
            MarginQueue.enqueue(c, accounts);
            return recordApplied(c, row, caseId);
        });
    }

    /** The operator's close-out costs at the currency's scale; none given: zero. Refused if negative. */
    private static BigDecimal costs(BigDecimal requestedCosts, int scale) {
        BigDecimal costs = requestedCosts == null
                ? BigDecimal.ZERO.setScale(scale)
                : Decimals.atScale(requestedCosts, scale, "costs");
        if (costs.signum() < 0) {
            throw ApiProblem.of(ProblemCode.NEGATIVE_COSTS, "costs must be zero or more, was " + costs.toPlainString());
        }
        return costs;
    }

    private Resources resources(Connection c, CaseRow row, List<Long> accounts, AssetEntity asset) {
        MemberEntity defaulter = members.findById(row.memberId());
        List<MarginSource> margin = marginSources(c, accounts, asset);
        LedgerAccount defaulterFund = ledger.memberAccount(defaulter, LedgerAccountKind.MEMBER_DEFAULT_FUND);
        BigDecimal defaulterContribution =
                ledger.lockedBalance(defaulterFund, asset).orElse(BigDecimal.ZERO);
        LedgerAccount skin = ledger.ccp(LedgerAccountKind.CCP_SKIN_IN_THE_GAME);
        BigDecimal skinInTheGame = ledger.lockedBalance(skin, asset).orElse(BigDecimal.ZERO);
        Map<MemberCode, LedgerAccount> survivorFunds = new TreeMap<>();
        Map<MemberCode, BigDecimal> contributions = new TreeMap<>();
        for (SurvivorFund survivor : survivingFunds(c)) {
            BigDecimal contribution =
                    ledger.lockedBalance(survivor.fund(), asset).orElse(BigDecimal.ZERO);
            if (contribution.signum() > 0) {
                survivorFunds.put(survivor.member(), survivor.fund());
                contributions.put(survivor.member(), contribution);
            }
        }
        return new Resources(
                margin, defaulterFund, defaulterContribution, skin, skinInTheGame, survivorFunds, contributions);
    }

    /** The write-off of the unpaid result, one entry per layer used (in the waterfall's order), the uncovered rest or the surplus. */
    private Map<WaterfallLayer, JournalEntry> postEntries(
            Connection c,
            long caseId,
            AssetEntity asset,
            List<Long> accounts,
            Map<Long, BigDecimal> unpaid,
            BigDecimal result,
            WaterfallResult w,
            Resources resources,
            BigDecimal surplus) {
        WaterfallEntries ledgerEntries = new WaterfallEntries(ledger, asset, caseId);
        ledgerEntries.writeOffUnpaid(unpaid, result);
        Map<WaterfallLayer, JournalEntry> entries = new LinkedHashMap<>();
        ledgerEntries
                .defaulterMargin(w.layer(WaterfallLayer.DEFAULTER_MARGIN).used(), resources.margin())
                .ifPresent(e -> entries.put(WaterfallLayer.DEFAULTER_MARGIN, e));
        ledgerEntries
                .single(
                        EntryKind.WATERFALL_DEFAULTER_FUND,
                        "defaulter-fund",
                        resources.defaulterFund(),
                        w.layer(WaterfallLayer.DEFAULTER_CONTRIBUTION).used())
                .ifPresent(e -> entries.put(WaterfallLayer.DEFAULTER_CONTRIBUTION, e));
        ledgerEntries
                .single(
                        EntryKind.WATERFALL_SKIN_IN_THE_GAME,
                        "skin-in-the-game",
                        resources.skin(),
                        w.layer(WaterfallLayer.SKIN_IN_THE_GAME).used())
                .ifPresent(e -> entries.put(WaterfallLayer.SKIN_IN_THE_GAME, e));
        ledgerEntries
                .mutualFund(w.layer(WaterfallLayer.MUTUAL_FUND), resources.survivorFunds())
                .ifPresent(e -> entries.put(WaterfallLayer.MUTUAL_FUND, e));
        ledgerEntries
                .assessments(w.layer(WaterfallLayer.ASSESSMENTS), resources.survivorFunds())
                .ifPresent(e -> entries.put(WaterfallLayer.ASSESSMENTS, e));
        ledgerEntries.uncovered(w.uncovered());
        if (surplus.signum() > 0) {
            ledgerEntries.surplus(firstByCode(c, accounts), surplus);
        }
        return entries;
    }

    private void markLossAllocated(Connection c, long caseId, AssetEntity asset, Figures f) {
        Sql.on(c)
                .update(
                        """
                        UPDATE default_case SET status = 'LOSS_ALLOCATED', asset_id = ?, trading_result = ?, costs = ?, loss = ?,
                                                surplus = ?, uncovered = ?, loss_allocated_by = ?, loss_allocated_at = ?,
                                                unpaid_settlement = ?, unsettled_result = ?
                         WHERE id = ?""",
                        asset.id,
                        f.result(),
                        f.costs(),
                        f.outcome().loss(),
                        f.outcome().surplus(),
                        f.uncovered(),
                        caller.actor(),
                        clock.instant(),
                        f.result(),
                        f.residue(),
                        caseId);
    }

    /** Audits the step and publishes DEFAULT_LOSS_ALLOCATED with the waterfall's report. @return the case as it is now */
    private CaseView recordApplied(Connection c, CaseRow row, long caseId) {
        CaseView after = CaseStore.view(c, CaseStore.find(c, caseId));
        DefaultDtos.CaseView before = CaseStore.view(c, row);
        steps.record(
                c,
                row,
                "APPLY_WATERFALL",
                before,
                Map.of("case", after, "waterfall", reports.waterfall(c, caseId)),
                "DEFAULT_LOSS_ALLOCATED",
                reports.waterfall(c, caseId));
        return after;
    }

    /**
     * Refuses the waterfall until settlement has caught up with the close-out: no unfinished cycle, and no settlement
     * position, unsettled trade or unsettled transfer left on the defaulter's accounts.
     */
    private static void requireSettled(Connection c, long caseId, List<Long> accounts) {
        record Unsettled(long cycles, long positions, long trades, long transfers) {}
        Sql.ArrayParameter ids = Sql.longs(accounts);
        Unsettled u = Sql.on(c)
                .one(
                        """
                        SELECT (SELECT count(*) FROM settlement_cycle WHERE status <> 'PUBLISHED') AS cycles,
                               (SELECT count(*) FROM settlement_position WHERE account_id = ANY (?)) AS positions,
                               (SELECT count(*) FROM trade_inbox WHERE settlement_cycle_id IS NULL
                                   AND (buyer_account_id = ANY (?) OR seller_account_id = ANY (?))) AS trades,
                               (SELECT count(*) FROM position_transfer WHERE settlement_cycle_id IS NULL
                                   AND (buyer_account_id = ANY (?) OR seller_account_id = ANY (?))) AS transfers""",
                        row -> new Unsettled(
                                row.longValue("cycles"),
                                row.longValue("positions"),
                                row.longValue("trades"),
                                row.longValue("transfers")),
                        ids,
                        ids,
                        ids,
                        ids,
                        ids);
        if (u.cycles() > 0) {
            throw ApiProblem.of(
                    ProblemCode.SETTLEMENT_REQUIRED,
                    "a settlement cycle is unfinished; finish it, then apply the " + "waterfall of default case "
                            + caseId);
        }
        if (u.positions() + u.trades() + u.transfers() > 0) {
            throw ApiProblem.of(
                    ProblemCode.SETTLEMENT_REQUIRED,
                    "the defaulter's positions, trades or close-outs are not all "
                            + "settled yet (" + u.positions() + " settlement positions, " + u.trades()
                            + " trades, " + u.transfers()
                            + " transfers); run a settlement cycle (POST /api/v1/admin/settlement-cycles) after the last close-out, "
                            + "with a price for any product that has no mark");
        }
    }

    /** The defaulter's settlement balances in the currency, locked: ledger account id to balance ({@code +} owed to it). */
    private static Map<Long, BigDecimal> unpaidSettlement(Connection c, List<Long> accounts, AssetEntity asset) {
        record Unpaid(long ledgerAccount, BigDecimal balance) {}
        Map<Long, BigDecimal> out = new TreeMap<>();
        if (accounts.isEmpty()) {
            return out;
        }
        for (Unpaid u : Sql.on(c)
                .list(
                        """
                        SELECT la.id, b.balance FROM ledger_account la JOIN ledger_balance b ON b.ledger_account_id = la.id
                         WHERE la.account_id = ANY (?) AND la.kind = 'MEMBER_SETTLEMENT' AND b.asset_id = ?
                           AND b.balance <> 0
                         ORDER BY la.id FOR UPDATE OF b""",
                        row -> new Unpaid(row.longValue("id"), row.decimal("balance")),
                        Sql.longs(accounts),
                        asset.id)) {
            out.put(u.ledgerAccount(), u.balance());
        }
        return out;
    }

    /** {@code Σ (realized − settled variation margin)} over the defaulter's positions: what margin still counts on them. */
    private static BigDecimal unsettledResidue(Connection c, List<Long> accounts) {
        Sql.ArrayParameter ids = Sql.longs(accounts);
        return Sql.on(c).one("""
                        SELECT coalesce(sum(p.realized_pnl), 0)
                               - (SELECT coalesce(sum(s.total), 0) FROM settled_variation_margin s WHERE s.account_id = ANY (?))
                               AS residue
                          FROM position p WHERE p.account_id = ANY (?)""", row -> row.decimal("residue"), ids, ids);
    }

    /** The defaulter's collateral ledger accounts holding the currency, locked: by account code, unallocated first. */
    private List<MarginSource> marginSources(Connection c, List<Long> accounts, AssetEntity asset) {
        if (accounts.isEmpty()) {
            return new ArrayList<>();
        }
        return Sql.on(c)
                .list(
                        "SELECT " + LedgerAccount.COLUMNS + """
                        , b.balance FROM ledger_account la JOIN account a ON a.id = la.account_id
                          JOIN ledger_balance b ON b.ledger_account_id = la.id
                          LEFT JOIN product p ON p.id = la.product_id
                         WHERE la.account_id = ANY (?) AND la.kind IN ('MEMBER_COLLATERAL', 'MEMBER_BUCKET')
                           AND b.asset_id = ? AND b.balance > 0
                         ORDER BY a.code, la.kind = 'MEMBER_BUCKET', p.symbol NULLS FIRST FOR UPDATE OF b""",
                        row -> new MarginSource(LedgerAccount.of(row), row.decimal("balance")),
                        Sql.longs(accounts),
                        asset.id);
    }

    /** The default-fund accounts of every member that survives: not in default, not the CCP. */
    private static List<SurvivorFund> survivingFunds(Connection c) {
        return Sql.on(c)
                .list(
                        "SELECT " + LedgerAccount.COLUMNS + """
                        , m.code AS member FROM ledger_account la JOIN member m ON m.id = la.member_id
                         WHERE la.kind = ? AND m.status <> ? AND NOT m.is_ccp
                         ORDER BY la.id""",
                        row -> new SurvivorFund(MemberCode.of(row.string("member")), LedgerAccount.of(row)),
                        LedgerAccountKind.MEMBER_DEFAULT_FUND,
                        MemberStatus.DEFAULTED);
    }

    private static long firstByCode(Connection c, List<Long> accounts) {
        return Sql.on(c)
                .one(
                        "SELECT id FROM account WHERE id = ANY (?) ORDER BY code LIMIT 1",
                        row -> row.longValue("id"),
                        Sql.longs(accounts));
    }

    private static void store(
            Connection c,
            long caseId,
            WaterfallResult w,
            Map<WaterfallLayer, JournalEntry> entries,
            Map<MemberCode, LedgerAccount> funds) {
        Sql sql = Sql.on(c);
        sql.batch("""
                INSERT INTO default_waterfall_layer (case_id, layer, ordinal, capacity, used, entry_id) VALUES (?, ?, ?, ?, ?, ?)""", w.layers(), u -> {
            JournalEntry entry = entries.get(u.layer());
            return new Object[] {
                caseId,
                u.layer(),
                u.layer().position(),
                u.capacity(),
                u.used(),
                entry == null ? Sql.nullOf(Types.BIGINT) : entry.id()
            };
        });
        List<Object[]> charges = new ArrayList<>();
        for (WaterfallLayer layer : List.of(WaterfallLayer.MUTUAL_FUND, WaterfallLayer.ASSESSMENTS)) {
            for (Map.Entry<MemberCode, BigDecimal> share :
                    w.layer(layer).shares().entrySet()) {
                if (share.getValue().signum() > 0) {
                    charges.add(new Object[] {
                        caseId,
                        funds.get(share.getKey()).memberId(),
                        layer,
                        share.getValue(),
                        entries.get(layer).id()
                    });
                }
            }
        }
        sql.batch("""
                INSERT INTO default_member_charge (case_id, member_id, layer, amount, entry_id) VALUES (?, ?, ?, ?, ?)""", charges, charge -> charge);
    }
}
