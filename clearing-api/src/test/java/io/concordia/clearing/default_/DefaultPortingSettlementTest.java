package io.concordia.clearing.default_;

import static io.concordia.clearing.default_.DefaultFixtures.assertInvariants;
import static io.concordia.clearing.default_.DefaultFixtures.collateral;
import static io.concordia.clearing.default_.DefaultFixtures.equity;
import static io.concordia.clearing.default_.DefaultFixtures.proposer;
import static io.concordia.clearing.default_.DefaultFixtures.settlementBalance;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Porting a client account that settlement has already seen: what cycles settled stays settled, what they did not
 * settle follows the account, and the next cycle settles the ported positions on the new account from the old
 * reference price and nothing on the closed one.
 */
@QuarkusTest
class DefaultPortingSettlementTest {

    /**
     * The defaulter's client buys 1 BTC at 64,000; cycle 1 at 63,000 books it -1,000 - 6.40 of fee, which the defaulter
     * never pays. After the cycle the client buys a random quantity more at a random price (so the position carries an
     * unsettled trade and an average price that does not terminate), the mark moves, and the account is ported. Seeded:
     * the case is the same on every run.
     */
    @Test
    void shouldPortTheSettlementStateSoThatEquityIsUnchangedAndTheNextCycleSettlesOnTheNewAccount() {
        Random random = new Random(20261126L);
        Margins.usd();
        Trading w = new Trading();
        String d = Api.createMember();
        String client = Api.openAccount(d, "CROSS", "CLIENT");
        String receiver = Api.createMember();
        Api.deposit(w.accountA, "USD", "10000000");
        Api.deposit(client, "USD", "20000");
        Margins.mark(w.product, "64000");
        DefaultFixtures.trade(w, client, w.accountA, "64000", "1000");
        Margins.mark(w.product, "63000");
        String c1 = DefaultFixtures.runCycle();
        long unpaidInstruction = DefaultFixtures.instruction(d, c1);
        assertThat(settlementBalance(client)).isEqualByComparingTo("-1006.40");

        int contracts = 100 + random.nextInt(900); // 0.1 to 1 BTC more
        BigDecimal price =
                new BigDecimal(62000 + random.nextInt(3000)).add(new BigDecimal(random.nextInt(100)).movePointLeft(2));
        DefaultFixtures.trade(w, client, w.accountA, price.toPlainString(), Integer.toString(contracts));
        BigDecimal added = new BigDecimal(contracts).movePointLeft(3);
        String mark = "62500";
        Margins.mark(w.product, mark);
        long id = DefaultFixtures.declare(d, null);

        BigDecimal before = equity(client);
        // independently: collateral and unpaid balance, the settled position's variation since cycle 1, the new trade's
        BigDecimal expected = new BigDecimal("20000")
                .subtract(new BigDecimal("1006.40"))
                .add(BigDecimal.ONE.multiply(new BigDecimal(mark).subtract(new BigDecimal("63000"))))
                .add(added.multiply(new BigDecimal(mark).subtract(price)));
        assertThat(before.subtract(expected).abs()).as("equity before porting").isLessThan(new BigDecimal("1e-12"));

        String ported = Api.unique("A");
        proposer()
                .body(Map.of(
                        "account",
                        client,
                        "toMember",
                        receiver,
                        "toAccount",
                        ported,
                        "consent",
                        "receiver's acceptance"))
                .post("/api/v1/admin/defaults/{id}/port", id)
                .then()
                .statusCode(200)
                .body("positions[0].settledVariationMargin", equalTo("-1000"));

        // equity is the same to the last digit; the unpaid balance moved and was paid out of the ported collateral
        assertThat(equity(ported)).isEqualByComparingTo(before);
        assertThat(equity(client)).isZero();
        assertThat(settlementBalance(client)).isZero();
        assertThat(settlementBalance(ported)).isZero();
        assertThat(collateral(ported)).isEqualByComparingTo("18993.60");
        assertThat(TestDatabase.single("""
                SELECT sp.reference_price FROM settlement_position sp JOIN account a ON a.id = sp.account_id WHERE a.code = ?""", ported))
                .satisfies(r -> assertThat((BigDecimal) r).isEqualByComparingTo("63000"));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM settlement_position sp JOIN account a ON a.id = sp.account_id WHERE a.code = ?""", client)).isZero();
        assertInvariants();

        // the defaulter's instruction stays its own; settling it now moves nothing of the ported share
        operator()
                .body(Map.of("reference", "late wire"))
                .post("/api/v1/admin/settlement-instructions/{id}/settle", unpaidInstruction)
                .then()
                .statusCode(200)
                .body("status", equalTo("SETTLED"));
        assertThat(collateral(ported)).isEqualByComparingTo("18993.60");
        assertThat(equity(ported)).isEqualByComparingTo(before);

        // cycle 2 at the mark settles the ported position from cycle 1's reference and the unsettled trade, on the new
        // account
        String c2 = DefaultFixtures.runCycle();
        assertThat(DefaultFixtures.statementLines(client, c2)).isZero();
        BigDecimal vm = new BigDecimal(mark)
                .subtract(new BigDecimal("63000"))
                .add(added.multiply(new BigDecimal(mark).subtract(price)));
        BigDecimal fee =
                DefaultFixtures.FEE_RATE.multiply(added.multiply(price)).negate();
        assertThat(line("opening_quantity", ported, c2)).isEqualByComparingTo("1");
        assertThat(line("reference_price", ported, c2)).isEqualByComparingTo("63000");
        assertThat(line("trade_count", ported, c2)).isEqualByComparingTo("1");
        assertThat(line("variation_margin", ported, c2)).isEqualByComparingTo(vm);
        assertThat(line("fees", ported, c2)).isEqualByComparingTo(fee);
        assertThat(line("closing_quantity", ported, c2)).isEqualByComparingTo(BigDecimal.ONE.add(added));
        assertThat(settlementBalance(ported)).isEqualByComparingTo(vm.add(fee).setScale(2, RoundingMode.FLOOR));
        // the cycle changes nothing but the fee (and the cent it rounds away in the CCP's favour)
        assertThat(equity(ported).subtract(before.add(fee)).abs()).isLessThan(new BigDecimal("0.01"));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM settlement_instruction i JOIN member m ON m.id = i.member_id JOIN settlement_cycle s ON s.id = i.cycle_id
                 WHERE m.code = ? AND s.code = ?""", receiver, c2)).isEqualTo(1);
        assertInvariants();
    }

    private static BigDecimal line(String column, String account, String cycle) {
        return TestDatabase.decimal("SELECT l." + column + """
                ::numeric FROM settlement_statement_line l JOIN account a ON a.id = l.account_id
                  JOIN settlement_cycle s ON s.id = l.cycle_id WHERE a.code = ? AND s.code = ?""", account, cycle);
    }
}
