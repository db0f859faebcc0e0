package io.concordia.clearing.settlement;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A clearing world for settlement tests, with codes unique to the test: one perpetual listed on two venues with
 * different contract sizes (venue A: 0.001, venue B: 0.01 units per contract), members with accounts, and the USD
 * settlement asset. Trades go through the real broker and are awaited until applied.
 */
final class SettlementWorld {

    static final String USD = "USD";

    final String product = Api.unique("SETL-");
    final String venueA = Api.unique("sa").toLowerCase();
    final String venueB = Api.unique("sb").toLowerCase();
    final List<String> tradeIds = new ArrayList<>();

    SettlementWorld() {
        // the settlement asset is shared by every test: created by the first, 409 for the others
        int status = operator()
                .body(Map.of("code", USD, "scale", 2))
                .post("/api/v1/admin/assets")
                .then()
                .extract()
                .statusCode();
        assertThat(status).isIn(201, 409);
        operator()
                .body(Map.of("symbol", product, "underlying", "BTC", "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        for (String[] v : new String[][] {{venueA, "XBTUSD", "0.001"}, {venueB, "BTC-PERP", "0.01"}}) {
            operator()
                    .body(Map.of("code", v[0], "name", "Venue " + v[0]))
                    .post("/api/v1/admin/venues")
                    .then()
                    .statusCode(201);
            operator()
                    .body(Map.of("symbol", v[1], "product", product, "contractSize", v[2]))
                    .post("/api/v1/admin/venues/{v}/instruments", v[0])
                    .then()
                    .statusCode(201);
        }
    }

    String symbolOf(String venue) {
        return venue.equals(venueA) ? "XBTUSD" : "BTC-PERP";
    }

    /** Publishes a trade of {@code contracts} venue contracts without waiting; returns its id. */
    String publish(String venue, String price, String contracts, String buyer, String seller) {
        String id = Trading.nextTradeId();
        TestKafka.send(
                "trades." + venue,
                id,
                Trading.trade(
                        venue,
                        id,
                        symbolOf(venue),
                        price,
                        contracts,
                        buyer,
                        seller,
                        Instant.now().toString()));
        tradeIds.add(id);
        return id;
    }

    /** Publishes a trade and waits until it is applied. */
    String trade(String venue, String price, String contracts, String buyer, String seller) {
        String id = publish(venue, price, contracts, buyer, seller);
        awaitTrades();
        return id;
    }

    void awaitTrades() {
        Eventually.until(
                tradeIds.size() + " trades applied",
                () -> TestDatabase.count("SELECT count(*) FROM trade_inbox WHERE venue_trade_id = ANY(?)", (Object)
                                tradeIds.toArray(String[]::new))
                        == tradeIds.size());
    }

    /** Both venues report {@code price}; waits until it is the harmonized mark. */
    void mark(String price) {
        Instant now = Instant.now();
        TestKafka.send("prices." + venueA, "XBTUSD", Trading.price(venueA, "XBTUSD", price, now));
        TestKafka.send("prices." + venueB, "BTC-PERP", Trading.price(venueB, "BTC-PERP", price, now));
        Eventually.until("mark " + price, () -> {
            Object m = TestDatabase.single(
                    "SELECT m.price FROM mark m JOIN product p ON p.id = m.product_id WHERE p.symbol = ?", product);
            return m != null && ((BigDecimal) m).compareTo(new BigDecimal(price)) == 0;
        });
    }

    /** An operator's cycle now; returns the response body. */
    static JsonPath runCycle(Object body) {
        io.restassured.response.Response run = operator()
                .body(body)
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(201)
                .extract()
                .response();
        assertThat(run.header("Location"))
                .endsWith("/api/v1/admin/settlement-cycles/" + run.jsonPath().getString("code"));
        return run.jsonPath();
    }

    static JsonPath runCycle() {
        return runCycle(Map.of());
    }

    /** The member's instructions of a cycle, as the member sees them. */
    static List<Map<String, Object>> instructionsOf(String member, String cycle) {
        return as(Tokens.member(member))
                .queryParam("cycle", cycle)
                .get("/api/v1/settlement-instructions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    static BigDecimal collateral(String account) {
        return TestDatabase.decimal("""
                SELECT b.balance FROM ledger_balance b JOIN ledger_account l ON l.id = b.ledger_account_id JOIN account a ON a.id = l.account_id
                  JOIN asset x ON x.id = b.asset_id WHERE a.code = ? AND l.kind = 'MEMBER_COLLATERAL' AND x.code = 'USD'""", account);
    }

    static BigDecimal settlementBalance(String account) {
        return TestDatabase.decimal("""
                SELECT b.balance FROM ledger_balance b JOIN ledger_account l ON l.id = b.ledger_account_id JOIN account a ON a.id = l.account_id
                  JOIN asset x ON x.id = b.asset_id WHERE a.code = ? AND l.kind = 'MEMBER_SETTLEMENT' AND x.code = 'USD'""", account);
    }

    /** I1 over the whole ledger: every entry balances per asset, and balances equal their postings. */
    static void assertLedgerBalances() {
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM (SELECT entry_id, asset_id FROM posting GROUP BY entry_id, asset_id HAVING sum(amount) <> 0) x""")).as("entries that do not balance").isZero();
        assertThat(
                        TestDatabase.count(
                                "SELECT count(*) FROM (SELECT asset_id FROM posting GROUP BY asset_id HAVING sum(amount) <> 0) x"))
                .as("assets whose books do not sum to zero")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM ledger_balance b
                 WHERE b.balance <> (SELECT coalesce(sum(p.amount), 0) FROM posting p
                                      WHERE p.ledger_account_id = b.ledger_account_id AND p.asset_id = b.asset_id)"""))
                .as("balances that differ from their postings")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM ledger_balance b JOIN ledger_account l ON l.id = b.ledger_account_id
                 WHERE l.kind = 'MEMBER_COLLATERAL' AND b.balance < 0""")).as("negative member collateral").isZero();
    }

    /**
     * Against the CCP, a cycle's instructions net to zero per currency: their signed amounts plus what the cycle booked
     * to the CCP's settlement, fee and rounding accounts sum to exactly 0, and the rounding residue is never negative.
     */
    static void assertInstructionsNetToZeroAgainstTheCcp(String cycle) {
        BigDecimal instructions = TestDatabase.decimal("""
                SELECT coalesce(sum(CASE i.direction WHEN 'RECEIVE' THEN i.amount ELSE -i.amount END), 0)
                  FROM settlement_instruction i JOIN settlement_cycle s ON s.id = i.cycle_id WHERE s.code = ?""", cycle);
        BigDecimal ccp = TestDatabase.decimal("""
                SELECT coalesce(sum(p.amount), 0) FROM posting p JOIN journal_entry e ON e.id = p.entry_id
                  JOIN ledger_account l ON l.id = p.ledger_account_id
                 WHERE e.kind IN ('SETTLEMENT_CYCLE', 'SETTLEMENT_CCP') AND e.reference LIKE ? AND l.kind LIKE 'CCP\\_%'""", cycle + "/%");
        assertThat(instructions.add(ccp))
                .as("instructions + CCP postings of cycle " + cycle)
                .isEqualByComparingTo("0");
        BigDecimal rounding = TestDatabase.decimal("""
                SELECT coalesce(sum(p.amount), 0) FROM posting p JOIN journal_entry e ON e.id = p.entry_id
                  JOIN ledger_account l ON l.id = p.ledger_account_id
                 WHERE e.kind = 'SETTLEMENT_CCP' AND e.reference LIKE ? AND l.kind = 'CCP_ROUNDING'""", cycle + "/%");
        assertThat(rounding).as("rounding residue of " + cycle).isGreaterThanOrEqualTo(BigDecimal.ZERO);
    }
}
