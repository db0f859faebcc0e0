package io.concordia.settlement.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.settlement.model.AccountCode;
import io.concordia.settlement.model.CycleId;
import io.concordia.settlement.model.CycleInput;
import io.concordia.settlement.model.CycleTrade;
import io.concordia.settlement.model.FeeSchedule;
import io.concordia.settlement.model.FundingRate;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.PositionState;
import io.concordia.settlement.model.Product;
import io.concordia.settlement.model.ProductKind;
import io.concordia.settlement.model.ProductSymbol;
import io.concordia.settlement.model.TradeKind;
import io.concordia.settlement.model.VenueCode;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-checked cycles: every number below is worked out in the comment above it. */
class SettlementWorkedExamplesTest {

    private static final AssetCode USD = AssetCode.of("USD");
    private static final AssetCode USDC = AssetCode.of("USDC");
    private static final MemberCode ALPHA = MemberCode.of("ALPHA");
    private static final MemberCode BETA = MemberCode.of("BETA");

    /**
     * ALPHA is long 2 BTC-PERP from the last cycle (at 60,000) in ALPHA-1 and sells 1 at 61,000 on venue-b in ALPHA-2;
     * BETA is short 2 and buys that 1 at 61,000 on venue-b. Settlement price 62,000.
     */
    private static CycleInput.Builder twoVenueBook() {
        return CycleInput.builder("C1")
                .currency("USD", 2)
                .product(Product.of("BTC-PERP", ProductKind.PERPETUAL, "USD"))
                .account("ALPHA-1", "ALPHA")
                .account("ALPHA-2", "ALPHA")
                .account("BETA-1", "BETA")
                .position(PositionState.of("ALPHA-1", "BTC-PERP", "2", "60000"))
                .position(PositionState.of("BETA-1", "BTC-PERP", "-2", "60000"))
                .trade(CycleTrade.of("ALPHA-2", "BTC-PERP", "venue-b", "-1", "61000"))
                .trade(CycleTrade.of("BETA-1", "BTC-PERP", "venue-b", "1", "61000"))
                .price("BTC-PERP", "62000");
    }

    @Test
    void shouldNetALongAndAShortAcrossTwoVenuesIntoOneInstructionPerMember() {
        CycleResult r = SettlementCalculator.DEFAULT.run(twoVenueBook().build());

        // ALPHA-1: 2 * (62000 - 60000) = +4000; ALPHA-2: -1 * (62000 - 61000) = -1000
        // BETA-1: -2 * (62000 - 60000) + 1 * (62000 - 61000) = -3000
        assertThat(vm(r, "ALPHA-1")).isEqualByComparingTo("4000");
        assertThat(vm(r, "ALPHA-2")).isEqualByComparingTo("-1000");
        assertThat(vm(r, "BETA-1")).isEqualByComparingTo("-3000");
        assertThat(r.instructions())
                .containsExactly(
                        new SettlementInstruction(r.cycle(), ALPHA, USD, Direction.RECEIVE, new BigDecimal("3000.00")),
                        new SettlementInstruction(r.cycle(), BETA, USD, Direction.PAY, new BigDecimal("3000.00")));
        LedgerEntry entry = r.ledgerEntries().get(0);
        assertThat(entry.reference()).isEqualTo("C1/USD");
        assertThat(entry.amount(LedgerAccountRef.member(AccountCode.of("ALPHA-1")), USD))
                .isEqualByComparingTo("4000");
        assertThat(entry.amount(LedgerAccountRef.member(AccountCode.of("ALPHA-2")), USD))
                .isEqualByComparingTo("-1000");
        assertThat(entry.amount(LedgerAccountRef.member(AccountCode.of("BETA-1")), USD))
                .isEqualByComparingTo("-3000");
        // a balanced book leaves nothing on the CCP's accounts
        assertThat(entry.postings()).hasSize(3);
        assertThat(r.nextPositions())
                .containsExactly(
                        PositionState.of("ALPHA-1", "BTC-PERP", "2", "62000"),
                        PositionState.of("ALPHA-2", "BTC-PERP", "-1", "62000"),
                        PositionState.of("BETA-1", "BTC-PERP", "-1", "62000"));
    }

