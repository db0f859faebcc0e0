package io.concordia.clearing.adversarial;

import static io.concordia.clearing.adversarial.Problems.assertProblem;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NUL (which PostgreSQL cannot store: it once answered 500) and the other control characters are refused in every text a
 * client sends — body, map key, path, query, CSV — with {@code 400 INVALID_CHARACTER}, and dead-lettered in a venue
 * record with {@code INVALID_CHARACTER} instead of holding its partition up.
 */
@QuarkusTest
class ControlCharactersAreRefusedTest {

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"\\u0000", "\\u0007", "\\u001b[31m", "\\u007f", "\\u0085", "\\ud800"})
    void shouldRefuseAControlCharacterInABodyAndWriteNothing(String escaped) {
        String asset = Api.createAsset(2);
        String account = Api.openAccount(Api.createMember());
        List<Object> before = Problems.writeCounts();
        assertProblem(
                operator()
                        .body("{\"asset\":\"" + asset + "\",\"quantity\":\"1\",\"reference\":\"wire" + escaped + "\"}")
                        .post("/api/v1/admin/accounts/{a}/deposits", account),
                400,
                "INVALID_CHARACTER");
        assertProblem(
                operator()
                        .body("{\"code\":\"" + Api.unique("NUL") + "\",\"name\":\"Acme" + escaped + "\"}")
                        .post("/api/v1/admin/members"),
                400,
                "INVALID_CHARACTER");
        Response key =
                operator().body("{\"prices\":{\"BTC" + escaped + "\":\"1\"}}").post("/api/v1/admin/settlement-cycles");
        // half a surrogate pair cannot even be decoded as a key by the UTF-8 parser: malformed before it is a character
        assertProblem(key, 400, escaped.equals("\\ud800") ? key.jsonPath().getString("code") : "INVALID_CHARACTER");
        assertThat(key.jsonPath().getString("code")).isIn("INVALID_CHARACTER", "MALFORMED_JSON");
        assertThat(Problems.writeCounts()).isEqualTo(before);
    }

    @Test
    void shouldAcceptTabsAndLineBreaksInFreeText() {
        String member = Api.createMember();
        operator()
                .body("{\"reason\":\"first line\\nsecond line\\tend\"}")
                .post("/api/v1/admin/members/{m}/suspend", member)
                .then()
                .statusCode(200);
    }

    @Test
    void shouldRefuseAControlCharacterInThePathOrQuery() {
        Response path = RestAssured.given()
                .urlEncodingEnabled(false)
                .auth()
                .oauth2(io.concordia.clearing.support.Tokens.operator())
                .get("/api/v1/admin/members/ACME%00X");
        assertProblem(path, 400, "INVALID_CHARACTER");
        Response query = RestAssured.given()
                .urlEncodingEnabled(false)
                .auth()
                .oauth2(io.concordia.clearing.support.Tokens.operator())
                .get("/api/v1/admin/audit?objectType=account&objectCode=A%00B");
        assertProblem(query, 400, "INVALID_CHARACTER");
        assertThat(query.jsonPath().getString("detail")).contains("objectCode");
    }

    @Test
    void shouldRefuseAControlCharacterInACsvUpload() {
        List<Object> before = Problems.writeCounts();
        assertProblem(
                operator()
                        .contentType("text/csv")
                        .body("date,underlying,close\n2026-11-01,BTC\u0000,64000\n")
                        .post("/api/v1/admin/margin/scenario-sets?id=" + Api.unique("s")),
                400,
                "INVALID_CHARACTER");
        assertThat(Problems.writeCounts()).isEqualTo(before);
    }

    @Test
    void shouldDeadLetterAVenueRecordWithAControlCharacterAndMoveOn() {
        Trading w = new Trading();
        String now = Instant.now().toString();
        String nulTradeId = Trading.nextTradeId();
        TestKafka.send(
                "trades." + w.venueA,
                0,
                nulTradeId,
                Trading.trade(
                        w.venueA, "T\\u0000" + nulTradeId, "XBTUSD", "64000", "1000", w.accountA, w.accountB, now));
        String nulKey = "K\u0000" + Trading.nextTradeId();
        TestKafka.send(
                "trades." + w.venueA,
                0,
                nulKey,
                Trading.trade(
                        w.venueA,
                        "T\\u001b" + nulKey.substring(2),
                        "XBTUSD",
                        "64000",
                        "1000",
                        w.accountA,
                        w.accountB,
                        now));
        String good = Trading.nextTradeId();
        w.publishTrade(w.venueA, good, "64000", "1000", w.accountA, w.accountB);

        Eventually.until("the good trade after the bad ones", () -> Trading.inboxCount(w.venueA, good) == 1);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'INVALID_CHARACTER'",
                        nulTradeId))
                .isEqualTo(1);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'INVALID_CHARACTER'",
                        nulKey.replace('\u0000', '\uFFFD')))
                .isEqualTo(1);
        assertThat(Trading.position(w.accountA, w.product)).isEqualByComparingTo("1");
    }
}
