package io.concordia.clearing.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the database refuses about the inbox's references to venues, products and accounts, whatever code talks to
 * it: the rules of the foreign keys they replaced (V0008), checked once per statement.
 */
@QuarkusTest
class TradeReferencesDatabaseRulesTest {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    Trading w;
    String tradeId;

    @BeforeEach
    void aTradeBetweenTwoAccounts() {
        w = new Trading();
        tradeId = Trading.nextTradeId();
        w.publishTrade(w.venueA, tradeId, "64000", "1000", w.accountA, w.accountB);
        Eventually.until("trade applied", () -> Trading.inboxCount(w.venueA, tradeId) == 1);
    }

    @Test
    void shouldRefuseATradeNamingAnAccountVenueOrProductThatDoesNotExist() throws SQLException {
        long venue = id("venue", w.venueA);
        long product = TestDatabase.count("SELECT id FROM product WHERE symbol = ?", w.product);
        long buyer = id("account", w.accountA);
        long seller = id("account", w.accountB);

        assertRefused(insertTrade(venue, product, buyer, Long.MAX_VALUE), "account");
        assertRefused(insertTrade(Long.MAX_VALUE, product, buyer, seller), "venue");
        assertRefused(insertTrade(venue, Long.MAX_VALUE, buyer, seller), "product");
    }

    @Test
    void shouldAcceptATradeWhoseReferencesAllExist() throws SQLException {
        long venue = id("venue", w.venueB);
        long product = TestDatabase.count("SELECT id FROM product WHERE symbol = ?", w.product);

        try (Connection c = TestDatabase.connect();
                var st = c.createStatement()) {
            st.execute(insertTrade(venue, product, id("account", w.accountB), id("account", w.accountA)));
        }

        assertThat(TestDatabase.count("SELECT count(*) FROM trade_inbox WHERE venue_id = ?", venue))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseDeletingOrRenumberingWhatTradesReference() throws SQLException {
        long venue = id("venue", w.venueA);
        assertRefused(
                "DELETE FROM account WHERE code = '" + w.accountA + "'",
                "account " + id("account", w.accountA) + " is referenced by trades");
        assertRefused("UPDATE account SET id = DEFAULT WHERE code = '" + w.accountB + "'", "is referenced by trades");
        // the venue's instrument goes first, so that only the trade can stand in the way
        assertRefused(
                "DELETE FROM venue_instrument WHERE venue_id = " + venue + "; DELETE FROM venue WHERE id = " + venue,
                "venue " + venue + " is referenced by trades");
        assertRefused("TRUNCATE product CASCADE", "product is referenced by trades: TRUNCATE refused");

        assertThat(Trading.inboxCount(w.venueA, tradeId)).isEqualTo(1);
    }

    private static String insertTrade(long venue, long product, long buyer, long seller) {
        return """
                INSERT INTO trade_inbox (venue_id, venue_trade_id, payload_hash, product_id, buyer_account_id, seller_account_id,
                                         price, quantity, executed_at, source_topic, source_partition, source_offset)
                VALUES (%d, '%s', sha256('x'), %d, %d, %d, 64000, 1, now(), 'by-hand', 0, 0)""".formatted(venue, Trading.nextTradeId(), product, buyer, seller);
    }

    private static void assertRefused(String sql, String message) throws SQLException {
        try (Connection c = TestDatabase.connect();
                var st = c.createStatement()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> st.execute(sql))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(FOREIGN_KEY_VIOLATION))
                    .hasMessageContaining(message);
            c.rollback();
        }
    }

    private static long id(String table, String code) {
        return TestDatabase.count("SELECT id FROM " + table + " WHERE code = ?", code);
    }
}
