package io.concordia.clearing.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random books through several cycles on the real broker and database. After every cycle: the ledger balances
 * (I1), the cycle's instructions net to zero against the CCP, every member has at most one instruction, and settled
 * positions sum to zero (I2). Over all cycles, each account's variation margin telescopes: it equals
 * {@code sum over its trades of q x (S_last - p)} exactly, whatever the path of prices. A last cycle at unchanged
 * prices settles nothing.
 */
@QuarkusTest
class SettlementPropertiesTest {

    @Test
    void shouldKeepEveryCycleBalancedAndTelescopeVariationMarginOverSeededRandomBooks() {
        Random random = new Random(20261126L);
        SettlementWorld w = new SettlementWorld();
        List<String> members = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            String member = Api.createMember();
            members.add(member);
            accounts.add(Api.openAccount(member));
            accounts.add(Api.openAccount(member, "CROSS", "CLIENT"));
        }
        Map<String, BigDecimal> exposure =
                new HashMap<>(); // account -> sum q x p (currency), for the telescoping check
        Map<String, BigDecimal> quantity = new HashMap<>();
        BigDecimal price = new BigDecimal("1000");
        List<String> cycles = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            int trades = 5 + random.nextInt(10);
            for (int t = 0; t < trades; t++) {
                String buyer = accounts.get(random.nextInt(accounts.size()));
                String seller;
                do {
                    seller = accounts.get(random.nextInt(accounts.size()));
                } while (seller.equals(buyer));
                boolean onA = random.nextBoolean();
                int contracts = 1 + random.nextInt(onA ? 5000 : 500);
                BigDecimal units = BigDecimal.valueOf(contracts).multiply(new BigDecimal(onA ? "0.001" : "0.01"));
                BigDecimal tradePrice = price.add(BigDecimal.valueOf(random.nextInt(2001) - 1000, 2)); // +/- 10.00
                w.publish(
                        onA ? w.venueA : w.venueB,
                        tradePrice.toPlainString(),
                        Integer.toString(contracts),
                        buyer,
                        seller);
                exposure.merge(buyer, units.multiply(tradePrice), BigDecimal::add);
                exposure.merge(seller, units.multiply(tradePrice).negate(), BigDecimal::add);
                quantity.merge(buyer, units, BigDecimal::add);
                quantity.merge(seller, units.negate(), BigDecimal::add);
            }
            w.awaitTrades();
            price = price.add(BigDecimal.valueOf(random.nextInt(10001) - 5000, 2)); // +/- 50.00
            String code = SettlementWorld.runCycle(Map.of("prices", Map.of(w.product, price.toPlainString())))
                    .getString("code");
            cycles.add(code);

            SettlementWorld.assertLedgerBalances();
            SettlementWorld.assertInstructionsNetToZeroAgainstTheCcp(code);
            for (String m : members) {
                assertThat(SettlementWorld.instructionsOf(m, code).size())
                        .as("instructions of " + m)
                        .isLessThanOrEqualTo(1);
            }
            assertThat(TestDatabase.decimal("""
                    SELECT coalesce(sum(s.quantity), 0) FROM settlement_position s JOIN product p ON p.id = s.product_id WHERE p.symbol = ?""", w.product))
                    .as("settled positions sum to zero")
                    .isEqualByComparingTo("0");
            for (String a : accounts) {
                assertThat(TestDatabase.decimal("""
                        SELECT coalesce(sum(s.quantity), 0) FROM settlement_position s JOIN account a ON a.id = s.account_id
                          JOIN product p ON p.id = s.product_id WHERE a.code = ? AND p.symbol = ?""", a, w.product))
                        .as("settled quantity of " + a)
                        .isEqualByComparingTo(quantity.getOrDefault(a, BigDecimal.ZERO));
            }
        }
        for (String a : accounts) {
            // VM over all cycles = q_final x S_last - sum q x p (the price path cancels out)
            BigDecimal expected = quantity.getOrDefault(a, BigDecimal.ZERO)
                    .multiply(price)
                    .subtract(exposure.getOrDefault(a, BigDecimal.ZERO));
            BigDecimal booked = TestDatabase.decimal("""
                    SELECT coalesce(sum(l.variation_margin), 0) FROM settlement_statement_line l JOIN account a ON a.id = l.account_id
                      JOIN product p ON p.id = l.product_id WHERE a.code = ? AND p.symbol = ?""", a, w.product);
            assertThat(booked)
                    .as("variation margin of " + a + " over " + cycles.size() + " cycles")
                    .isEqualByComparingTo(expected);
            assertThat(TestDatabase.decimal("""
                    SELECT coalesce(sum(s.total), 0) FROM settled_variation_margin s JOIN account a ON a.id = s.account_id
                      JOIN product p ON p.id = s.product_id WHERE a.code = ? AND p.symbol = ?""", a, w.product))
                    .as("the running total margin reads for " + a)
                    .isEqualByComparingTo(expected);
        }
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM settled_variation_margin s FULL JOIN (
                    SELECT account_id, product_id, sum(variation_margin) AS lines FROM settlement_statement_line GROUP BY 1, 2) l
                  ON l.account_id = s.account_id AND l.product_id = s.product_id
                 WHERE s.total IS DISTINCT FROM l.lines"""))
                .as("running totals that are not the sum of their statement lines")
                .isZero();

        // the same price again: a no-op for this book
        String again = SettlementWorld.runCycle(Map.of("prices", Map.of(w.product, price.toPlainString())))
                .getString("code");
        for (String m : members) {
            assertThat(SettlementWorld.instructionsOf(m, again)).isEmpty();
        }
        assertThat(TestDatabase.decimal("""
                SELECT coalesce(sum(abs(l.variation_margin)) + sum(abs(l.fees)), 0) FROM settlement_statement_line l
                  JOIN settlement_cycle s ON s.id = l.cycle_id JOIN product p ON p.id = l.product_id WHERE s.code = ? AND p.symbol = ?""", again, w.product)).isEqualByComparingTo("0");
        SettlementWorld.assertLedgerBalances();
    }
}
