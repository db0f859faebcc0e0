package io.concordia.settlement.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.settlement.model.AccountCode;
import io.concordia.settlement.model.CycleId;
import io.concordia.settlement.model.CycleInput;
import io.concordia.settlement.model.CycleTrade;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.PositionState;
import io.concordia.settlement.model.VenueCode;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests over thousands of random cycles (plain JUnit, fixed seeds: a failure names its seed).
 *
 * <p>"Re-running is a no-op" is checked as: the next cycle from the result's {@code nextPositions}, with the same
 * prices, no trades and no funding interval, has zero VM everywhere, issues no instruction (zero-amount
 * instructions are never issued) and books no ledger entry.
 */
class SettlementPropertiesTest {

    private static final int CYCLES = 2_000;

    @Test
    void shouldNetInstructionsToZeroAgainstTheCcpAccountsInEveryCurrency() {
        for (int seed = 0; seed < CYCLES; seed++) {
            RandomBooks gen = new RandomBooks(seed);
            boolean balanced = seed % 2 == 0;
            CycleInput input = balanced ? gen.balancedCycle("C" + seed) : gen.anyCycle("C" + seed);

            CycleResult r = SettlementCalculator.DEFAULT.run(input);

            String at = "seed " + seed;
            for (CurrencyTotals t : r.currencyTotals()) {
                BigDecimal instructions = r.instructions().stream()
                        .filter(i -> i.currency().equals(t.currency()))
                        .map(SettlementInstruction::signedAmount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(instructions).as(at).isEqualByComparingTo(t.membersNet());
                assertThat(instructions
                                .add(t.ccpSettlement())
                                .add(t.feeIncome())
                                .add(t.roundingResidue()))
                        .as(at)
                        .isEqualByComparingTo(BigDecimal.ZERO);
                long members = r.nets().stream()
                        .filter(n -> n.currency().equals(t.currency()))
                        .count();
                BigDecimal ulp = BigDecimal.ONE.movePointLeft(t.scale());
                assertThat(t.roundingResidue())
                        .as(at)
                        .isGreaterThanOrEqualTo(BigDecimal.ZERO)
                        .isLessThan(ulp.multiply(BigDecimal.valueOf(members + 2)));
                assertThat(t.feeIncome().signum()).as(at).isGreaterThanOrEqualTo(0);
                if (balanced) {
                    assertThat(t.variationMargin()).as(at).isEqualByComparingTo(BigDecimal.ZERO);
                    assertThat(t.funding()).as(at).isEqualByComparingTo(BigDecimal.ZERO);
                    assertThat(t.ccpSettlement()).as(at).isEqualByComparingTo(BigDecimal.ZERO);
                }
            }
            for (LedgerEntry e : r.ledgerEntries()) {
                assertThat(LedgerEntry.totals(e.postings()).values())
                        .as(at)
                        .allSatisfy(sum -> assertThat(sum).isEqualByComparingTo(BigDecimal.ZERO));
                assertThat(e.postings())
                        .as(at)
                        .allSatisfy(
                                p -> assertThat(p.amount().stripTrailingZeros().scale())
                                        .isLessThanOrEqualTo(input.scale(p.currency())));
            }
            for (MemberNet n : r.nets()) {
                BigDecimal ulp = BigDecimal.ONE.movePointLeft(n.scale());
                assertThat(n.roundedNet()).as(at).isLessThanOrEqualTo(n.exactNet());
                assertThat(n.exactNet().subtract(n.roundedNet())).as(at).isLessThan(ulp);
                assertThat(n.accountAmounts().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                        .as(at)
                        .isEqualByComparingTo(n.roundedNet());
                BigDecimal ledgerLegs = BigDecimal.ZERO;
                for (AccountCode a : n.accountAmounts().keySet()) {
                    ledgerLegs = ledgerLegs.add(ledgerAmount(r, LedgerAccountRef.member(a), n.currency()));
                }
                assertThat(ledgerLegs).as(at).isEqualByComparingTo(n.roundedNet());
            }
            Set<List<Object>> keys = new HashSet<>();
            for (SettlementInstruction i : r.instructions()) {
                assertThat(keys.add(List.of(i.member(), i.currency())))
                        .as(at + ": one instruction per member and currency")
                        .isTrue();
            }
        }
    }

    @Test
    void shouldMakeARerunWithUnchangedPricesAndNoTradesANoOp() {
        for (int seed = 0; seed < CYCLES; seed++) {
            RandomBooks gen = new RandomBooks(10_000 + seed);
            CycleInput first = seed % 2 == 0 ? gen.balancedCycle("C1") : gen.anyCycle("C1");
            CycleResult r1 = SettlementCalculator.DEFAULT.run(first);

            CycleResult r2 = SettlementCalculator.DEFAULT.run(
                    first.next(CycleId.of("C2"), r1.nextPositions(), first.settlementPrices(), Map.of(), List.of()));

            String at = "seed " + seed;
            assertThat(r2.positions()).as(at).allSatisfy(p -> {
                assertThat(p.variationMargin().signum()).isZero();
                assertThat(p.total().signum()).isZero();
            });
            assertThat(r2.instructions()).as(at).isEmpty();
            assertThat(r2.ledgerEntries()).as(at).isEmpty();
            assertThat(r2.nextPositions()).as(at).isEqualTo(r1.nextPositions());
        }
    }

    @Test
    void shouldGiveTheSameTotalVariationMarginWhenACycleIsSplitAtAnIntermediatePrice() {
        for (int seed = 0; seed < CYCLES; seed++) {
            RandomBooks gen = new RandomBooks(20_000 + seed);
            CycleInput whole = seed % 2 == 0 ? gen.balancedCycle("W") : gen.anyCycle("W");
            whole = whole.next(whole.cycleId(), whole.positions(), whole.settlementPrices(), Map.of(), whole.trades());
            List<CycleTrade> early = new ArrayList<>();
            List<CycleTrade> late = new ArrayList<>();
            for (CycleTrade t : whole.trades()) {
                (gen.rng().nextBoolean() ? early : late).add(t);
            }
            CycleInput firstHalf = whole.next(CycleId.of("H1"), whole.positions(), gen.prices(), Map.of(), early);
            CycleResult h1 = SettlementCalculator.DEFAULT.run(firstHalf);
            CycleResult h2 = SettlementCalculator.DEFAULT.run(
                    whole.next(CycleId.of("H2"), h1.nextPositions(), whole.settlementPrices(), Map.of(), late));
            CycleResult one = SettlementCalculator.DEFAULT.run(whole);

            String at = "seed " + seed;
            Map<List<Object>, BigDecimal> splitVm = new HashMap<>();
            Map<List<Object>, BigDecimal> splitFees = new HashMap<>();
            for (CycleResult r : List.of(h1, h2)) {
                for (PositionSettlement p : r.positions()) {
                    splitVm.merge(List.of(p.account(), p.product()), p.variationMargin(), BigDecimal::add);
                    splitFees.merge(List.of(p.account(), p.product()), p.fees(), BigDecimal::add);
                }
            }
            for (PositionSettlement p : one.positions()) {
                assertThat(splitVm.get(List.of(p.account(), p.product())))
                        .as(at)
                        .isEqualByComparingTo(p.variationMargin());
                assertThat(splitFees.get(List.of(p.account(), p.product())))
                        .as(at)
                        .isEqualByComparingTo(p.fees());
            }
            assertThat(h2.nextPositions()).as(at).isEqualTo(one.nextPositions());
            // after rounding: each cycle floors the member's net, so splitting costs the member between 0 and one
            // unit of the last place per member and currency, never more, and never gains it anything
            for (MemberNet n : one.nets()) {
                BigDecimal split = rounded(h1, n.member(), n.currency()).add(rounded(h2, n.member(), n.currency()));
                BigDecimal ulp = BigDecimal.ONE.movePointLeft(n.scale());
                assertThat(n.roundedNet().subtract(split)).as(at).isBetween(BigDecimal.ZERO, ulp);
                BigDecimal splitExact = exact(h1, n.member(), n.currency()).add(exact(h2, n.member(), n.currency()));
                assertThat(splitExact).as(at).isEqualByComparingTo(n.exactNet());
            }
        }
    }

    @Test
    void shouldNetIndependentlyOfTheOrderOfTradesAndPositionsAndOfTheirVenues() {
        for (int seed = 0; seed < CYCLES; seed++) {
            RandomBooks gen = new RandomBooks(30_000 + seed);
            CycleInput input = seed % 2 == 0 ? gen.balancedCycle("C") : gen.anyCycle("C");
            Random shuffle = new Random(seed);
            List<PositionState> positions = new ArrayList<>(input.positions());
            List<CycleTrade> trades = new ArrayList<>(input.trades());
            Collections.shuffle(positions, shuffle);
            Collections.shuffle(trades, shuffle);
            List<CycleTrade> otherVenues = new ArrayList<>();
            for (CycleTrade t : trades) {
                otherVenues.add(new CycleTrade(
                        t.account(),
                        t.product(),
                        VenueCode.of(RandomBooks.VENUES[shuffle.nextInt(RandomBooks.VENUES.length)]),
                        t.quantity(),
                        t.price()));
            }

            CycleResult base = SettlementCalculator.DEFAULT.run(input);
            CycleResult shuffled = SettlementCalculator.DEFAULT.run(
                    input.next(input.cycleId(), positions, input.settlementPrices(), input.fundingRates(), trades));
            CycleResult revenued = SettlementCalculator.DEFAULT.run(input.next(
                    input.cycleId(), positions, input.settlementPrices(), input.fundingRates(), otherVenues));

            assertThat(shuffled).as("seed " + seed).isEqualTo(base);
            assertThat(revenued).as("seed " + seed).isEqualTo(base);
        }
    }

    @Test
    void shouldKeepEachAccountLegWithinOneUnitOfItsExactAmount() {
        for (int seed = 0; seed < CYCLES; seed++) {
            CycleInput input = new RandomBooks(40_000 + seed).anyCycle("C");
            CycleResult r = SettlementCalculator.DEFAULT.run(input);
            Map<List<Object>, BigDecimal> exact =
                    new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
            for (PositionSettlement p : r.positions()) {
                exact.merge(List.of(p.account(), p.currency()), p.total(), BigDecimal::add);
            }
            for (MemberNet n : r.nets()) {
                BigDecimal ulp = BigDecimal.ONE.movePointLeft(n.scale());
                n.accountAmounts()
                        .forEach((a, amount) -> assertThat(amount.subtract(exact.get(List.of(a, n.currency())))
                                        .abs())
                                .isLessThan(ulp));
            }
        }
    }

    private static BigDecimal ledgerAmount(CycleResult r, LedgerAccountRef account, AssetCode currency) {
        return r.ledgerEntries().stream()
                .map(e -> e.amount(account, currency))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal rounded(CycleResult r, MemberCode m, AssetCode c) {
        return r.net(m, c).map(MemberNet::roundedNet).orElse(BigDecimal.ZERO);
    }

    private static BigDecimal exact(CycleResult r, MemberCode m, AssetCode c) {
        return r.net(m, c).map(MemberNet::exactNet).orElse(BigDecimal.ZERO);
    }
}
