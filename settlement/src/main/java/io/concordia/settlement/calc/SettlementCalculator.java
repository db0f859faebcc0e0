package io.concordia.settlement.calc;

import io.concordia.settlement.model.AccountCode;
import io.concordia.settlement.model.CycleInput;
import io.concordia.settlement.model.CycleTrade;
import io.concordia.settlement.model.FundingRate;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.PositionState;
import io.concordia.settlement.model.Product;
import io.concordia.settlement.model.ProductSymbol;
import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes a settlement cycle (docs/architecture.md, "Data flow" 4). Stateless and deterministic: the same
 * {@link CycleInput} always gives an equal {@link CycleResult}, whatever the order of its positions and trades.
 *
 * <p><b>Per position</b> (account {@code a}, product {@code p}, settlement currency {@code c}), exact in
 * {@code BigDecimal}, cash {@code +} received by the member:
 * <ul>
 *   <li>{@code VM = q0 * (S - S0) + sum_t q_t * (S - p_t)}: {@code q0} held since the last cycle at reference
 *       {@code S0}, trades {@code (q_t, p_t)} of the cycle, settlement price {@code S};</li>
 *   <li>{@code funding = -(rate * intervals * q1 * S)} for a perpetual with a funding rate, where
 *       {@code q1 = q0 + sum q_t} is the quantity at the cut-off: a long pays when the rate is positive, a short
 *       receives;</li>
 *   <li>{@code fees = -(feeRate(p) * sum_t |q_t * p_t|)} over the trades whose {@link io.concordia.settlement.model.TradeKind}
 *       bears a fee (venue trades; default-management transfers bear none): always paid by the member.</li>
 * </ul>
 *
 * <p><b>Netting and rounding.</b> Per member and currency, across all its accounts and venues,
 * {@code N = sum(VM + funding + fees)} exact. The instruction is rounded at the currency scale with the rule of its
 * {@link Direction}: an amount owed to the CCP ({@code N < 0}, PAY) rounds {@link RoundingMode#UP} in magnitude, an
 * amount paid out ({@code N > 0}, RECEIVE) rounds {@link RoundingMode#DOWN}; together {@code FLOOR(N)}. A zero
 * rounded net issues no instruction. The rounded net is split over the member's accounts by largest remainder
 * ({@link Allocation#roundToTotal}).
 *
 * <p><b>Ledger.</b> One balanced entry per currency, referenced {@code <cycle>/<currency>}: each member account's
 * collateral receives its share of the rounded net (so that the variation margin settles into collateral as the
 * reference prices roll and unrealized P&amp;L restarts from zero); {@link CcpAccount#CCP_SETTLEMENT} posts
 * {@code FLOOR(-(VM + funding))} over all members; {@link CcpAccount#CCP_FEES} posts {@code DOWN(-fees)};
 * {@link CcpAccount#CCP_ROUNDING} posts what balances the entry, always {@code >= 0}. Zero postings are omitted.
 */
public final class SettlementCalculator {

    /** The shared stateless instance. */
    public static final SettlementCalculator DEFAULT = new SettlementCalculator();

    private SettlementCalculator() {}

    /**
     * Runs a cycle.
     *
     * @param input the cycle's frozen inputs (already validated by {@link CycleInput})
     * @return the cycle's result
     * @throws IllegalArgumentException if {@code input} is null
     */
    public CycleResult run(CycleInput input) {
        Checks.notNull(input, "input");
        Map<Key, Acc> byPosition = new HashMap<>();
        for (PositionState ps : input.positions()) {
            Acc acc = byPosition.computeIfAbsent(new Key(ps.account(), ps.product()), k -> new Acc());
            acc.openingQuantity = ps.quantity();
            acc.lastPrice = ps.lastSettlementPrice();
        }
        for (CycleTrade t : input.trades()) {
            Acc acc = byPosition.computeIfAbsent(new Key(t.account(), t.product()), k -> new Acc());
            BigDecimal price = input.settlementPrices().get(t.product());
            acc.tradeCount++;
            acc.tradedQuantity = acc.tradedQuantity.add(t.quantity());
            acc.tradedNotional = acc.tradedNotional.add(t.absNotional());
            if (t.kind().bearsFee()) {
                acc.feeNotional = acc.feeNotional.add(t.absNotional());
            }
            acc.tradeVm = acc.tradeVm.add(t.quantity().multiply(price.subtract(t.price())));
        }

        List<Key> keys = new ArrayList<>(byPosition.keySet());
        keys.sort(null);
        List<PositionSettlement> lines = new ArrayList<>(keys.size());
        List<PositionState> next = new ArrayList<>(keys.size());
        for (Key key : keys) {
            PositionSettlement line = settle(input, key, byPosition.get(key));
            lines.add(line);
            next.add(line.nextState());
        }

        // per member and currency; per account within it
        Map<MemberCurrency, NetAcc> nets = new TreeMap<>();
        for (PositionSettlement line : lines) {
            NetAcc n = nets.computeIfAbsent(new MemberCurrency(line.member(), line.currency()), k -> new NetAcc());
            n.vm = n.vm.add(line.variationMargin());
            n.funding = n.funding.add(line.funding());
            n.fees = n.fees.add(line.fees());
            n.byAccount.merge(line.account(), line.total(), BigDecimal::add);
        }
        List<MemberNet> memberNets = new ArrayList<>(nets.size());
        List<SettlementInstruction> instructions = new ArrayList<>();
        for (Map.Entry<MemberCurrency, NetAcc> e : nets.entrySet()) {
            MemberNet net = net(input, e.getKey(), e.getValue());
            memberNets.add(net);
            net.instruction(input.cycleId()).ifPresent(instructions::add);
        }

        List<CurrencyTotals> totals = new ArrayList<>();
        List<LedgerEntry> entries = new ArrayList<>();
        book(input, memberNets, totals, entries);
        return new CycleResult(input.cycleId(), lines, memberNets, instructions, entries, totals, next);
    }

    private static PositionSettlement settle(CycleInput input, Key key, Acc acc) {
        Product product = input.products().get(key.product);
        BigDecimal price = input.settlementPrices().get(key.product);
        BigDecimal lastPrice = acc.lastPrice != null ? acc.lastPrice : price;
        BigDecimal closing = acc.openingQuantity.add(acc.tradedQuantity);
        BigDecimal vm = acc.openingQuantity.multiply(price.subtract(lastPrice)).add(acc.tradeVm);
        BigDecimal funding = BigDecimal.ZERO;
        FundingRate rate = input.fundingRates().get(key.product);
        if (rate != null && product.kind().paysFunding()) {
            funding = rate.cycleRate().multiply(closing).multiply(price).negate();
        }
        BigDecimal fees =
                input.fees().rate(key.product).multiply(acc.feeNotional).negate();
        return new PositionSettlement(
                input.accountMembers().get(key.account),
                key.account,
                key.product,
                product.currency(),
                acc.openingQuantity,
                lastPrice,
                acc.tradeCount,
                acc.tradedQuantity,
                acc.tradedNotional,
                price,
                closing,
                vm,
                funding,
                fees);
    }

    private static MemberNet net(CycleInput input, MemberCurrency mc, NetAcc n) {
        int scale = input.scale(mc.currency);
        BigDecimal exact = n.vm.add(n.funding).add(n.fees);
        BigDecimal rounded = Direction.roundSigned(exact, scale);
        Map<AccountCode, BigDecimal> perAccount = Allocation.roundToTotal(n.byAccount, rounded, scale);
        return new MemberNet(
                mc.member,
                mc.currency,
                scale,
                n.vm,
                n.funding,
                n.fees,
                exact,
                rounded,
                exact.subtract(rounded),
                perAccount);
    }

    private static void book(
            CycleInput input, List<MemberNet> memberNets, List<CurrencyTotals> totals, List<LedgerEntry> entries) {
        Map<AssetCode, List<MemberNet>> byCurrency = new TreeMap<>();
        for (MemberNet n : memberNets) {
            byCurrency.computeIfAbsent(n.currency(), c -> new ArrayList<>()).add(n);
        }
        for (Map.Entry<AssetCode, List<MemberNet>> e : byCurrency.entrySet()) {
            AssetCode currency = e.getKey();
            int scale = input.scale(currency);
            BigDecimal vm = BigDecimal.ZERO;
            BigDecimal funding = BigDecimal.ZERO;
            BigDecimal fees = BigDecimal.ZERO;
            BigDecimal membersNet = BigDecimal.ZERO.setScale(scale);
            List<Posting> postings = new ArrayList<>();
            for (MemberNet n : e.getValue()) {
                vm = vm.add(n.variationMargin());
                funding = funding.add(n.funding());
                fees = fees.add(n.fees());
                membersNet = membersNet.add(n.roundedNet());
                n.accountAmounts().forEach((account, amount) -> {
                    if (amount.signum() != 0) {
                        postings.add(new Posting(LedgerAccountRef.member(account), currency, amount));
                    }
                });
            }
            BigDecimal settlement = vm.add(funding).negate().setScale(scale, RoundingMode.FLOOR);
            BigDecimal feeIncome = fees.negate().setScale(scale, RoundingMode.DOWN);
            BigDecimal residue = membersNet.add(settlement).add(feeIncome).negate();
            addIfNonZero(postings, CcpAccount.CCP_SETTLEMENT, currency, settlement);
            addIfNonZero(postings, CcpAccount.CCP_FEES, currency, feeIncome);
            addIfNonZero(postings, CcpAccount.CCP_ROUNDING, currency, residue);
            totals.add(
                    new CurrencyTotals(currency, scale, vm, funding, fees, membersNet, settlement, feeIncome, residue));
            if (!postings.isEmpty()) {
                postings.sort((a, b) -> a.account().compareTo(b.account()));
                entries.add(new LedgerEntry(input.cycleId().code() + "/" + currency.code(), postings));
            }
        }
    }

    private static void addIfNonZero(
            List<Posting> postings, CcpAccount account, AssetCode currency, BigDecimal amount) {
        if (amount.signum() != 0) {
            postings.add(new Posting(LedgerAccountRef.ccp(account), currency, amount));
        }
    }

    private record Key(AccountCode account, ProductSymbol product) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = account.compareTo(o.account);
            return c != 0 ? c : product.compareTo(o.product);
        }
    }

    private record MemberCurrency(MemberCode member, AssetCode currency) implements Comparable<MemberCurrency> {
        @Override
        public int compareTo(MemberCurrency o) {
            int c = member.compareTo(o.member);
            return c != 0 ? c : currency.compareTo(o.currency);
        }
    }

    private static final class Acc {
        BigDecimal openingQuantity = BigDecimal.ZERO;
        BigDecimal lastPrice;
        int tradeCount;
        BigDecimal tradedQuantity = BigDecimal.ZERO;
        BigDecimal tradedNotional = BigDecimal.ZERO;
        BigDecimal feeNotional = BigDecimal.ZERO;
        BigDecimal tradeVm = BigDecimal.ZERO;
    }

    private static final class NetAcc {
        BigDecimal vm = BigDecimal.ZERO;
        BigDecimal funding = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        final Map<AccountCode, BigDecimal> byAccount = new TreeMap<>();
    }
}
