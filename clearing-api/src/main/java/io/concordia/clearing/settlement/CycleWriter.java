package io.concordia.clearing.settlement;

import io.concordia.clearing.common.Sql;
import io.concordia.clearing.ledger.EntryKind;
import io.concordia.clearing.ledger.LedgerAccountKind;
import io.concordia.clearing.ledger.LedgerBatch;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.settlement.CycleLoader.LoadedCycle;
import io.concordia.settlement.calc.CcpAccount;
import io.concordia.settlement.calc.CycleResult;
import io.concordia.settlement.calc.LedgerAccountRef;
import io.concordia.settlement.calc.LedgerEntry;
import io.concordia.settlement.calc.LedgerSplit;
import io.concordia.settlement.calc.MemberNet;
import io.concordia.settlement.calc.PositionSettlement;
import io.concordia.settlement.calc.Posting;
import io.concordia.settlement.calc.SettlementInstruction;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.PositionState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes what the settlement library decided for a cycle: the statement lines, the nets and each account's share, the
 * ledger entries, the PENDING instructions and the positions' new reference state. One writer per cycle and
 * connection; each method is one step of {@link CycleService#post}, which calls them in order in its transaction.
 *
 * <p>Ledger. The library books one entry per currency; the database checks an entry's balance once per posting, so an
 * entry of 20,000 postings would cost 20,000² reads. The writer books the same postings as one entry per member and
 * currency (its accounts' settlement balances against {@code CCP:SETTLEMENT}) plus one CCP entry per currency (fee
 * income and rounding residue out of {@code CCP:SETTLEMENT}), as the library's {@link LedgerSplit} splits them; per
 * ledger account they sum exactly to the library's entry, which {@link #checkAgainstLibrary} verifies before anything is written. Member postings go to the account's
 * settlement balance, not its collateral: the collateral moves when the instruction settles.
 */
final class CycleWriter {

    private static final Logger LOG = Logger.getLogger(CycleWriter.class);
    /** Statement lines are sent to COPY in blocks of about this many characters. */
    private static final int COPY_BLOCK = 1 << 20;

    private final Connection c;
    private final CycleHead head;
    private final LoadedCycle loaded;
    private final CycleResult result;

    /** The ledger accounts of a cycle's entries. */
    private record LedgerAccounts(Map<CcpAccount, Long> ccp, Map<Long, Long> settlementAccounts) {}

    CycleWriter(Connection c, CycleHead head, LoadedCycle loaded, CycleResult result) {
        this.c = c;
        this.head = head;
        this.loaded = loaded;
        this.result = result;
    }

    /**
     * Statement lines by COPY: the largest write of a cycle, one row per account and product. Raw JDBC on purpose:
     * {@link Sql} has no COPY, and COPY through the driver's {@link PGConnection} streams the lines several times
     * faster than any batch of INSERTs.
     */
    void writeStatement() throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                COPY settlement_statement_line (cycle_id, account_id, product_id, asset_id, opening_quantity, reference_price, trade_count,
                     traded_quantity, traded_notional, settlement_price, closing_quantity, variation_margin, funding, fees) FROM STDIN""");
        try {
            StringBuilder rows = new StringBuilder(COPY_BLOCK);
            for (PositionSettlement l : result.positions()) {
                appendStatementLine(rows, l);
                if (rows.length() > COPY_BLOCK - 4096) {
                    write(copy, rows);
                }
            }
            write(copy, rows);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void appendStatementLine(StringBuilder rows, PositionSettlement l) {
        rows.append(head.id())
                .append('\t')
                .append(loaded.accountId(l.account()))
                .append('\t')
                .append(loaded.productIds().get(l.product()))
                .append('\t')
                .append(head.asset().id())
                .append('\t')
                .append(l.openingQuantity().toPlainString())
                .append('\t')
                .append(l.lastSettlementPrice().toPlainString())
                .append('\t')
                .append(l.tradeCount())
                .append('\t')
                .append(l.tradedQuantity().toPlainString())
                .append('\t')
                .append(l.tradedNotional().toPlainString())
                .append('\t')
                .append(l.settlementPrice().toPlainString())
                .append('\t')
                .append(l.closingQuantity().toPlainString())
                .append('\t')
                .append(l.variationMargin().toPlainString())
                .append('\t')
                .append(l.funding().toPlainString())
                .append('\t')
                .append(l.fees().toPlainString())
                .append('\n');
    }

    private static void write(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    /** Each member's net, then each account's non-zero share of it. */
    void writeNets() {
        Map<MemberCode, Long> memberIds = loaded.memberIds();
        List<MemberNet> nets = result.nets();
        Sql.on(c)
                .update(
                        """
                INSERT INTO settlement_net (cycle_id, member_id, asset_id, variation_margin, funding, fees, exact_net, rounded_net)
                SELECT ?, m, ?, vm, f, fe, en, rn FROM unnest(?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[])
                    AS u(m, vm, f, fe, en, rn)""",
                        head.id(),
                        head.asset().id(),
                        Sql.longs(nets, n -> memberIds.get(n.member())),
                        decimals(nets, MemberNet::variationMargin),
                        decimals(nets, MemberNet::funding),
                        decimals(nets, MemberNet::fees),
                        decimals(nets, MemberNet::exactNet),
                        decimals(nets, MemberNet::roundedNet));
        writeAccountAmounts(memberIds);
    }

    private void writeAccountAmounts(Map<MemberCode, Long> memberIds) {
        List<Long> accounts = new ArrayList<>();
        List<Long> members = new ArrayList<>();
        List<BigDecimal> amounts = new ArrayList<>();
        for (MemberNet n : result.nets()) {
            new TreeMap<>(n.accountAmounts()).forEach((account, amount) -> {
                if (amount.signum() != 0) {
                    accounts.add(loaded.accountId(account));
                    members.add(memberIds.get(n.member()));
                    amounts.add(amount);
                }
            });
        }
        Sql.on(c)
                .update(
                        """
                INSERT INTO settlement_account_amount (cycle_id, account_id, asset_id, member_id, amount)
                SELECT ?, a, ?, m, x FROM unnest(?::bigint[], ?::bigint[], ?::numeric[]) AS u(a, m, x)""",
                        head.id(),
                        head.asset().id(),
                        Sql.longs(accounts),
                        Sql.longs(members),
                        Sql.decimals(amounts));
    }

    /** One entry per member (its accounts' settlement balances against CCP:SETTLEMENT), then the CCP's entry. */
    void postLedger(String actor) throws SQLException {
        LedgerAccounts ledgerAccounts = ledgerAccounts();
        List<LedgerBatch.Draft> memberDrafts = memberDrafts(ledgerAccounts);
        List<LedgerBatch.Draft> ccpDrafts = ccpDrafts(ledgerAccounts);
        checkAgainstLibrary(memberDrafts, ccpDrafts, ledgerAccounts);
        LedgerBatch.post(c, EntryKind.SETTLEMENT_CYCLE, actor, memberDrafts);
        LedgerBatch.post(c, EntryKind.SETTLEMENT_CCP, actor, ccpDrafts);
    }

    private LedgerAccounts ledgerAccounts() throws SQLException {
        long ccpSettlement = LedgerBatch.ccpAccount(c, LedgerAccountKind.CCP_SETTLEMENT);
        Map<CcpAccount, Long> ccp = Map.of(
                CcpAccount.CCP_SETTLEMENT,
                ccpSettlement,
                CcpAccount.CCP_FEES,
                LedgerBatch.ccpAccount(c, LedgerAccountKind.CCP_FEES),
                CcpAccount.CCP_ROUNDING,
                LedgerBatch.ccpAccount(c, LedgerAccountKind.CCP_ROUNDING));
        Set<Long> booked = new TreeSet<>();
        result.nets()
                .forEach(n -> n.accountAmounts().forEach((a, x) -> {
                    if (x.signum() != 0) {
                        booked.add(loaded.accountId(a));
                    }
                }));
        return new LedgerAccounts(ccp, LedgerBatch.settlementAccounts(c, booked));
    }

    /** The library's member entries ({@link LedgerSplit#memberEntries}), member accounts read as settlement balances. */
    private List<LedgerBatch.Draft> memberDrafts(LedgerAccounts ledgerAccounts) {
        List<LedgerBatch.Draft> drafts = new ArrayList<>();
        for (LedgerSplit.MemberEntry entry : LedgerSplit.memberEntries(result)) {
            drafts.add(new LedgerBatch.Draft(reference(entry.member()), legs(entry.legs(), ledgerAccounts)));
        }
        return drafts;
    }

    /** The library's CCP entries ({@link LedgerSplit#ccpEntries}), legs in ledger account order. */
    private List<LedgerBatch.Draft> ccpDrafts(LedgerAccounts ledgerAccounts) {
        List<LedgerBatch.Draft> drafts = new ArrayList<>();
        for (LedgerSplit.CcpEntry entry : LedgerSplit.ccpEntries(result)) {
            List<LedgerBatch.Leg> legs = legs(entry.legs(), ledgerAccounts);
            legs.sort(Comparator.comparingLong(LedgerBatch.Leg::ledgerAccountId));
            drafts.add(new LedgerBatch.Draft(entry.reference(), legs));
        }
        return drafts;
    }

    private List<LedgerBatch.Leg> legs(List<LedgerSplit.Leg> legs, LedgerAccounts ledgerAccounts) {
        List<LedgerBatch.Leg> out = new ArrayList<>(legs.size());
        for (LedgerSplit.Leg leg : legs) {
            out.add(new LedgerBatch.Leg(
                    ledgerAccountId(leg.account(), ledgerAccounts), head.asset().id(), leg.amount()));
        }
        return out;
    }

    /** A library ledger account's id: a member account's settlement balance, or the CCP account. */
    private long ledgerAccountId(LedgerAccountRef account, LedgerAccounts ledgerAccounts) {
        return account instanceof LedgerAccountRef.MemberCollateral m
                ? ledgerAccounts.settlementAccounts().get(loaded.accountId(m.account()))
                : ledgerAccounts.ccp().get(((LedgerAccountRef.Ccp) account).account());
    }

    /**
     * The split entries must book, per ledger account, exactly what the library's per-currency entries book (member
     * collateral read as the account's settlement balance). A difference is a programming error: nothing is written.
     */
    private void checkAgainstLibrary(
            List<LedgerBatch.Draft> memberDrafts, List<LedgerBatch.Draft> ccpDrafts, LedgerAccounts ledgerAccounts) {
        Map<Long, BigDecimal> library = libraryBookings(ledgerAccounts);
        Map<Long, BigDecimal> split = new HashMap<>();
        for (List<LedgerBatch.Draft> drafts : List.of(memberDrafts, ccpDrafts)) {
            for (LedgerBatch.Draft d : drafts) {
                for (LedgerBatch.Leg leg : d.legs()) {
                    split.merge(leg.ledgerAccountId(), leg.amount(), BigDecimal::add);
                }
            }
        }
        library.values().removeIf(x -> x.signum() == 0);
        split.values().removeIf(x -> x.signum() == 0);
        Set<Long> keys = new TreeSet<>(library.keySet());
        keys.addAll(split.keySet());
        for (Long k : keys) {
            BigDecimal a = library.getOrDefault(k, BigDecimal.ZERO);
            BigDecimal b = split.getOrDefault(k, BigDecimal.ZERO);
            if (a.compareTo(b) != 0) {
                throw new IllegalStateException("cycle " + result.cycle() + ": ledger account " + k + " would book "
                        + b.toPlainString() + " where the settlement library books " + a.toPlainString());
            }
        }
    }

    /** What the library's entries book per ledger account. */
    private Map<Long, BigDecimal> libraryBookings(LedgerAccounts ledgerAccounts) {
        Map<Long, BigDecimal> library = new HashMap<>();
        for (LedgerEntry entry : result.ledgerEntries()) {
            for (Posting p : entry.postings()) {
                library.merge(ledgerAccountId(p.account(), ledgerAccounts), p.amount(), BigDecimal::add);
            }
        }
        return library;
    }

    /**
     * A member whose net rounds to 0 has no instruction to settle, yet its accounts' shares may offset each other
     * (+x on one account, -x on another). They move between settlement balance and collateral at once, when every
     * paying account's collateral covers its share; otherwise they stay in the settlement balances, which count in
     * equity, and the margin process calls for what is missing.
     */
    void moveZeroNets(String actor) throws SQLException {
        List<LedgerBatch.Draft> drafts = new ArrayList<>();
        for (MemberNet n : result.nets()) {
            if (n.roundedNet().signum() != 0
                    || n.accountAmounts().values().stream().allMatch(x -> x.signum() == 0)) {
                continue;
            }
            Map<Long, BigDecimal> shares = new TreeMap<>();
            n.accountAmounts().forEach((a, x) -> {
                if (x.signum() != 0) {
                    shares.put(loaded.accountId(a), x);
                }
            });
            Payments.Plan plan = Payments.plan(c, shares, head.asset().id());
            if (plan.covered()) {
                drafts.add(new LedgerBatch.Draft(reference(n.member()), plan.legs()));
            } else {
                LOG.warnf(
                        "settlement cycle %s: member %s nets to 0 but a paying account's collateral does not cover its share;"
                                + " the shares stay in the settlement balances",
                        head.code(), n.member());
            }
        }
        LedgerBatch.post(c, EntryKind.SETTLEMENT_PAYMENT, actor, drafts);
    }

    /** Writes the PENDING instructions to issue ({@link #issuable}). @return them */
    List<SettlementInstruction> writeInstructions() {
        List<SettlementInstruction> instructions = issuable();
        Map<MemberCode, Long> memberIds = loaded.memberIds();
        Sql.on(c)
                .update(
                        """
                INSERT INTO settlement_instruction (cycle_id, member_id, asset_id, direction, amount, status, created_at)
                SELECT ?, m, ?, d, x, 'PENDING', now() FROM unnest(?::bigint[], ?::text[], ?::numeric[]) AS u(m, d, x)""",
                        head.id(),
                        head.asset().id(),
                        Sql.longs(instructions, i -> memberIds.get(i.member())),
                        Sql.texts(instructions.stream()
                                .map(i -> i.direction().name())
                                .toList()),
                        decimals(instructions, SettlementInstruction::amount));
        return instructions;
    }

    /**
     * The instructions to issue: every member's but the CCP's own. The CCP's default-management account settles like
     * any account (its variation margin is booked to its settlement balance, where the CCP's result on the positions it
     * took over shows), but the CCP does not instruct itself to pay or receive.
     */
    private List<SettlementInstruction> issuable() {
        Set<Long> ccp = new TreeSet<>(Sql.on(c).list("SELECT id FROM member WHERE is_ccp", row -> row.longValue("id")));
        return result.instructions().stream()
                .filter(i -> !ccp.contains(loaded.memberIds().get(i.member())))
                .toList();
    }

    /** Each position's quantity and reference price roll to the cycle's close: unrealized P&L restarts from zero. */
    void rollPositions() {
        List<PositionState> open = new ArrayList<>();
        List<PositionState> flat = new ArrayList<>();
        for (PositionState s : result.nextPositions()) {
            (s.quantity().signum() == 0 ? flat : open).add(s);
        }
        for (int from = 0; from < open.size(); from += CycleLoader.CHUNK) {
            upsertPositions(open.subList(from, Math.min(open.size(), from + CycleLoader.CHUNK)));
        }
        if (!flat.isEmpty()) {
            Sql.on(c)
                    .update(
                            """
                    DELETE FROM settlement_position s USING unnest(?::bigint[], ?::bigint[]) AS u(a, p)
                     WHERE s.account_id = u.a AND s.product_id = u.p""",
                            Sql.longs(flat, s -> loaded.accountId(s.account())),
                            Sql.longs(flat, s -> loaded.productIds().get(s.product())));
        }
    }

    private void upsertPositions(List<PositionState> chunk) {
        Sql.on(c)
                .update(
                        """
                INSERT INTO settlement_position (account_id, product_id, quantity, reference_price, cycle_id)
                SELECT a, p, q, r, ? FROM unnest(?::bigint[], ?::bigint[], ?::numeric[], ?::numeric[]) AS u(a, p, q, r)
                ON CONFLICT (account_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity,
                       reference_price = EXCLUDED.reference_price, cycle_id = EXCLUDED.cycle_id""",
                        head.id(),
                        Sql.longs(chunk, s -> loaded.accountId(s.account())),
                        Sql.longs(chunk, s -> loaded.productIds().get(s.product())),
                        decimals(chunk, PositionState::quantity),
                        decimals(chunk, PositionState::lastSettlementPrice));
    }

    /**
     * Every account with a statement line is re-margined, not only those the ledger entries name: a share that rounds
     * to 0 posts nothing, yet the line's variation margin still moves from the position to the settled.
     */
    void enqueueMargin() throws SQLException {
        MarginQueue.enqueue(
                c,
                result.positions().stream()
                        .map(l -> loaded.accountId(l.account()))
                        .collect(Collectors.toSet()));
    }

    /** The reference of a member's entries and instruction in a cycle: {@code <cycle>/<member>/<currency>}. */
    private String reference(MemberCode member) {
        return head.code() + "/" + member.code() + "/" + head.asset().code();
    }

    private static <T> Sql.ArrayParameter decimals(List<T> rows, Function<T, BigDecimal> field) {
        return Sql.decimals(rows.stream().map(field).toList());
    }
}
