package io.concordia.clearing.default_;

import static io.concordia.clearing.default_.DefaultFixtures.proposer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.OptionWorld;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A defaulter's options are closed out like any position, and the next cycle settles them on the option's price. */
@QuarkusTest
class OptionCloseOutTest {

    @Test
    void shouldCloseOutADefaultersShortOptionsAtAnOperatorsPriceAndSettleThem() {
        OptionWorld o = new OptionWorld("62000", "PUT", Duration.ofDays(20));
        o.price(o.w.venueA, "4000", "0.65", Instant.now());
        o.price(o.w.venueB, "4010", "0.66", Instant.now());
        o.trade("4000", "5", Instant.now()); // A buys 5 puts from B
        Eventually.until(
                "the option trade booked",
                () -> Trading.position(o.w.accountB, o.option).compareTo(new BigDecimal("-5")) == 0);
        // the cycle below settles at the mark: the two venues' prices come through their own consumer, on their own
        // time, and without them the cycle defers the option
        Eventually.until(
                "the option marked at the median of its two venues",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM mark m JOIN product p ON p.id = m.product_id WHERE p.symbol = ? AND m.price = 4005",
                                o.option)
                        == 1);

        long id = DefaultFixtures.declare(o.w.memberB, null);
        proposer()
                .body(Map.of("prices", Map.of(o.option, "4100")))
                .post("/api/v1/admin/defaults/{id}/close-out", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED_OUT"))
                .body("openPositions", hasSize(0));
        assertThat(Trading.position(o.w.accountB, o.option)).isZero();
        assertThat(Trading.position("CCP-DM", o.option)).isEqualByComparingTo("-5"); // bought back from the defaulter
        DefaultFixtures.assertInvariants();

        // the cycle settles the defaulter's option at the mark: -5 x (4,005 - 4,000) to it, and 5 x (4,005 - 4,100)
        // from
        // the close-out, so -500 in all on the option
        String cycle = DefaultFixtures.runCycle();
        assertThat(TestDatabase.decimal("""
                SELECT sum(l.variation_margin) FROM settlement_statement_line l JOIN account a ON a.id = l.account_id
                  JOIN product p ON p.id = l.product_id JOIN settlement_cycle s ON s.id = l.cycle_id
                 WHERE a.code = ? AND p.symbol = ? AND s.code = ?""", o.w.accountB, o.option, cycle)).isEqualByComparingTo("-500");
        DefaultFixtures.assertInvariants();
    }
}
