package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.operator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An account the margin engine cannot margin never stops the others. Here the account's position is made so large
 * (straight in the database, beyond what ingestion accepts) that its figures overflow what the engine computes in: the
 * batch it is in fails, the same way at every attempt. The worker then margins the batch by halves,
 * sets the account aside with its error, alerts the operators once, and margins every other queued account; a full
 * run over it still finishes. Once the cause is gone, the account is margined again by itself.
 */
@QuarkusTest
class MarginSetAsideTest {

    private static final String TOO_LARGE = "10000000000000000"; // 1e16 BTC: figures beyond what the engine holds

    @Test
    void shouldSetAsideAnAccountItCannotMarginAndMarginEveryOtherQueuedAccount() {
        Margins.usd();
        Trading w = new Trading();
        Margins.mark(w.product, "64000");
        List<String> healthy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String account = Api.openAccount(Api.createMember());
            Api.deposit(account, "USD", "100000");
            healthy.add(account);
        }
        Api.deposit(w.accountA, "USD", "100000");
        Api.deposit(w.accountB, "USD", "100000");
        String tradeId = Trading.nextTradeId();
        w.publishTrade(w.venueA, tradeId, "64000", "1000", w.accountA, w.accountB); // 1 BTC at venue A's 0.001
        Eventually.until("trade " + tradeId, () -> Trading.inboxCount(w.venueA, tradeId) == 1);
        Margins.awaitQuiet();
        BigDecimal held = Trading.position(w.accountA, w.product);
        long poisoned = accountId(w.accountA);
        try {
            TestDatabase.execute("UPDATE position SET quantity = " + TOO_LARGE + " WHERE account_id = " + poisoned);
            // the poisoned account queued among healthy ones, in one batch
            List<Long> queued = new ArrayList<>();
            queued.add(poisoned);
            healthy.forEach(a -> queued.add(accountId(a)));
            TestDatabase.execute("INSERT INTO margin_queue (account_id) SELECT unnest(ARRAY" + queued
                    + "::bigint[]) ON CONFLICT (account_id) DO UPDATE SET version = nextval('margin_queue_version')");

            Eventually.until(
                    "every healthy account margined",
                    () -> TestDatabase.count("SELECT count(*) FROM margin_queue WHERE account_id <> ?", poisoned) == 0);
            Eventually.until(
                    "the account set aside",
                    () -> TestDatabase.count(
                                    "SELECT count(*) FROM margin_queue WHERE account_id = ? AND attempts > 0", poisoned)
                            == 1);
            assertThat((String)
                            TestDatabase.single("SELECT last_error FROM margin_queue WHERE account_id = ?", poisoned))
                    .as("the error kept for the operators")
                    .contains("Exception");
            for (String account : healthy) {
                assertThat(Margins.stored(account)).as("margin of %s", account).isNotNull();
            }

            // a full run over it finishes: the chunk that cannot be margined whole is handed to the queue
            long run = operator()
                    .post("/api/v1/admin/margin/runs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getLong("id");
            Eventually.until(
                    "the run finished",
                    () -> operator()
                                    .get("/api/v1/admin/margin/runs/{id}", run)
                                    .then()
                                    .extract()
                                    .jsonPath()
                                    .getString("finishedAt")
                            != null);
            Margins.awaitQuietExcept(poisoned);

            // tried again after a doubling pause, told to the operators once, seen by the worker's health check
            Eventually.until(
                    "a second attempt",
                    () -> TestDatabase.count(
                                    "SELECT count(*) FROM margin_queue WHERE account_id = ? AND attempts >= 2",
                                    poisoned)
                            == 1);
            assertThat(TestDatabase.count(
                            "SELECT count(*) FROM outbox WHERE type = 'ACCOUNT_MARGIN_FAILED' AND event_key = ?",
                            w.accountA))
                    .isEqualTo(1);
            given().get("/q/health/well")
                    .then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'margin-worker' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'margin-worker' }.data.margin-queue-0", equalTo("working"));
            assertThat(((Number) given().get("/q/health/well")
                                    .then()
                                    .extract()
                                    .path("checks.find { it.name == 'margin-worker' }.data.setAside"))
                            .longValue())
                    .isGreaterThanOrEqualTo(1);
        } finally {
            TestDatabase.execute(
                    "UPDATE position SET quantity = " + held.toPlainString() + " WHERE account_id = " + poisoned);
        }
        // the cause gone, the next attempt margins it and the entry leaves the queue
        Eventually.until(
                "the account margined again",
                () -> TestDatabase.count("SELECT count(*) FROM margin_queue WHERE account_id = ?", poisoned) == 0);
        assertThat(Margins.stored(w.accountA)).isNotNull();
    }

    private static long accountId(String code) {
        return ((Number) TestDatabase.single("SELECT id FROM account WHERE code = ?", code)).longValue();
    }
}
