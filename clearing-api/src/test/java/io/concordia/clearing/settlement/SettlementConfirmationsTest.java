package io.concordia.clearing.settlement;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the custodian's confirmations did is readable by operators, filtered by outcome and instruction and paged; a
 * rejected one raises an alert: a CONFIRMATION_REJECTED event on the settlement topic and the REJECTED count in
 * /q/metrics.
 */
@QuarkusTest
class SettlementConfirmationsTest {

    private static final Pattern COUNTER =
            Pattern.compile("concordia_settlement_confirmations_total\\{[^}]*outcome=\"(\\w+)\"[^}]*} ([0-9.E]+)");

    @Test
    void shouldShowEveryOutcomeToOperatorsAndAlertOnARejection() {
        SettlementWorld world = new SettlementWorld();
        String ma = Api.createMember();
        String mb = Api.createMember();
        String a = Api.openAccount(ma);
        String b = Api.openAccount(mb);
        world.trade(world.venueA, "100", "10000", a, b); // a long 10 at 100
        String cycle = SettlementWorld.runCycle(Map.of("prices", Map.of(world.product, "103")))
                .getString("code");
        long receive = instruction(ma, cycle);
        long pay = instruction(mb, cycle); // 30.10, and b holds no collateral
        Map<String, Double> before = counters();

        String topic = "settlement-confirmations";
        TestKafka.send(
                topic,
                Long.toString(pay),
                "{\"instructionId\": " + pay + ", \"status\": \"SETTLED\", \"reference\": \"CUST-1\"}");
        Eventually.until(
                "the rejection recorded",
                () -> TestDatabase.count("SELECT count(*) FROM settlement_confirmation WHERE instruction_id = ?", pay)
                        == 1);
        Api.deposit(b, "USD", "30.10");
        TestKafka.send(
                topic,
                Long.toString(pay),
                "{\"instructionId\": " + pay + ", \"status\": \"SETTLED\", \"reference\": \"CUST-1\"}");
        TestKafka.send(
                topic,
                Long.toString(pay),
                "{\"instructionId\": " + pay + ", \"status\": \"SETTLED\", \"reference\": \"CUST-1\"}");
        TestKafka.send(topic, Long.toString(receive), "{\"instructionId\": " + receive + ", \"status\": \"SETTLED\"}");
        TestKafka.send(topic, "nobody", "{\"instructionId\": 999999999, \"status\": \"SETTLED\"}");
        Eventually.until(
                "the confirmations recorded",
                () -> TestDatabase.count("SELECT count(*) FROM settlement_confirmation WHERE instruction_id = ?", pay)
                                == 3
                        && TestDatabase.count(
                                        "SELECT count(*) FROM settlement_confirmation WHERE instruction_id = ?",
                                        receive)
                                == 1
                        && TestDatabase.count(
                                        "SELECT count(*) FROM settlement_confirmation WHERE record_key = 'nobody'")
                                > 0);

        JsonPath ofPay = operator()
                .queryParam("instruction", pay)
                .get("/api/v1/admin/settlement-confirmations")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .extract()
                .jsonPath();
        assertThat(ofPay.getList("items.outcome")).containsExactly("DUPLICATE", "APPLIED", "REJECTED");
        assertThat(ofPay.getString("items[2].code")).isEqualTo("INSUFFICIENT_COLLATERAL");
        assertThat(ofPay.getString("items[2].detail")).contains(b);
        assertThat(ofPay.getString("items[2].payload")).contains("CUST-1");
        assertThat(ofPay.getString("items[0].code")).isNull();
        operator()
                .queryParam("instruction", receive)
                .queryParam("outcome", "APPLIED")
                .get("/api/v1/admin/settlement-confirmations")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].instruction", equalTo((int) receive));
        operator()
                .queryParam("outcome", "REJECTED")
                .queryParam("size", 50)
                .get("/api/v1/admin/settlement-confirmations")
                .then()
                .statusCode(200)
                .body("items.outcome", everyItem(equalTo("REJECTED")))
                .body("items.find { it.key == 'nobody' }.code", equalTo("UNKNOWN_INSTRUCTION"))
                .body("items.find { it.key == 'nobody' }.instruction", equalTo(null));
        operator()
                .queryParam("instruction", pay)
                .queryParam("size", 1)
                .queryParam("page", 1)
                .get("/api/v1/admin/settlement-confirmations")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].outcome", equalTo("APPLIED"))
                .body("total", equalTo(3));
        operator()
                .queryParam("outcome", "LOST")
                .get("/api/v1/admin/settlement-confirmations")
                .then()
                .statusCode(400)
                .body("code", equalTo("INVALID_VALUE"));
        operator()
                .queryParam("instruction", "x")
                .get("/api/v1/admin/settlement-confirmations")
                .then()
                .statusCode(400)
                .body("code", equalTo("INVALID_VALUE"));
        as(Tokens.member(mb))
                .get("/api/v1/admin/settlement-confirmations")
                .then()
                .statusCode(403);
        given().get("/api/v1/admin/settlement-confirmations").then().statusCode(401);

        // the alerts: an event per rejection, keyed by the instruction's member, and the counters
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM outbox WHERE topic = 'settlement-instructions' AND type = 'CONFIRMATION_REJECTED' AND event_key = ?
                   AND payload -> 'data' ->> 'code' = 'INSUFFICIENT_COLLATERAL'""", mb)).isEqualTo(1);
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM outbox WHERE topic = 'settlement-instructions' AND type = 'CONFIRMATION_REJECTED'
                   AND event_key = 'unknown-instruction' AND payload -> 'data' ->> 'key' = 'nobody'""")).isPositive();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM outbox WHERE topic = 'settlement-instructions' AND type = 'CONFIRMATION_REJECTED' AND event_key = ?""", ma)).isZero();
        Map<String, Double> after = counters();
        assertThat(after.get("APPLIED") - before.get("APPLIED")).isEqualTo(2.0);
        assertThat(after.get("DUPLICATE") - before.get("DUPLICATE")).isEqualTo(1.0);
        assertThat(after.get("REJECTED") - before.get("REJECTED")).isEqualTo(2.0);
    }

    private static long instruction(String member, String cycle) {
        List<Map<String, Object>> items = SettlementWorld.instructionsOf(member, cycle);
        return ((Number) items.get(0).get("id")).longValue();
    }

    /** The confirmation counters of /q/metrics, by outcome. */
    private static Map<String, Double> counters() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> out = new java.util.HashMap<>();
        Matcher m = COUNTER.matcher(metrics);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertThat(out)
                .as("concordia_settlement_confirmations_total in /q/metrics")
                .containsKeys("APPLIED", "DUPLICATE", "REJECTED");
        return out;
    }
}