    /**
     * Default management transfers ALPHA-1's 2 BTC-PERP to BETA-1 at 59,000 (a close-out below the reference price
     * 60,000) besides the venue trades of the two-venue book. Fee rate 0.0005.
     */
    @Test
    void shouldSettleATransferLikeATradeWithoutAFee() {
        CycleInput input = twoVenueBook()
                .trade(new CycleTrade(
                        AccountCode.of("ALPHA-1"),
                        ProductSymbol.of("BTC-PERP"),
                        VenueCode.of("default-management"),
                        new BigDecimal("-2"),
                        new BigDecimal("59000"),
                        TradeKind.TRANSFER))
                .trade(new CycleTrade(
                        AccountCode.of("BETA-1"),
                        ProductSymbol.of("BTC-PERP"),
                        VenueCode.of("default-management"),
                        new BigDecimal("2"),
                        new BigDecimal("59000"),
                        TradeKind.TRANSFER))
                .fees(FeeSchedule.of("0.0005"))
                .build();

        CycleResult r = SettlementCalculator.DEFAULT.run(input);

        // ALPHA-1: 2 * (62000 - 60000) - 2 * (62000 - 59000) = 4000 - 6000 = -2000, flat, no fee on the transfer
        assertThat(vm(r, "ALPHA-1")).isEqualByComparingTo("-2000");
        assertThat(line(r, "ALPHA-1").closingQuantity()).isZero();
        assertThat(line(r, "ALPHA-1").fees()).isZero();
        assertThat(line(r, "ALPHA-1").tradedNotional()).isEqualByComparingTo("118000");
        // BETA-1: -2 * 2000 + 1 * (62000 - 61000) + 2 * (62000 - 59000) = -4000 + 1000 + 6000 = 3000; the fee only on
        // the venue trade: -(0.0005 * 61000) = -30.5
        assertThat(vm(r, "BETA-1")).isEqualByComparingTo("3000");
        assertThat(line(r, "BETA-1").fees()).isEqualByComparingTo("-30.5");
        assertThat(line(r, "BETA-1").closingQuantity()).isEqualByComparingTo("1");
    }

    @Test
    void shouldChargeFundingToLongsAndFeesToBothSidesWhenTheRateIsPositive() {
        CycleInput input = twoVenueBook()
                .funding(FundingRate.of("BTC-PERP", "0.0001", 2))
                .fees(FeeSchedule.of("0.0005"))
                .build();

        CycleResult r = SettlementCalculator.DEFAULT.run(input);

        // funding = -(0.0001 * 2 * q1 * 62000) = -12.4 * q1: ALPHA-1 (q1 = 2) -24.8; ALPHA-2 (-1) +12.4; BETA-1 (-1)
        // +12.4
        assertThat(line(r, "ALPHA-1").funding()).isEqualByComparingTo("-24.8");
        assertThat(line(r, "ALPHA-2").funding()).isEqualByComparingTo("12.4");
        assertThat(line(r, "BETA-1").funding()).isEqualByComparingTo("12.4");
        // fees = -(0.0005 * |1 * 61000|) = -30.5 on each side of the trade
        assertThat(line(r, "ALPHA-2").fees()).isEqualByComparingTo("-30.5");
        assertThat(line(r, "BETA-1").fees()).isEqualByComparingTo("-30.5");
        assertThat(line(r, "ALPHA-1").fees()).isEqualByComparingTo("0");
        // ALPHA: 4000 - 1000 - 24.8 + 12.4 - 30.5 = 2957.10; BETA: -3000 + 12.4 - 30.5 = -3018.10
        assertThat(r.instruction(ALPHA, USD))
                .hasValue(
                        new SettlementInstruction(r.cycle(), ALPHA, USD, Direction.RECEIVE, new BigDecimal("2957.10")));
        assertThat(r.instruction(BETA, USD))
                .hasValue(new SettlementInstruction(r.cycle(), BETA, USD, Direction.PAY, new BigDecimal("3018.10")));
        // the CCP earns 61.00 in fees; funding nets to zero between members
        LedgerEntry entry = r.ledgerEntries().get(0);
        assertThat(entry.amount(LedgerAccountRef.ccp(CcpAccount.CCP_FEES), USD)).isEqualByComparingTo("61.00");
        assertThat(entry.amount(LedgerAccountRef.ccp(CcpAccount.CCP_SETTLEMENT), USD))
                .isZero();
        assertThat(entry.amount(LedgerAccountRef.ccp(CcpAccount.CCP_ROUNDING), USD))
                .isZero();
        assertThat(r.totals(USD).orElseThrow().funding()).isEqualByComparingTo("0");
    }

