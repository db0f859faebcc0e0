package io.concordia.clearing.adversarial;

import static io.concordia.clearing.adversarial.Problems.assertProblem;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A deposit, a default-fund contribution and the skin in the game carry the outside reference of the payment behind
 * them and are booked once per account and reference: a repeat answers the first booking, a different booking under a
 * used reference is refused, and 50 parallel repeats book exactly once (the database's unique constraint decides).
 */
@QuarkusTest
class BookingsAreIdempotentPerReferenceTest {

    @Test
    void shouldAnswerARepeatedDepositWithTheFirstEntryAndBookItOnce() {
        String asset = Api.createAsset(2);
        String account = Api.openAccount(Api.createMember());
        String reference = "wire " + Api.unique("R");
        Map<String, String> body = Map.of("asset", asset, "quantity", "250.00", "reference", reference);

        Response first = operator().body(body).post("/api/v1/admin/accounts/{a}/deposits", account);
        Response repeat = operator()
                .body(Map.of("asset", asset, "quantity", "250", "reference", reference))
                .post("/api/v1/admin/accounts/{a}/deposits", account);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(repeat.statusCode()).as(repeat.asString()).isEqualTo(200);
        assertThat(repeat.jsonPath().getLong("entryId"))
                .isEqualTo(first.jsonPath().getLong("entryId"));
        assertThat(repeat.jsonPath().getString("balance")).isEqualTo("250.00");
        assertThat(balance(account, asset)).isEqualByComparingTo("250");
        assertThat(depositsUnder(account, reference)).isEqualTo(1);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'DEPOSIT' AND object_code = ?", account))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseADifferentDepositUnderAUsedReference() {
        String asset = Api.createAsset(2);
        String other = Api.createAsset(2);
        String account = Api.openAccount(Api.createMember());
        String reference = "wire " + Api.unique("R");
        operator()
                .body(Map.of("asset", asset, "quantity", "100", "reference", reference))
                .post("/api/v1/admin/accounts/{a}/deposits", account)
                .then()
                .statusCode(201);
        List<Object> before = Problems.writeCounts();

        assertProblem(
                operator()
                        .body(Map.of("asset", asset, "quantity", "100.01", "reference", reference))
                        .post("/api/v1/admin/accounts/{a}/deposits", account),
                409,
                "REFERENCE_REUSED");
        assertProblem(
                operator()
                        .body(Map.of("asset", other, "quantity", "100", "reference", reference))
                        .post("/api/v1/admin/accounts/{a}/deposits", account),
                409,
                "REFERENCE_REUSED");

        assertThat(Problems.writeCounts()).isEqualTo(before);
        // the reference is per account: another account's deposit may carry it
        String second = Api.openAccount(Api.createMember());
        operator()
                .body(Map.of("asset", asset, "quantity", "100", "reference", reference))
                .post("/api/v1/admin/accounts/{a}/deposits", second)
                .then()
                .statusCode(201);
    }

    @Test
    void shouldBookFiftyParallelRepeatsExactlyOnce() throws Exception {
        String asset = Api.createAsset(2);
        String account = Api.openAccount(Api.createMember());
        String reference = "wire " + Api.unique("R");
        String token = io.concordia.clearing.support.Tokens.operator();
        int requests = 50;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return Api.as(token)
                            .body(Map.of("asset", asset, "quantity", "75.50", "reference", reference))
                            .post("/api/v1/admin/accounts/{a}/deposits", account);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<Long> entries = new ArrayList<>();
            for (Future<Response> f : answers) {
                Response r = f.get();
                statuses.add(r.statusCode());
                entries.add(r.jsonPath().getLong("entryId"));
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(requests - 1);
            assertThat(entries).containsOnly(entries.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(balance(account, asset)).isEqualByComparingTo("75.50");
        assertThat(depositsUnder(account, reference)).isEqualTo(1);
    }

    @Test
    void shouldMakeDefaultFundContributionsAndSkinInTheGameIdempotentPerReference() {
        io.concordia.clearing.support.Margins.usd(); // the fund's currency
        String member = Api.createMember();
        Api.openAccount(member);
        String reference = "wire " + Api.unique("DF");
        operator()
                .body(Map.of("amount", "3000", "reference", reference))
                .put("/api/v1/admin/default-fund/members/{m}", member)
                .then()
                .statusCode(200);
        long entries =
                TestDatabase.count("SELECT count(*) FROM journal_entry WHERE kind = 'DEFAULT_FUND_CONTRIBUTION'");
        operator()
                .body(Map.of("amount", "3000.00", "reference", reference))
                .put("/api/v1/admin/default-fund/members/{m}", member)
                .then()
                .statusCode(200);
        assertProblem(
                operator()
                        .body(Map.of("amount", "4000", "reference", reference))
                        .put("/api/v1/admin/default-fund/members/{m}", member),
                409,
                "REFERENCE_REUSED");
        assertThat(TestDatabase.count("SELECT count(*) FROM journal_entry WHERE kind = 'DEFAULT_FUND_CONTRIBUTION'"))
                .isEqualTo(entries);
        assertThat(TestDatabase.decimal("""
                SELECT b.balance FROM ledger_balance b JOIN ledger_account la ON la.id = b.ledger_account_id
                  JOIN member m ON m.id = la.member_id WHERE la.kind = 'MEMBER_DEFAULT_FUND' AND m.code = ?""", member)).isEqualByComparingTo("3000");

        String board = "board " + Api.unique("SK");
        String skin = operator()
                .body(Map.of("amount", "2500", "reference", board))
                .put("/api/v1/admin/default-fund/skin-in-the-game")
                .then()
                .statusCode(200)
                .extract()
                .path("skinInTheGame");
        long skinEntries = TestDatabase.count("SELECT count(*) FROM journal_entry WHERE kind = 'SKIN_IN_THE_GAME'");
        operator()
                .body(Map.of("amount", "2500", "reference", board))
                .put("/api/v1/admin/default-fund/skin-in-the-game")
                .then()
                .statusCode(200);
        assertProblem(
                operator()
                        .body(Map.of("amount", "1", "reference", board))
                        .put("/api/v1/admin/default-fund/skin-in-the-game"),
                409,
                "REFERENCE_REUSED");
        assertThat(TestDatabase.count("SELECT count(*) FROM journal_entry WHERE kind = 'SKIN_IN_THE_GAME'"))
                .isEqualTo(skinEntries);
        assertThat(skin).isEqualTo("2500.00");
    }

    @Test
    void shouldLetTheDatabaseRefuseASecondBookingUnderOneReference() throws Exception {
        String account = Api.openAccount(Api.createMember());
        String reference = "wire " + Api.unique("DB");
        operator()
                .body(Map.of("asset", Api.createAsset(2), "quantity", "1", "reference", reference))
                .post("/api/v1/admin/accounts/{a}/deposits", account)
                .then()
                .statusCode(201);
        try (var c = TestDatabase.connect();
                var st = c.createStatement()) {
            var rs = st.executeQuery(
                    "SELECT ledger_account_id, reference, kind, asset_id, quantity FROM external_booking "
                            + "WHERE reference = '" + reference + "'");
            assertThat(rs.next()).isTrue();
            var insert = c.prepareStatement(
                    "INSERT INTO external_booking (ledger_account_id, reference, kind, asset_id, quantity, "
                            + "created_by) VALUES (?, ?, ?, ?, ?, 'test')");
            insert.setLong(1, rs.getLong(1));
            insert.setString(2, rs.getString(2));
            insert.setString(3, rs.getString(3));
            insert.setLong(4, rs.getLong(4));
            insert.setBigDecimal(5, rs.getBigDecimal(5));
            org.assertj.core.api.Assertions.assertThatThrownBy(insert::executeUpdate)
                    .hasMessageContaining("external_booking_once");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> st.executeUpdate("UPDATE external_booking SET quantity = 0"))
                    .hasMessageContaining("append-only");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.executeUpdate("DELETE FROM external_booking"))
                    .hasMessageContaining("append-only");
        }
    }

    private static java.math.BigDecimal balance(String account, String asset) {
        return TestDatabase.decimal("""
                SELECT b.balance FROM ledger_balance b JOIN ledger_account la ON la.id = b.ledger_account_id
                  JOIN account a ON a.id = la.account_id JOIN asset s ON s.id = b.asset_id
                 WHERE la.kind = 'MEMBER_COLLATERAL' AND a.code = ? AND s.code = ?""", account, asset);
    }

    private static long depositsUnder(String account, String reference) {
        return TestDatabase.count("""
                SELECT count(DISTINCT e.id) FROM journal_entry e JOIN posting p ON p.entry_id = e.id
                  JOIN ledger_account la ON la.id = p.ledger_account_id JOIN account a ON a.id = la.account_id
                 WHERE e.kind = 'DEPOSIT' AND e.reference = ? AND a.code = ?""", reference, account);
    }
}
