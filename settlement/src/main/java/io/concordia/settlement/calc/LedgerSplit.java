package io.concordia.settlement.calc;

import io.concordia.settlement.model.MemberCode;
import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cycle's ledger entries booked as many small entries instead of one per currency. A ledger that checks an entry's
 * balance once per posting pays the square of the entry's size, so a cycle books:
 * <ul>
 *   <li>one {@link MemberEntry} per member: each of its accounts' non-zero shares ({@code +} to the member), in account
 *       order, and {@code -roundedNet} against {@link CcpAccount#CCP_SETTLEMENT} if the net is not zero;</li>
 *   <li>one {@link CcpEntry} per library entry (currency): {@link CcpAccount#CCP_SETTLEMENT} gives back the members'
 *       net ({@link CurrencyTotals#membersNet()}) plus its own posting, and the CCP's other postings (fee income,
 *       rounding residue) are booked as they are; zero legs are dropped.</li>
 * </ul>
 * Per ledger account, the split entries book exactly what the library's entries book: the CCP:SETTLEMENT legs of the
 * member entries and of the CCP entry cancel. Amounts are the library's, exact: nothing is rounded here.
 */
public final class LedgerSplit {

    /**
     * One leg of a split entry.
     *
     * @param account the ledger account
     * @param amount the change of its balance, non-zero; for a member account {@code +} owed to the member
     */
    public record Leg(LedgerAccountRef account, BigDecimal amount) {
        /** Validates. @throws IllegalArgumentException on nulls or a zero amount */
        public Leg {
            Checks.notNull(account, "account");
            Checks.nonZero(amount, "amount of leg to " + account.code());
        }
    }

    /**
     * A member's entry in one currency.
     *
     * @param member the member
     * @param currency the currency of every leg
     * @param legs its accounts' shares in account order, then CCP:SETTLEMENT's; never empty
     */
    public record MemberEntry(MemberCode member, AssetCode currency, List<Leg> legs) {}

    /**
     * The CCP's entry for one library entry.
     *
     * @param reference the library entry's reference
     * @param legs the CCP accounts' legs, in {@link CcpAccount} order; never empty
     */
    public record CcpEntry(String reference, List<Leg> legs) {}

    private LedgerSplit() {}

    /**
     * The members' entries; a member with nothing to book has none.
     *
     * @param result the cycle's result
     * @return one entry per member and currency with a non-zero share or net, in the order of {@link CycleResult#nets()}
     */
    public static List<MemberEntry> memberEntries(CycleResult result) {
        Checks.notNull(result, "result");
        List<MemberEntry> entries = new ArrayList<>();
        for (MemberNet n : result.nets()) {
            List<Leg> legs = new ArrayList<>();
            new TreeMap<>(n.accountAmounts()).forEach((account, amount) -> {
                if (amount.signum() != 0) {
                    legs.add(new Leg(LedgerAccountRef.member(account), amount));
                }
            });
            if (n.roundedNet().signum() != 0) {
                legs.add(new Leg(
                        LedgerAccountRef.ccp(CcpAccount.CCP_SETTLEMENT),
                        n.roundedNet().negate()));
            }
            if (!legs.isEmpty()) {
                entries.add(new MemberEntry(n.member(), n.currency(), List.copyOf(legs)));
            }
        }
        return entries;
    }

    /**
     * The CCP's entries; a library entry that leaves nothing on the CCP's accounts has none.
     *
     * @param result the cycle's result
     * @return one entry per library entry with a non-zero CCP leg, in the order of {@link CycleResult#ledgerEntries()}
     */
    public static List<CcpEntry> ccpEntries(CycleResult result) {
        Checks.notNull(result, "result");
        List<CcpEntry> entries = new ArrayList<>();
        for (LedgerEntry entry : result.ledgerEntries()) {
            Map<CcpAccount, BigDecimal> amounts = new EnumMap<>(CcpAccount.class);
            // what the member entries booked against CCP:SETTLEMENT comes back out of it here
            amounts.put(
                    CcpAccount.CCP_SETTLEMENT,
                    result.totals(entry.postings().get(0).currency())
                            .orElseThrow()
                            .membersNet());
            for (Posting p : entry.postings()) {
                if (p.account() instanceof LedgerAccountRef.Ccp x) {
                    amounts.merge(x.account(), p.amount(), BigDecimal::add);
                }
            }
            List<Leg> legs = new ArrayList<>();
            amounts.forEach((account, amount) -> {
                if (amount.signum() != 0) {
                    legs.add(new Leg(LedgerAccountRef.ccp(account), amount));
                }
            });
            if (!legs.isEmpty()) {
                entries.add(new CcpEntry(entry.reference(), List.copyOf(legs)));
            }
        }
        return entries;
    }
}