    @Test
    void shouldPayShortsFundingWhenTheRateIsNegative() {
        CycleResult r = SettlementCalculator.DEFAULT.run(
                twoVenueBook().funding(FundingRate.of("BTC-PERP", "-0.0001", 1)).build());

        // -(-0.0001 * 1 * 2 * 62000) = +12.4 to the long; the short (q1 = -1) pays 6.2
        assertThat(line(r, "ALPHA-1").funding()).isEqualByComparingTo("12.4");
        assertThat(line(r, "BETA-1").funding()).isEqualByComparingTo("-6.2");
    }

    @Test
    void shouldRoundPaymentsUpAndPayoutsDownAndBookTheResidueToTheCcp() {
        // ALPHA long 0.001 and BETA short 0.001 from 60000 to 60000.005: VM +/- 0.000005 USD
        CycleInput input = CycleInput.builder("C2")
                .currency("USD", 2)
                .product(Product.of("BTC-PERP", ProductKind.PERPETUAL, "USD"))
                .account("ALPHA-1", "ALPHA")
                .account("BETA-1", "BETA")
                .position(PositionState.of("ALPHA-1", "BTC-PERP", "0.001", "60000"))
                .position(PositionState.of("BETA-1", "BTC-PERP", "-0.001", "60000"))
                .price("BTC-PERP", "60000.005")
                .build();

        CycleResult r = SettlementCalculator.DEFAULT.run(input);

        // BETA owes 0.000005 -> rounds UP to 0.01; ALPHA is due 0.000005 -> rounds DOWN to 0.00 (no instruction)
        assertThat(r.instructions())
                .containsExactly(
                        new SettlementInstruction(r.cycle(), BETA, USD, Direction.PAY, new BigDecimal("0.01")));
        assertThat(r.net(ALPHA, USD).orElseThrow().roundingResidue()).isEqualByComparingTo("0.000005");
        assertThat(r.net(BETA, USD).orElseThrow().roundingResidue()).isEqualByComparingTo("0.009995");
        // the CCP keeps 0.01 on its rounding account
        assertThat(r.ledgerEntries())
                .containsExactly(new LedgerEntry(
                        "C2/USD",
                        List.of(
                                new Posting(
                                        LedgerAccountRef.member(AccountCode.of("BETA-1")),
                                        USD,
                                        new BigDecimal("-0.01")),
                                new Posting(
                                        LedgerAccountRef.ccp(CcpAccount.CCP_ROUNDING), USD, new BigDecimal("0.01")))));
    }

    @Test
    void shouldSplitAMemberNetOverItsAccountsByLargestRemainder() {
        // each ALPHA account: 1 * (101.005 - 100) = 1.005; member net 2.01 exactly; floors 1.00 + 1.00 leave one
        // cent, which goes to the tie's smaller account code, ALPHA-1
        CycleInput input = CycleInput.builder("C3")
                .currency("USD", 2)
                .product(Product.of("BTC-PERP", ProductKind.PERPETUAL, "USD"))
                .account("ALPHA-1", "ALPHA")
                .account("ALPHA-2", "ALPHA")
                .account("BETA-1", "BETA")
                .position(PositionState.of("ALPHA-2", "BTC-PERP", "1", "100"))
                .position(PositionState.of("ALPHA-1", "BTC-PERP", "1", "100"))
                .position(PositionState.of("BETA-1", "BTC-PERP", "-2", "100"))
                .price("BTC-PERP", "101.005")
                .build();

        CycleResult r = SettlementCalculator.DEFAULT.run(input);

        MemberNet alpha = r.net(ALPHA, USD).orElseThrow();
        assertThat(alpha.roundedNet()).isEqualByComparingTo("2.01");
        assertThat(alpha.accountAmounts())
                .isEqualTo(Map.of(
                        AccountCode.of("ALPHA-1"),
                        new BigDecimal("1.01"),
                        AccountCode.of("ALPHA-2"),
                        new BigDecimal("1.00")));
        assertThat(r.instruction(BETA, USD).orElseThrow().amount()).isEqualByComparingTo("2.01");
    }

