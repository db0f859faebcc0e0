package io.concordia.clearing.support;

import static io.concordia.clearing.support.Api.operator;

import java.time.Instant;
import java.util.Map;

/**
 * A small clearing world for ingestion tests, with codes unique to the test: a harmonized perpetual listed on two
 * venues with different contract sizes, and two members with an account each.
 */
public final class Trading {

    public final String product = Api.unique("BTC-PERP-");
    public final String venueA = Api.unique("va").toLowerCase();
    public final String venueB = Api.unique("vb").toLowerCase();
    public final String memberA = Api.createMember();
    public final String memberB = Api.createMember();
    public final String accountA = Api.openAccount(memberA);
    public final String accountB = Api.openAccount(memberB);
    private static int sequence;

    public Trading() {
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

    public String symbolOf(String venue) {
        return venue.equals(venueA) ? "XBTUSD" : "BTC-PERP";
    }

    public static synchronized String nextTradeId() {
        return "T" + (++sequence) + "-" + System.nanoTime();
    }

    /** A well-formed trade record of {@code venue}. */
    public String trade(String venue, String tradeId, String price, String contracts, String buyer, String seller) {
        return trade(
                venue,
                tradeId,
                symbolOf(venue),
                price,
                contracts,
                buyer,
                seller,
                Instant.now().toString());
    }

    public static String trade(
            String venue,
            String tradeId,
            String symbol,
            String price,
            String contracts,
            String buyer,
            String seller,
            String executedAt) {
        return """
                {"venue":"%s","tradeId":"%s","symbol":"%s","price":"%s","quantity":"%s","buyer":"%s","seller":"%s","executedAt":"%s"}""".formatted(venue, tradeId, symbol, price, contracts, buyer, seller, executedAt);
    }

    public static String price(String venue, String symbol, String price, Instant at) {
        return """
                {"venue":"%s","symbol":"%s","price":"%s","at":"%s"}""".formatted(venue, symbol, price, at);
    }

    public void publishTrade(
            String venue, String tradeId, String price, String contracts, String buyer, String seller) {
        TestKafka.send("trades." + venue, tradeId, trade(venue, tradeId, price, contracts, buyer, seller));
    }

    public static long inboxCount(String venue, String tradeId) {
        return TestDatabase.count("""
                SELECT count(*) FROM trade_inbox i JOIN venue v ON v.id = i.venue_id WHERE v.code = ? AND i.venue_trade_id = ?""", venue, tradeId);
    }

    public static java.math.BigDecimal position(String account, String product) {
        return TestDatabase.decimal("""
                SELECT p.quantity FROM position p JOIN account a ON a.id = p.account_id JOIN product pr ON pr.id = p.product_id
                 WHERE a.code = ? AND pr.symbol = ?""", account, product);
    }
}
