package io.concordia.clearing.trade;

import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every reason a trade record can never succeed, on the real broker: each gets a dead-letter row with its stable
 * reason, changes no position, and the partition moves on to the good trade published after it.
 */
@QuarkusTest
class DeadLetterCatalogueTest {

    record Case(String reason, String topicVenue, String payload) {}

    @Test
    void shouldDeadLetterEachBadRecordWithItsReasonAndMoveOn() {
        Trading w = new Trading();
        String suspendedMember = io.concordia.clearing.support.Api.createMember();
        String suspendedAccount = io.concordia.clearing.support.Api.openAccount(suspendedMember);
        operator()
                .body(Map.of("reason", "test"))
                .post("/api/v1/admin/members/{m}/suspend", suspendedMember)
                .then()
                .statusCode(200);
        String a = w.accountA;
        String b = w.accountB;
        String now = Instant.now().toString();
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        List<Case> cases = new ArrayList<>(List.of(
                new Case("MALFORMED_JSON", w.venueA, "{\"venue\":"),
                new Case("MALFORMED_JSON", w.venueA, "[1,2,3]"),
                new Case("MALFORMED_JSON", w.venueA, "{\"venue\":\"x\",\"price\":NaN}"),
                new Case(
                        "DUPLICATE_KEY",
                        w.venueA,
                        trade(w, "64000", "1", a, b, now)
                                .replace("\"quantity\":\"1\"", "\"quantity\":\"1\",\"quantity\":\"9999999\"")),
                new Case(
                        "INVALID_CHARACTER",
                        w.venueA,
                        trade(w, "64000", "1", a, b, now)
                                .replace("\"symbol\":\"XBTUSD\"", "\"symbol\":\"XBT\\u0000USD\"")),
                new Case(
                        "UNKNOWN_FIELD",
                        w.venueA,
                        trade(w, "64000", "1", a, b, now).replace("}", ",\"side\":\"BUY\"}")),
                new Case(
                        "MISSING_FIELD",
                        w.venueA,
                        trade(w, "64000", "1", a, b, now).replace(",\"buyer\":\"" + a + "\"", "")),
                new Case("INVALID_NUMBER", w.venueA, trade(w, "NaN", "1", a, b, now)),
                new Case("INVALID_NUMBER", w.venueA, trade(w, "64000", "Infinity", a, b, now)),
                new Case("NOT_POSITIVE", w.venueA, trade(w, "64000", "0", a, b, now)),
                new Case("NOT_POSITIVE", w.venueA, trade(w, "-64000", "1", a, b, now)),
                new Case("OUT_OF_RANGE", w.venueA, trade(w, "64000", "1e40", a, b, now)),
                new Case("OUT_OF_RANGE", w.venueA, trade(w, "64000.0000000000000000001", "1", a, b, now)),
                new Case("INVALID_TIME", w.venueA, trade(w, "64000", "1", a, b, "yesterday")),
                new Case("FUTURE_EXECUTION_TIME", w.venueA, trade(w, "64000", "1", a, b, future)),
                new Case("VENUE_MISMATCH", w.venueB, trade(w, "64000", "1", a, b, now)),
                new Case("SAME_ACCOUNT", w.venueA, trade(w, "64000", "1", a, a, now)),
                new Case(
                        "UNKNOWN_INSTRUMENT",
                        w.venueA,
                        trade(w, "64000", "1", a, b, now).replace("XBTUSD", "DOGEUSD")),
                new Case("UNKNOWN_ACCOUNT", w.venueA, trade(w, "64000", "1", a, "NOBODY", now)),
                new Case("MEMBER_NOT_ACTIVE", w.venueA, trade(w, "64000", "1", a, suspendedAccount, now)),
                new Case("CCP_ACCOUNT", w.venueA, trade(w, "64000", "1", "CCP-DM", b, now))));
        List<String> keys = new ArrayList<>();
        for (Case c : cases) {
            String key = Trading.nextTradeId();
            keys.add(key);
            TestKafka.send("trades." + c.topicVenue(), 0, key, c.payload());
        }
        // a venue that is not set up at all: its own topic, unknown venue
        String unknownVenue = io.concordia.clearing.support.Api.unique("ghost").toLowerCase();
        String ghostKey = Trading.nextTradeId();
        TestKafka.send(
                "trades." + unknownVenue,
                ghostKey,
                Trading.trade(unknownVenue, ghostKey, "XBTUSD", "64000", "1", a, b, now));
        String good = Trading.nextTradeId();
        TestKafka.send(
                "trades." + w.venueA, 0, good, Trading.trade(w.venueA, good, "XBTUSD", "64000", "1000", a, b, now));

        Eventually.until("the good trade after the bad ones", () -> Trading.inboxCount(w.venueA, good) == 1);
        Eventually.until(
                "the unknown venue's dead letter",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'UNKNOWN_VENUE'",
                                ghostKey)
                        == 1);
        for (int i = 0; i < cases.size(); i++) {
            assertThat(TestDatabase.count(
                            "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = ?",
                            keys.get(i),
                            cases.get(i).reason()))
                    .as(cases.get(i).reason() + ": " + cases.get(i).payload())
                    .isEqualTo(1);
        }
        assertThat(Trading.position(a, w.product)).isEqualByComparingTo("1");
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM dead_letter WHERE record_key = ? AND detail = ''", keys.get(0)))
                .isZero();
    }

    @Test
    void shouldDeadLetterABodyThatIsNotUtf8OrEmpty() {
        Trading w = new Trading();
        String k1 = Trading.nextTradeId();
        String k2 = Trading.nextTradeId();
        TestKafka.sendBytes("trades." + w.venueA, k1, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        TestKafka.sendBytes("trades." + w.venueA, k2, null);
        Eventually.until(
                "both dead-lettered",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM dead_letter WHERE record_key IN (?, ?) AND reason = 'MALFORMED_JSON'",
                                k1,
                                k2)
                        == 2);
    }

    private static String trade(Trading w, String price, String quantity, String buyer, String seller, String at) {
        return Trading.trade(w.venueA, "dl-" + System.nanoTime(), "XBTUSD", price, quantity, buyer, seller, at);
    }
}
