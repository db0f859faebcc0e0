package io.concordia.clearing.trade;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.IngestInvariants;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trades from the venues' topics on the real broker, into positions on the real database. */
@QuarkusTest
class TradeIngestionTest {

    @Test
    void shouldNovateTradesFromTwoVenuesIntoPositionsThatNetAcrossVenues() {
        Trading w = new Trading();
        // A buys 2 BTC on venue A (2000 x 0.001) and sells 0.5 BTC on venue B (50 x 0.01), both against B
        String t1 = Trading.nextTradeId();
        String t2 = Trading.nextTradeId();
        w.publishTrade(w.venueA, t1, "64000", "2000", w.accountA, w.accountB);
        w.publishTrade(w.venueB, t2, "65000", "50", w.accountB, w.accountA);
        Eventually.until(
                "both trades applied",
                () -> Trading.inboxCount(w.venueA, t1) == 1 && Trading.inboxCount(w.venueB, t2) == 1);

        assertThat(Trading.position(w.accountA, w.product)).isEqualByComparingTo("1.5");
        assertThat(Trading.position(w.accountB, w.product)).isEqualByComparingTo("-1.5");
        as(Tokens.member(w.memberA))
                .get("/api/v1/accounts/{a}/positions", w.accountA)
                .then()
                .statusCode(200)
                .body("[0].product", equalTo(w.product))
                .body("[0].quantity", equalTo("1.5"))
                .body("[0].averagePrice", equalTo("64000"))
                .body("[0].realizedPnl", equalTo("500")); // 0.5 closed at 65000 against 64000
        as(Tokens.member(w.memberA))
                .get("/api/v1/accounts/{a}/trades?size=10", w.accountA)
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.find { it.tradeId == '%s' }.side".formatted(t1), equalTo("BUY"))
                .body("items.find { it.tradeId == '%s' }.quantity".formatted(t2), equalTo("0.5"));
        as(Tokens.member(w.memberB))
                .get("/api/v1/accounts/{a}/positions", w.accountA)
                .then()
                .statusCode(404);
        // both sides are re-margined on their new positions
        Eventually.until(
                "both accounts re-margined with their positions",
                () -> TestDatabase.count("""
                SELECT count(*) FROM account_margin m JOIN account a ON a.id = m.account_id
                 WHERE a.code IN (?, ?) AND m.im > 0""", w.accountA, w.accountB) == 2);
        assertPositionsSumToZero();
    }

    @Test
    void shouldCountAnExactDuplicateAndQuarantineAConflictingOne() {
        Trading w = new Trading();
        String id = Trading.nextTradeId();
        String original =
                Trading.trade(w.venueA, id, "XBTUSD", "64000", "1000", w.accountA, w.accountB, "2026-11-25T10:00:00Z");
        TestKafka.send("trades." + w.venueA, 0, id, original);
        // the same trade spelled differently is still the same trade
        TestKafka.send(
                "trades." + w.venueA,
                0,
                id,
                original.replace("\"64000\"", "\"64000.00\"").replace("10:00:00Z", "11:00:00+01:00"));
        TestKafka.send("trades." + w.venueA, 0, id, original.replace("\"1000\"", "\"1001\""));
        Eventually.until(
                "duplicate counted and conflict quarantined",
                () -> TestDatabase.count(
                                        "SELECT count(*) FROM trade_duplicate d JOIN trade_inbox i ON i.id = d.trade_id "
                                                + "JOIN venue v ON v.id = i.venue_id WHERE v.code = ? AND i.venue_trade_id = ?",
                                        w.venueA,
                                        id)
                                == 1
                        && TestDatabase.count(
                                        "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'CONFLICTING_DUPLICATE'",
                                        id)
                                == 1);
        assertThat(Trading.inboxCount(w.venueA, id)).isEqualTo(1);
        assertThat(Trading.position(w.accountA, w.product)).isEqualByComparingTo("1");
    }

