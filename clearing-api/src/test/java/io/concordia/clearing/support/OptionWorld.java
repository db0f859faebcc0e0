package io.concordia.clearing.support;

import static io.concordia.clearing.support.Api.operator;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A BTC perpetual marked at 60,000 (and BTC's reference product with it: the options' forward), two funded members
 * trading on two venues, and an option listed on both: contract size 1 on venue A, 0.1 on venue B.
 */
public final class OptionWorld {
    public final Trading w = new Trading();
    public final String option = Api.unique("BTC-C-");
    public final Instant expiresAt;

    /** The option expires {@code life} after it is listed, to the second. */
    public OptionWorld(String strike, String right, Duration life) {
        Margins.usd();
        Margins.mark(w.product, "60000");
        // the options' forward is the mark of BTC's reference product: the first perpetual listed on it
        Margins.mark(referenceOf("BTC"), "60000");
        Api.deposit(w.accountA, "USD", "100000");
        Api.deposit(w.accountB, "USD", "100000");
        expiresAt = Instant.now().plus(life).truncatedTo(ChronoUnit.SECONDS);
        operator()
                .body(Map.of(
                        "symbol",
                        option,
                        "underlying",
                        "BTC",
                        "kind",
                        "OPTION",
                        "strike",
                        strike,
                        "right",
                        right,
                        "expiresAt",
                        expiresAt.toString()))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201)
                .body("strike", equalTo(strike))
                .body("right", equalTo(right))
                .body("expiresAt", equalTo(expiresAt.toString()));
        operator()
                .body(Map.of("symbol", option, "product", option, "contractSize", "1"))
                .post("/api/v1/admin/venues/{v}/instruments", w.venueA)
                .then()
                .statusCode(201);
        operator()
                .body(Map.of("symbol", option, "product", option, "contractSize", "0.1"))
                .post("/api/v1/admin/venues/{v}/instruments", w.venueB)
                .then()
                .statusCode(201);
    }

    public void price(String venue, String price, String iv, Instant at) {
        TestKafka.send("prices." + venue, option, """
                {"venue":"%s","symbol":"%s","price":"%s","iv":"%s","at":"%s"}""".formatted(venue, option, price, iv, at));
    }

    /** A buys {@code contracts} of venue A (one unit each) from B. */
    public String trade(String price, String contracts, Instant executedAt) {
        String id = Trading.nextTradeId();
        TestKafka.send(
                "trades." + w.venueA,
                id,
                Trading.trade(w.venueA, id, option, price, contracts, w.accountA, w.accountB, executedAt.toString()));
        return id;
    }

    /** The underlying's reference product: its first perpetual, else its first future (docs/margin-model.md §8.2). */
    public static String referenceOf(String underlying) {
        return (String) TestDatabase.single("""
                SELECT symbol FROM product WHERE underlying = ? AND kind <> 'OPTION' ORDER BY kind = 'PERPETUAL' DESC, id LIMIT 1""", underlying);
    }
}
