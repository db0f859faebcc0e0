package io.concordia.clearing.adversarial;

import static io.concordia.clearing.adversarial.Problems.assertProblem;
import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A number no NUMERIC(38, 18) column can hold is refused where it enters — REST body, query parameter, venue record,
 * CSV upload — at once, with a stable code, before any arithmetic: {@code 1e10000000} once cost 20 s of CPU and a
 * 10 MB log line.
 */
@QuarkusTest
class OutOfRangeNumbersAreRefusedTest {

    static Trading world;

    @BeforeEach
    void aTradingWorld() {
        if (world == null) {
            world = new Trading();
            Margins.usd();
            Margins.mark(world.product, "64000");
            Api.deposit(world.accountA, "USD", "100000");
        }
    }

    @ParameterizedTest(name = "what-if quantity {0}")
    @ValueSource(strings = {"1e10000000", "1e400", "123456789012345678901234567890", "1e20", "-1e21"})
    void shouldRefuseAWhatIfQuantityOutOfRangeAtOnce(String quantity) {
        long start = System.nanoTime();
        Response response = as(Tokens.member(world.memberA))
                .body("""
                {"account":"%s","trades":[{"product":"%s","quantity":"%s","price":"64500"}]}""".formatted(world.accountA, world.product, quantity))
                .post("/api/v1/margin/what-if");
        assertProblem(response, 422, "NUMBER_OUT_OF_RANGE");
        assertThat(response.jsonPath().getString("detail")).contains("trades[0].quantity");
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(3_000);
    }

    @Test
    void shouldRefuseAnOutOfRangeJsonNumberAsWellAsAString() {
        for (String number : List.of("1e10000000", "1E400", "1" + "0".repeat(63), "1" + "0".repeat(200))) {
            Response response = as(Tokens.member(world.memberA))
                    .body("""
                    {"account":"%s","trades":[{"product":"%s","quantity":%s,"price":64500}]}""".formatted(world.accountA, world.product, number))
                    .post("/api/v1/margin/what-if");
            assertProblem(response, 422, "NUMBER_OUT_OF_RANGE");
        }
    }

    @ParameterizedTest(name = "deposit {0}")
    @ValueSource(strings = {"1e10000000", "1e400", "123456789012345678901234567890", "1e20"})
    void shouldRefuseADepositOutOfRangeAndBookNothing(String quantity) {
        List<Object> before = Problems.writeCounts();
        Response response = operator()
                .body(Map.of("asset", "USD", "quantity", quantity, "reference", Api.unique("wire")))
                .post("/api/v1/admin/accounts/{a}/deposits", world.accountA);
        assertProblem(response, 422, "NUMBER_OUT_OF_RANGE");
        assertThat(Problems.writeCounts()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnOutOfRangeWithdrawalAndMarkOverride() {
        List<Object> before = Problems.writeCounts();
        assertProblem(
                as(Tokens.member(world.memberA))
                        .body(Map.of("asset", "USD", "quantity", "1e10000000"))
                        .post("/api/v1/accounts/{a}/withdrawals", world.accountA),
                422,
                "NUMBER_OUT_OF_RANGE");
        assertProblem(
                operator()
                        .body(Map.of("price", "1e400", "reason", "fat finger"))
                        .put("/api/v1/admin/marks/{p}", world.product),
                422,
                "NUMBER_OUT_OF_RANGE");
        assertProblem(
                operator()
                        .body(Map.of("amount", "1e10000000", "reference", Api.unique("wire")))
                        .put("/api/v1/admin/default-fund/members/{m}", world.memberA),
                422,
                "NUMBER_OUT_OF_RANGE");
        assertThat(Problems.writeCounts()).isEqualTo(before);
    }

    @Test
    void shouldRefuseOutOfRangeQueryParametersAndCsvClosesAndStoreNoSet() {
        List<Object> before = Problems.writeCounts();
        String csv = "date,underlying,close\n2026-11-01,BTC,64000\n2026-11-02,BTC,1e400\n";
        for (String close : List.of("1e400", "123456789012345678901234567890", "1" + "0".repeat(100_000))) {
            Response response = operator()
                    .contentType("text/csv")
                    .body(csv.replace("1e400", close))
                    .post("/api/v1/admin/margin/scenario-sets?id=" + Api.unique("s"));
            assertProblem(response, 422, "INVALID_PRICE_HISTORY");
            assertThat(response.jsonPath().getString("problems[0].code")).isEqualTo("INVALID_CLOSE");
            assertThat(response.jsonPath().getInt("problems[0].line")).isEqualTo(3);
            assertThat(response.jsonPath().getString("detail").length()).isLessThanOrEqualTo(1_003);
        }
        Response lambda = operator()
                .contentType(ContentType.TEXT.withCharset("UTF-8"))
                .contentType("text/csv")
                .body("date,underlying,close\n2026-11-01,BTC,64000\n")
                .post("/api/v1/admin/margin/scenario-sets?id=" + Api.unique("s") + "&lambda=1e10000000");
        assertProblem(lambda, 422, "NUMBER_OUT_OF_RANGE");
        assertThat(lambda.jsonPath().getString("detail")).contains("lambda");
        assertThat(Problems.writeCounts()).isEqualTo(before);
    }

    @Test
    void shouldDeadLetterVenueRecordsWithOutOfRangeNumbersAndMoveOn() {
        String now = Instant.now().toString();
        String[] quantities = {
            "\"1e10000000\"", "1e10000000", "\"1e400\"", "\"123456789012345678901234567890\"", "\"1e20\""
        };
        String[] keys = new String[quantities.length];
        for (int i = 0; i < quantities.length; i++) {
            keys[i] = Trading.nextTradeId();
            TestKafka.send(
                    "trades." + world.venueA,
                    0,
                    keys[i],
                    Trading.trade(world.venueA, keys[i], "XBTUSD", "64000", "1", world.accountA, world.accountB, now)
                            .replace("\"quantity\":\"1\"", "\"quantity\":" + quantities[i]));
        }
        String priceKey = Trading.nextTradeId();
        TestKafka.send(
                "prices." + world.venueA,
                0,
                priceKey,
                Trading.price(world.venueA, "XBTUSD", "1e10000000", Instant.now()));
        String good = Trading.nextTradeId();
        world.publishTrade(world.venueA, good, "64000", "1000", world.accountA, world.accountB);
        Eventually.until("the good trade after the bad ones", () -> Trading.inboxCount(world.venueA, good) == 1);
        for (int i = 0; i < keys.length; i++) {
            assertThat(TestDatabase.count(
                            "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'OUT_OF_RANGE' "
                                    + "AND length(detail) < 300",
                            keys[i]))
                    .as(quantities[i])
                    .isEqualTo(1);
        }
        Eventually.until(
                "the price dead-lettered",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'OUT_OF_RANGE'",
                                priceKey)
                        == 1);
    }
}
