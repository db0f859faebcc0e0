package io.concordia.clearing.settlement;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settlement cycles over trades from two venues, on the real broker and database: one instruction per member and
 * currency, netted across venues and accounts; the ledger balances; positions roll to the settlement price; a second
 * cycle at the same prices changes nothing.
 */
@QuarkusTest
class SettlementCycleTest {

    @Test
    void shouldIssueOneInstructionPerMemberNettedAcrossVenuesAndAccounts() {
        SettlementWorld w = new SettlementWorld();
        String m1 = Api.createMember();
        String m2 = Api.createMember();
        String m3 = Api.createMember();
        String a1 = Api.openAccount(m1);
        String a2 = Api.openAccount(m1, "CROSS", "CLIENT");
        String b1 = Api.openAccount(m2);
        String c1 = Api.openAccount(m3);
        // A1 buys 2 on venue A from B1; A2 sells 0.5 on venue B to C1; B1 buys 1 on venue B from A1
        w.publish(w.venueA, "64000", "2000", a1, b1);
        w.publish(w.venueB, "64500", "50", c1, a2);
        w.publish(w.venueB, "64800", "100", b1, a1);
        w.awaitTrades();
        w.mark("65000");

        JsonPath cycle = SettlementWorld.runCycle();
        String code = cycle.getString("code");
        assertThat(cycle.getString("status")).isEqualTo("PUBLISHED");
        assertThat(cycle.getList("prices.findAll { it.product == '%s' }.source".formatted(w.product)))
                .containsExactly("MARK");

        // VM at 65000: A1 2x1000 - 1x200 = 1800, A2 -0.5x500 = -250, B1 -2x1000 + 1x200 = -1800, C1 0.5x500 = 250
        // fees 1 bp of notional: A1 and B1 19.28 each, A2 and C1 3.225 each
        // M1 = 1550 - 22.505 = 1527.495 -> RECEIVE 1527.49 (down); M2 = -1819.28 -> PAY; M3 = 246.775 -> RECEIVE 246.77
        assertInstruction(m1, code, "RECEIVE", "1527.49");
        assertInstruction(m2, code, "PAY", "1819.28");
        assertInstruction(m3, code, "RECEIVE", "246.77");
        assertThat(TestDatabase.count(
                        """
                SELECT count(*) FROM journal_entry WHERE kind = 'SETTLEMENT_CYCLE' AND reference IN (?, ?, ?)""", code + "/" + m1 + "/USD", code + "/" + m2 + "/USD", code + "/" + m3 + "/USD"))
                .isEqualTo(3);
        // the member's net is split over its accounts; the settlement balances hold it until the instruction settles
        assertThat(SettlementWorld.settlementBalance(a1)).isEqualByComparingTo("1780.72");
        assertThat(SettlementWorld.settlementBalance(a2)).isEqualByComparingTo("-253.23");
        assertThat(SettlementWorld.settlementBalance(b1)).isEqualByComparingTo("-1819.28");
        assertThat(SettlementWorld.collateral(a1)).isEqualByComparingTo("0");
        SettlementWorld.assertLedgerBalances();
        SettlementWorld.assertInstructionsNetToZeroAgainstTheCcp(code);

        // the statement: a line per account and product, the shares, the net with its instruction
        as(Tokens.member(m1))
                .get("/api/v1/settlement-statements/{c}", code)
                .then()
                .statusCode(200)
                .body("member", equalTo(m1))
                .body("lines", hasSize(2))
                .body("lines.find { it.account == '%s' }.variationMargin".formatted(a1), equalTo("1800"))
                .body("lines.find { it.account == '%s' }.fees".formatted(a1), equalTo("-19.28"))
                .body("lines.find { it.account == '%s' }.tradeCount".formatted(a1), equalTo(2))
                .body("lines.find { it.account == '%s' }.closingQuantity".formatted(a1), equalTo("1"))
                .body("lines.find { it.account == '%s' }.settlementPrice".formatted(a2), equalTo("65000"))
                .body("lines.find { it.account == '%s' }.total".formatted(a2), equalTo("-253.225"))
                .body("accounts.find { it.account == '%s' }.amount".formatted(a2), equalTo("-253.23"))
                .body("nets[0].exactNet", equalTo("1527.495"))
                .body("nets[0].net", equalTo("1527.49"))
                .body("nets[0].instruction.direction", equalTo("RECEIVE"));

        // positions roll to the settlement price: unrealized P&L restarts from zero
        as(Tokens.member(m1))
                .get("/api/v1/accounts/{a}/positions", a1)
                .then()
                .statusCode(200)
                .body("[0].quantity", equalTo("1"))
                .body("[0].referencePrice", equalTo("65000"))
                .body("[0].unrealizedPnl", equalTo("0"))
                .body("[0].averagePrice", equalTo("64000"))
                .body("[0].realizedPnl", equalTo("800"));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM settlement_position s JOIN product p ON p.id = s.product_id WHERE p.symbol = ?""", w.product)).isEqualTo(4);
        assertThat(TestDatabase.decimal("""
                SELECT sum(s.quantity) FROM settlement_position s JOIN product p ON p.id = s.product_id WHERE p.symbol = ?""", w.product))
                .as("settled positions sum to zero (I2)")
                .isEqualByComparingTo("0");

        // a second cycle at a new mark settles only the move: no trades, no fees
        w.mark("66000");
        String second = SettlementWorld.runCycle().getString("code");
        assertInstruction(m1, second, "RECEIVE", "500.00"); // A1 +1000, A2 -500
        assertInstruction(m2, second, "PAY", "1000.00");
        assertInstruction(m3, second, "RECEIVE", "500.00");
        SettlementWorld.assertInstructionsNetToZeroAgainstTheCcp(second);

        // and a third at the same mark is a no-op for this book: no instruction, no ledger entry
        String third = SettlementWorld.runCycle().getString("code");
        for (String m : List.of(m1, m2, m3)) {
            assertThat(SettlementWorld.instructionsOf(m, third)).isEmpty();
        }
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM journal_entry WHERE reference LIKE ? AND reference LIKE ?",
                        third + "/%",
                        "%/" + m1 + "/%"))
                .isZero();
        as(Tokens.member(m1))
                .get("/api/v1/settlement-statements/{c}", third)
                .then()
                .statusCode(200)
                .body("lines.variationMargin", equalTo(List.of("0", "0")))
                .body("nets[0].instruction", equalTo(null));
        SettlementWorld.assertLedgerBalances();
    }

    @Test
    void shouldSettleAtAnOperatorsPriceAndFundingAndAuditThem() {
        SettlementWorld w = new SettlementWorld();
        String m1 = Api.createMember();
        String m2 = Api.createMember();
        String a = Api.openAccount(m1);
        String b = Api.openAccount(m2);
        w.trade(w.venueA, "100", "10000", a, b); // a long 10 at 100
        // no venue prices at all: without the operator's price the product would be deferred
        JsonPath cycle = SettlementWorld.runCycle(Map.of(
                "prices",
                Map.of(w.product, "101.5"),
                "funding",
                Map.of(w.product, "0.001"),
                "reason",
                "venues halted"));
        String code = cycle.getString("code");
        assertThat(cycle.getString("prices.find { it.product == '%s' }.source".formatted(w.product)))
                .isEqualTo("OPERATOR");
        // VM 10 x 1.5 = 15; funding -(0.001 x 10 x 101.5) = -1.015; fees 1 bp of 1000 = -0.1 -> 13.885 -> 13.88
        assertInstruction(m1, code, "RECEIVE", "13.88");
        // short: -15 + 1.015 - 0.1 = -14.085 -> PAY 14.09 (up)
        assertInstruction(m2, code, "PAY", "14.09");
        as(Tokens.member(m2))
                .get("/api/v1/settlement-statements/{c}", code)
                .then()
                .statusCode(200)
                .body("lines[0].funding", equalTo("1.015"));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM audit_log WHERE action = 'RUN_SETTLEMENT_CYCLE' AND object_code = ? AND actor = 'op-alice'""", code)).isEqualTo(1);
        SettlementWorld.assertInstructionsNetToZeroAgainstTheCcp(code);
        SettlementWorld.assertLedgerBalances();
    }

    @Test
    void shouldDeferAProductWithoutAPriceAndSettleItsTradesInTheNextCycle() {
        SettlementWorld w = new SettlementWorld();
        String m1 = Api.createMember();
        String m2 = Api.createMember();
        String a = Api.openAccount(m1);
        String b = Api.openAccount(m2);
        w.trade(w.venueA, "100", "1000", a, b);
        JsonPath first = SettlementWorld.runCycle();
        assertThat(first.getList("deferredProducts", String.class)).contains(w.product);
        assertThat(SettlementWorld.instructionsOf(m1, first.getString("code"))).isEmpty();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM trade_inbox t JOIN product p ON p.id = t.product_id WHERE p.symbol = ? AND t.settlement_cycle_id IS NULL""", w.product)).isEqualTo(1);

        w.mark("110");
        String second = SettlementWorld.runCycle().getString("code");
        assertInstruction(m1, second, "RECEIVE", "9.99"); // 1 x 10 - 0.01 fee
        assertInstruction(m2, second, "PAY", "10.01");
    }

    @Test
    void shouldFindACycleByIdOrCodeAndTreatResumingAFinishedOneAsANoOp() {
        new SettlementWorld();
        JsonPath cycle = SettlementWorld.runCycle();
        long id = cycle.getLong("id");
        operator()
                .get("/api/v1/admin/settlement-cycles/{id}", id)
                .then()
                .statusCode(200)
                .body("code", equalTo(cycle.getString("code")))
                .body("status", equalTo("PUBLISHED"));
        operator()
                .get("/api/v1/admin/settlement-cycles/{c}", cycle.getString("code"))
                .then()
                .statusCode(200)
                .body("id", equalTo((int) id));
        // resuming a finished cycle is a no-op
        operator()
                .post("/api/v1/admin/settlement-cycles/{id}/resume", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("PUBLISHED"));
        operator()
                .get("/api/v1/admin/settlement-cycles?size=5")
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo((int) id));
    }

    static void assertInstruction(String member, String cycle, String direction, String amount) {
        List<Map<String, Object>> instructions = SettlementWorld.instructionsOf(member, cycle);
        assertThat(instructions)
                .as("instructions of " + member + " in " + cycle)
                .hasSize(1);
        assertThat(instructions.get(0))
                .containsEntry("direction", direction)
                .containsEntry("amount", amount)
                .containsEntry("currency", "USD")
                .containsEntry("status", "PENDING")
                .containsEntry("member", member);
        assertThat(new BigDecimal(amount).scale()).isEqualTo(2);
    }
}