    @Test
    void shouldApplyTradesArrivingOutOfOrderAcrossVenuesToTheSameNetPosition() {
        Trading w = new Trading();
        Instant base = Instant.now().minus(1, ChronoUnit.MINUTES);
        // later executions published first, on the other venue
        String[] ids = {Trading.nextTradeId(), Trading.nextTradeId(), Trading.nextTradeId()};
        TestKafka.send(
                "trades." + w.venueB,
                ids[2],
                Trading.trade(
                        w.venueB,
                        ids[2],
                        "BTC-PERP",
                        "64100",
                        "30",
                        w.accountB,
                        w.accountA,
                        base.plusSeconds(30).toString()));
        TestKafka.send(
                "trades." + w.venueA,
                ids[0],
                Trading.trade(w.venueA, ids[0], "XBTUSD", "64000", "1000", w.accountA, w.accountB, base.toString()));
        TestKafka.send(
                "trades." + w.venueB,
                ids[1],
                Trading.trade(
                        w.venueB,
                        ids[1],
                        "BTC-PERP",
                        "64050",
                        "20",
                        w.accountA,
                        w.accountB,
                        base.plusSeconds(10).toString()));
        Eventually.until(
                "all three applied",
                () -> Trading.inboxCount(w.venueB, ids[2])
                                + Trading.inboxCount(w.venueA, ids[0])
                                + Trading.inboxCount(w.venueB, ids[1])
                        == 3);
        assertThat(Trading.position(w.accountA, w.product)).isEqualByComparingTo("0.9"); // +1 +0.2 -0.3
        assertPositionsSumToZero();
    }

    @Test
    void shouldReplayADeadLetterOnceTheReferenceDataIsFixedAndAuditIt() {
        Trading w = new Trading();
        String id = Trading.nextTradeId();
        String newAccount = io.concordia.clearing.support.Api.unique("LATE");
        w.publishTrade(w.venueA, id, "64000", "1000", newAccount, w.accountB);
        Eventually.until(
                "dead letter",
                () -> TestDatabase.count("SELECT count(*) FROM dead_letter WHERE record_key = ?", id) == 1);
        long dl = TestDatabase.count("SELECT id FROM dead_letter WHERE record_key = ?", id);
        operator()
                .get("/api/v1/admin/dead-letters/{id}", dl)
                .then()
                .statusCode(200)
                .body("reason", equalTo("UNKNOWN_ACCOUNT"))
                .body("status", equalTo("OPEN"));
        operator()
                .post("/api/v1/admin/dead-letters/{id}/replay", dl)
                .then()
                .statusCode(422)
                .body("code", equalTo("REPLAY_FAILED"));

        operator()
                .body(Map.of("code", newAccount, "mode", "CROSS", "type", "HOUSE"))
                .post("/api/v1/admin/members/{m}/accounts", w.memberA)
                .then()
                .statusCode(201);
        operator()
                .post("/api/v1/admin/dead-letters/{id}/replay", dl)
                .then()
                .statusCode(200)
                .body("status", equalTo("REPLAYED"));
        operator().post("/api/v1/admin/dead-letters/{id}/replay", dl).then().statusCode(409);
        assertThat(Trading.position(newAccount, w.product)).isEqualByComparingTo("1");
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'REPLAY_DEAD_LETTER' AND object_code = ?",
                        Long.toString(dl)))
                .isEqualTo(1);
        operator().get("/api/v1/admin/dead-letters?status=OPEN&size=500").then().statusCode(200);
        as(Tokens.member(w.memberA)).get("/api/v1/admin/dead-letters").then().statusCode(403);
    }

    @Test
    void shouldDiscardADeadLetterWithAnAuditedReason() {
        Trading w = new Trading();
        String id = Trading.nextTradeId();
        TestKafka.send("trades." + w.venueA, id, "not json at all");
        Eventually.until(
                "dead letter",
                () -> TestDatabase.count("SELECT count(*) FROM dead_letter WHERE record_key = ?", id) == 1);
        long dl = TestDatabase.count("SELECT id FROM dead_letter WHERE record_key = ?", id);
        operator()
                .body(Map.of("reason", "venue confirmed garbage"))
                .post("/api/v1/admin/dead-letters/{id}/discard", dl)
                .then()
                .statusCode(200)
                .body("status", equalTo("DISCARDED"))
                .body("resolution", equalTo("venue confirmed garbage"));
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'DISCARD_DEAD_LETTER' AND object_code = ?",
                        Long.toString(dl)))
                .isEqualTo(1);
    }

    static void assertPositionsSumToZero() {
        try (java.sql.Connection c = TestDatabase.connect()) {
            assertThat(IngestInvariants.productsNotSummingToZero(c))
                    .as("products whose positions do not sum to zero (I2)")
                    .isZero();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