    @Test
    void shouldIssueOneInstructionPerCurrencyForProductsSettledInDifferentStablecoins() {
        // ETH-USDC-PERP settles in USDC (6 places): ALPHA buys 0.5 at 3000.123456 on venue-a, BETA sells;
        // settlement 3001: ALPHA VM = 0.5 * 0.876544 = 0.438272 USDC
        CycleInput input = twoVenueBook()
                .currency("USDC", 6)
                .product(Product.of("ETH-USDC-PERP", ProductKind.PERPETUAL, "USDC"))
                .trade(CycleTrade.of("ALPHA-1", "ETH-USDC-PERP", "venue-a", "0.5", "3000.123456"))
                .trade(CycleTrade.of("BETA-1", "ETH-USDC-PERP", "venue-a", "-0.5", "3000.123456"))
                .price("ETH-USDC-PERP", "3001")
                .build();

        CycleResult r = SettlementCalculator.DEFAULT.run(input);

        assertThat(r.instructions())
                .containsExactly(
                        new SettlementInstruction(r.cycle(), ALPHA, USD, Direction.RECEIVE, new BigDecimal("3000.00")),
                        new SettlementInstruction(
                                r.cycle(), ALPHA, USDC, Direction.RECEIVE, new BigDecimal("0.438272")),
                        new SettlementInstruction(r.cycle(), BETA, USD, Direction.PAY, new BigDecimal("3000.00")),
                        new SettlementInstruction(r.cycle(), BETA, USDC, Direction.PAY, new BigDecimal("0.438272")));
        assertThat(r.ledgerEntries()).extracting(LedgerEntry::reference).containsExactly("C1/USD", "C1/USDC");
    }

    @Test
    void shouldMakeTheNextCycleANoOpWhenPricesAreUnchangedAndNothingTraded() {
        CycleInput first = twoVenueBook().build();
        CycleResult r1 = SettlementCalculator.DEFAULT.run(first);

        CycleResult r2 = SettlementCalculator.DEFAULT.run(
                first.next(CycleId.of("C2"), r1.nextPositions(), first.settlementPrices(), Map.of(), List.of()));

        assertThat(r2.positions())
                .allSatisfy(p -> assertThat(p.variationMargin()).isZero());
        assertThat(r2.instructions()).isEmpty();
        assertThat(r2.ledgerEntries()).isEmpty();
        assertThat(r2.nextPositions()).isEqualTo(r1.nextPositions());
    }

    @Test
    void shouldStartANewPositionFromItsTradePrice() {
        CycleInput input = CycleInput.builder("C4")
                .currency("USD", 2)
                .product(Product.of("ETH-FUT-20261225", ProductKind.FUTURE, "USD"))
                .account("ALPHA-1", "ALPHA")
                .account("BETA-1", "BETA")
                .trade(CycleTrade.of("ALPHA-1", "ETH-FUT-20261225", "venue-a", "3", "3100"))
                .trade(CycleTrade.of("ALPHA-1", "ETH-FUT-20261225", "venue-b", "-1", "3050"))
                .trade(CycleTrade.of("BETA-1", "ETH-FUT-20261225", "venue-a", "-3", "3100"))
                .trade(CycleTrade.of("BETA-1", "ETH-FUT-20261225", "venue-b", "1", "3050"))
                .price("ETH-FUT-20261225", "3000")
                .build();

        CycleResult r = SettlementCalculator.DEFAULT.run(input);

        // ALPHA: 3 * (3000 - 3100) + (-1) * (3000 - 3050) = -300 + 50 = -250
        PositionSettlement alpha = line(r, "ALPHA-1");
        assertThat(alpha.variationMargin()).isEqualByComparingTo("-250");
        assertThat(alpha.openingQuantity()).isZero();
        assertThat(alpha.closingQuantity()).isEqualByComparingTo("2");
        assertThat(alpha.tradeCount()).isEqualTo(2);
        assertThat(alpha.tradedNotional()).isEqualByComparingTo("12350");
        assertThat(r.instruction(ALPHA, USD).orElseThrow().signedAmount()).isEqualByComparingTo("-250.00");
    }

    /** The account's first line: positions are ordered by account then product, so BTC-PERP comes first. */
    private static PositionSettlement line(CycleResult r, String account) {
        return r.positions().stream()
                .filter(p -> p.account().code().equals(account))
                .findFirst()
                .orElseThrow();
    }

    private static BigDecimal vm(CycleResult r, String account) {
        return line(r, account).variationMargin();
    }
}
