package io.concordia.settlement.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.settlement.model.CycleInput;
import io.concordia.settlement.model.CycleTrade;
import io.concordia.settlement.model.FeeSchedule;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.PositionState;
import io.concordia.settlement.model.Product;
import io.concordia.settlement.model.ProductKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerSplitTest {

    /**
     * ALPHA-1 long 2 and BETA-1 short 2 BTC-PERP from 60,000; ALPHA-2 sells 1 to BETA-1 at 61,000 on a venue;
     * settlement price 62,000. Variation margin: ALPHA-1 +4000, ALPHA-2 -1000, BETA-1 -3000.
     */
    private static CycleResult cycle(String feeRate) {
        CycleInput input = CycleInput.builder("C1")
                .currency("USD", 2)
                .product(Product.of("BTC-PERP", ProductKind.PERPETUAL, "USD"))
                .account("ALPHA-1", "ALPHA")
                .account("ALPHA-2", "ALPHA")
                .account("BETA-1", "BETA")
                .position(PositionState.of("ALPHA-1", "BTC-PERP", "2", "60000"))
                .position(PositionState.of("BETA-1", "BTC-PERP", "-2", "60000"))
                .trade(CycleTrade.of("ALPHA-2", "BTC-PERP", "venue-b", "-1", "61000"))
                .trade(CycleTrade.of("BETA-1", "BTC-PERP", "venue-b", "1", "61000"))
                .price("BTC-PERP", "62000")
                .fees(FeeSchedule.of(feeRate))
                .build();
        return SettlementCalculator.DEFAULT.run(input);
    }

    @ParameterizedTest(name = "fee rate {0}: ALPHA [{1}], BETA [{2}], CCP [{3}]")
    @CsvSource(
            delimiter = '|',
            value = {
                // fee rate | ALPHA's entry                                        | BETA's entry
                //       | CCP's entry
                // no fee: the members' nets cancel, the CCP keeps nothing and books no entry
                "0          | ACCT:ALPHA-1 4000, ACCT:ALPHA-2 -1000, CCP:CCP_SETTLEMENT -3000 | ACCT:BETA-1 -3000, CCP:CCP_SETTLEMENT 3000 | ",
                // 0.0005 of 61,000 = 30.5 a side: the members pay 61 net, CCP:SETTLEMENT gives it back to CCP:FEES
                "0.0005     | ACCT:ALPHA-1 4000, ACCT:ALPHA-2 -1030.5, CCP:CCP_SETTLEMENT -2969.5 | ACCT:BETA-1 -3030.5, CCP:CCP_SETTLEMENT 3030.5 | CCP:CCP_SETTLEMENT -61, CCP:CCP_FEES 61",
            })
    void shouldBookEachMembersSharesAgainstCcpSettlementAndTheCcpsIncomeOutOfIt(
            String feeRate, String alpha, String beta, String ccp) {
        CycleResult r = cycle(feeRate);

        List<LedgerSplit.MemberEntry> members = LedgerSplit.memberEntries(r);
        assertThat(members)
                .extracting(LedgerSplit.MemberEntry::member)
                .containsExactly(MemberCode.of("ALPHA"), MemberCode.of("BETA"));
        assertLegs(members.get(0).legs(), alpha);
        assertLegs(members.get(1).legs(), beta);
        List<LedgerSplit.CcpEntry> ccpEntries = LedgerSplit.ccpEntries(r);
        if (ccp == null) {
            assertThat(ccpEntries).isEmpty();
        } else {
            assertThat(ccpEntries).singleElement().satisfies(e -> {
                assertThat(e.reference()).isEqualTo("C1/USD");
                assertLegs(e.legs(), ccp);
            });
        }
    }

    @Test
    void shouldBookExactlyWhatTheLibraryBooksInBalancedEntriesOverManyRandomCycles() {
        for (int seed = 0; seed < 500; seed++) {
            RandomBooks gen = new RandomBooks(seed);
            CycleResult r = SettlementCalculator.DEFAULT.run(
                    seed % 2 == 0 ? gen.balancedCycle("C" + seed) : gen.anyCycle("C" + seed));
            String at = "seed " + seed;

            Map<List<Object>, BigDecimal> library = new HashMap<>();
            r.ledgerEntries()
                    .forEach(e -> e.postings()
                            .forEach(p ->
                                    library.merge(List.of(p.account(), p.currency()), p.amount(), BigDecimal::add)));
            Map<List<Object>, BigDecimal> split = new HashMap<>();
            for (LedgerSplit.MemberEntry e : LedgerSplit.memberEntries(r)) {
                assertThat(sum(e.legs())).as(at + " " + e.member()).isEqualByComparingTo(BigDecimal.ZERO);
                e.legs().forEach(l -> split.merge(List.of(l.account(), e.currency()), l.amount(), BigDecimal::add));
            }
            List<LedgerSplit.CcpEntry> ccp = LedgerSplit.ccpEntries(r);
            for (LedgerSplit.CcpEntry e : ccp) {
                LedgerEntry source = r.ledgerEntries().stream()
                        .filter(x -> x.reference().equals(e.reference()))
                        .findFirst()
                        .orElseThrow();
                e.legs()
                        .forEach(l -> split.merge(
                                List.of(l.account(), source.postings().get(0).currency()),
                                l.amount(),
                                BigDecimal::add));
            }
            library.values().removeIf(x -> x.signum() == 0);
            split.values().removeIf(x -> x.signum() == 0);
            assertThat(split.keySet()).as(at).isEqualTo(library.keySet());
            library.forEach((k, v) -> assertThat(split.get(k)).as(at + " " + k).isEqualByComparingTo(v));
        }
    }

    private static BigDecimal sum(List<LedgerSplit.Leg> legs) {
        return legs.stream().map(LedgerSplit.Leg::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** {@code expected}: {@code ACCOUNT amount} pairs separated by commas, in order. */
    private static void assertLegs(List<LedgerSplit.Leg> legs, String expected) {
        List<String> codes = new ArrayList<>();
        List<BigDecimal> amounts = new ArrayList<>();
        for (String leg : expected.split(",", -1)) {
            String[] parts = leg.trim().split(" ", -1);
            codes.add(parts[0]);
            amounts.add(new BigDecimal(parts[1]));
        }
        assertThat(legs).extracting(l -> l.account().code()).containsExactlyElementsOf(codes);
        assertThat(legs)
                .extracting(LedgerSplit.Leg::amount)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactlyElementsOf(amounts);
    }

    @Test
    void shouldLeaveOutAMemberWithNothingToBook() {
        CycleResult r = SettlementCalculator.DEFAULT.run(CycleInput.builder("C2")
                .currency("USD", 2)
                .product(Product.of("BTC-PERP", ProductKind.PERPETUAL, "USD"))
                .account("ALPHA-1", "ALPHA")
                .account("GAMMA-1", "GAMMA")
                .position(PositionState.of("ALPHA-1", "BTC-PERP", "1", "62000"))
                .position(PositionState.of("GAMMA-1", "BTC-PERP", "-1", "62000"))
                .price("BTC-PERP", "62000")
                .build());

        assertThat(r.nets()).isNotEmpty();
        assertThat(LedgerSplit.memberEntries(r)).isEmpty();
        assertThat(LedgerSplit.ccpEntries(r)).isEmpty();
    }
}
