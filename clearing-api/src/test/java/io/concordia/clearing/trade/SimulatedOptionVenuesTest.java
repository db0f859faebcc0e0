package io.concordia.clearing.trade;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.simulator.ListedOption;
import io.concordia.simulator.OptionChain;
import io.concordia.simulator.OptionSettings;
import io.concordia.simulator.OptionVenue;
import io.concordia.simulator.PriceRecord;
import io.concordia.simulator.SimulationOptions;
import io.concordia.simulator.TradeRecord;
import io.concordia.simulator.VenueRecord;
import io.concordia.simulator.VenueSimulator;
import io.concordia.simulator.VenueSpec;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The venue simulator's option chain, set up as its {@code --setup-curl} does and replayed into Kafka, is cleared by the
 * service as published: the records agree with the service's contract (no dead letter), every option price carries its
 * implied volatility, positions net to zero, and every account holding options is margined under the model.
 */
@QuarkusTest
class SimulatedOptionVenuesTest {

    @Test
    void shouldClearTheSimulatorsOptionChainWithoutADeadLetter() {
        Margins.usd();
        String perp = Api.unique("BTC-PERP-");
        operator()
                .body(Map.of("symbol", perp, "underlying", "BTC", "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        String venueA = Api.unique("sa").toLowerCase();
        String venueB = Api.unique("sb").toLowerCase();
        List<VenueSpec> venues = List.of(
                VenueSpec.of(venueA, "XBTUSD", new BigDecimal("0.001")),
                VenueSpec.of(venueB, "BTC-PERP", new BigDecimal("0.01")));
        String member = Api.createMember();
        List<String> accounts =
                List.of(Api.openAccount(member), Api.openAccount(member), Api.openAccount(Api.createMember()));
        for (String account : accounts) {
            Api.deposit(account, "USD", "100000000");
        }
        SimulationOptions options =
                SimulationOptions.of(11, 1_500, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        OptionSettings settings = OptionSettings.DEFAULTS.withVenues(
                List.of(new OptionVenue(venueA, BigDecimal.ONE), new OptionVenue(venueB, new BigDecimal("0.1"))));
        VenueSimulator simulator =
                VenueSimulator.bitstamp(venues, accounts, options).withOptions(settings);

        // the reference data the simulator's setup script creates
        for (VenueSpec v : venues) {
            operator()
                    .body(Map.of("code", v.code(), "name", "Simulated " + v.code()))
                    .post("/api/v1/admin/venues")
                    .then()
                    .statusCode(201);
            operator()
                    .body(Map.of(
                            "symbol",
                            v.symbol(),
                            "product",
                            perp,
                            "contractSize",
                            v.contractSize().toPlainString()))
                    .post("/api/v1/admin/venues/{v}/instruments", v.code())
                    .then()
                    .statusCode(201);
        }
        OptionChain chain = simulator.optionChain().orElseThrow();
        for (ListedOption o : chain.options()) {
            operator()
                    .body(Map.of(
                            "symbol",
                            o.symbol(),
                            "underlying",
                            "BTC",
                            "kind",
                            "OPTION",
                            "strike",
                            o.strike().toPlainString(),
                            "right",
                            o.right().name(),
                            "expiresAt",
                            o.expiry().toString()))
                    .post("/api/v1/admin/products")
                    .then()
                    .statusCode(201);
            for (OptionVenue v : settings.venues()) {
                operator()
                        .body(Map.of(
                                "symbol",
                                o.symbol(),
                                "product",
                                o.symbol(),
                                "contractSize",
                                v.contractSize().toPlainString()))
                        .post("/api/v1/admin/venues/{v}/instruments", v.code())
                        .then()
                        .statusCode(201);
            }
        }

        long trades = 0;
        Set<String> optionPrices = new HashSet<>();
        Set<String> optionsTraded = new HashSet<>();
        for (VenueRecord r : (Iterable<VenueRecord>) simulator.records()::iterator) {
            TestKafka.send(r.topic(), r.key(), r.toJson());
            if (r instanceof TradeRecord t) {
                trades++;
                if (t.symbol().startsWith("BTC-") && !t.symbol().equals("BTC-PERP")) {
                    optionsTraded.add(t.symbol());
                }
            } else if (r instanceof PriceRecord p && p.iv() != null) {
                optionPrices.add(p.venue() + "/" + p.symbol());
            }
        }
        long sent = trades;
        Eventually.until("every simulated trade booked", () -> TestDatabase.count("""
                SELECT count(*) FROM trade_inbox i JOIN venue v ON v.id = i.venue_id WHERE v.code IN (?, ?)""", venueA, venueB) == sent);
        assertThat(optionsTraded).as("the replay trades options").hasSizeGreaterThan(5);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM dead_letter WHERE source_topic IN (?, ?, ?, ?)",
                        "trades." + venueA,
                        "trades." + venueB,
                        "prices." + venueA,
                        "prices." + venueB))
                .as("dead letters")
                .isZero();
        Eventually.until(
                "every option price stored with its implied volatility",
                () -> TestDatabase.count("""
                SELECT count(*) FROM venue_price vp JOIN venue v ON v.id = vp.venue_id JOIN product p ON p.id = vp.product_id
                 WHERE v.code IN (?, ?) AND p.kind = 'OPTION' AND vp.iv IS NOT NULL""", venueA, venueB) == optionPrices.size());
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM (SELECT product_id FROM position GROUP BY product_id HAVING sum(quantity) <> 0) x"""))
                .as("products whose positions do not net to zero")
                .isZero();

        Margins.awaitQuiet();
        for (String account : accounts) {
            assertThat(Margins.stored(account)).as(account).isNotNull();
            assertThat(TestDatabase.single("""
                    SELECT m.binding FROM account_margin m JOIN account a ON a.id = m.account_id WHERE a.code = ?""", account))
                    .as("margined under the model")
                    .isNotEqualTo("FULL_NOTIONAL");
        }
        String holder = accounts.get(0);
        assertThat(as(Tokens.member(member))
                        .get("/api/v1/accounts/{a}/greeks", holder)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("positions"))
                .isNotEmpty();
    }
}
