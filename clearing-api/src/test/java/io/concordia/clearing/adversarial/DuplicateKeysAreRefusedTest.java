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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key given twice in a JSON object is refused everywhere (last-wins once booked 9,999,999.00 for a body a reviewer
 * read as 1.00): {@code 400 DUPLICATE_KEY} for a REST body, a {@code DUPLICATE_KEY} dead letter for a venue record.
 */
@QuarkusTest
class DuplicateKeysAreRefusedTest {

    @Test
    void shouldRefuseRestBodiesWithADuplicateKeyAndWriteNothing() {
        Margins.usd();
        String member = Api.createMember();
        String account = Api.openAccount(member);
        Api.deposit(account, "USD", "100");
        List<Object> before = Problems.writeCounts();

        assertProblem(
                operator()
                        .body(
                                "{\"asset\":\"USD\",\"quantity\":\"1.00\",\"quantity\":\"9999999.00\",\"reference\":\"r1\"}")
                        .post("/api/v1/admin/accounts/{a}/deposits", account),
                400,
                "DUPLICATE_KEY");
        assertProblem(
                as(Tokens.member(member))
                        .body("{\"asset\":\"USD\",\"quantity\":\"1\",\"quantity\":\"2\"}")
                        .post("/api/v1/accounts/{a}/withdrawals", account),
                400,
                "DUPLICATE_KEY");
        assertProblem(
                operator()
                        .body("{\"code\":\"DUPX\",\"name\":\"a\",\"name\":\"b\"}")
                        .post("/api/v1/admin/members"),
                400,
                "DUPLICATE_KEY");
        assertProblem(
                as(Tokens.member(member))
                        .body("{\"account\":\"" + account + "\",\"trades\":[{\"product\":\"P\",\"quantity\":\"1\","
                                + "\"quantity\":\"2\"}]}")
                        .post("/api/v1/margin/what-if"),
                400,
                "DUPLICATE_KEY");
        assertProblem(
                operator().body("{\"prices\":{\"X\":\"1\",\"X\":\"2\"}}").post("/api/v1/admin/settlement-cycles"),
                400,
                "DUPLICATE_KEY");

        assertThat(Problems.writeCounts()).isEqualTo(before);
    }

    @Test
    void shouldDeadLetterVenueRecordsWithADuplicateKey() {
        Trading w = new Trading();
        String now = Instant.now().toString();
        String tradeKey = Trading.nextTradeId();
        TestKafka.send(
                "trades." + w.venueA,
                0,
                tradeKey,
                Trading.trade(w.venueA, tradeKey, "XBTUSD", "64000", "1000", w.accountA, w.accountB, now)
                        .replace("\"quantity\":\"1000\"", "\"quantity\":\"1000\",\"quantity\":\"9999999000\""));
        String priceKey = Trading.nextTradeId();
        TestKafka.send(
                "prices." + w.venueA,
                0,
                priceKey,
                Trading.price(w.venueA, "XBTUSD", "64000", Instant.now())
                        .replace("\"price\":\"64000\"", "\"price\":\"64000\",\"price\":\"1\""));
        String good = Trading.nextTradeId();
        w.publishTrade(w.venueA, good, "64000", "1000", w.accountA, w.accountB);

        Eventually.until("the good trade after the bad one", () -> Trading.inboxCount(w.venueA, good) == 1);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'DUPLICATE_KEY'", tradeKey))
                .isEqualTo(1);
        assertThat(Trading.inboxCount(w.venueA, tradeKey)).isZero();
        assertThat(Trading.position(w.accountA, w.product)).isEqualByComparingTo("1");
        Eventually.until(
                "the price dead-lettered",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'DUPLICATE_KEY'",
                                priceKey)
                        == 1);
    }
}
