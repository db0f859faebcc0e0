package io.concordia.clearing.ledger;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * I1 and I3 over many seeded random operations and under concurrency: every entry balances per asset, the books
 * as a whole sum to zero per asset, balances equal their postings, and no member balance is ever negative.
 */
@QuarkusTest
class LedgerInvariantsTest {

    @Test
    void shouldKeepTheBooksBalancedOverSeededRandomDepositsAndWithdrawals() {
        Random random = new Random(20261125L);
        List<String> assets = List.of(Api.createAsset(2), Api.createAsset(8));
        Map<String, Integer> scales = Map.of(assets.get(0), 2, assets.get(1), 8);
        List<String[]> accounts = new ArrayList<>(); // {member, account}
        for (int i = 0; i < 4; i++) {
            String member = Api.createMember();
            accounts.add(new String[] {member, Api.openAccount(member)});
        }
        Map<String, BigDecimal> expected = new HashMap<>(); // account/asset -> balance
        List<int[]> pending = new ArrayList<>(); // withdrawal id
        List<String[]> pendingKeys = new ArrayList<>();
        int refused = 0;
        for (int op = 0; op < 250; op++) {
            String[] acc = accounts.get(random.nextInt(accounts.size()));
            String asset = assets.get(random.nextInt(assets.size()));
            String key = acc[1] + "/" + asset;
            BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(100_000), scales.get(asset));
            int kind = random.nextInt(10);
            if (kind < 4) {
                Api.deposit(acc[1], asset, quantity.toPlainString());
                expected.merge(key, quantity, BigDecimal::add);
            } else if (kind < 8) {
                BigDecimal held = expected.getOrDefault(key, BigDecimal.ZERO);
                var response = as(Tokens.member(acc[0]))
                        .body(Map.of("asset", asset, "quantity", quantity.toPlainString()))
                        .post("/api/v1/accounts/{a}/withdrawals", acc[1])
                        .then()
                        .extract();
                int status = response.statusCode();
                if (held.compareTo(quantity) >= 0) {
                    assertThat(status).isEqualTo(201);
                    expected.put(key, held.subtract(quantity));
                    pending.add(new int[] {response.path("id")});
                    pendingKeys.add(new String[] {key, quantity.toPlainString()});
                } else {
                    assertThat(status).isEqualTo(422);
                    refused++;
                }
            } else if (!pending.isEmpty()) {
                int index = random.nextInt(pending.size());
                int id = pending.remove(index)[0];
                String[] what = pendingKeys.remove(index);
                if (random.nextBoolean()) {
                    operator()
                            .post("/api/v1/admin/withdrawals/{id}/approve", id)
                            .then()
                            .statusCode(200);
                } else {
                    operator()
                            .body(Map.of("reason", "sanctions check"))
                            .post("/api/v1/admin/withdrawals/{id}/reject", id)
                            .then()
                            .statusCode(200);
                    expected.merge(what[0], new BigDecimal(what[1]), BigDecimal::add);
                }
            }
        }
        assertThat(refused).as("the seed exercises refusals").isPositive();
        for (String[] acc : accounts) {
            for (String asset : assets) {
                BigDecimal api = new BigDecimal(as(Tokens.member(acc[0]))
                        .get("/api/v1/accounts/{a}/collateral", acc[1])
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("findAll { it.asset == '" + asset + "' }.quantity", String.class)
                        .stream()
                        .findFirst()
                        .orElse("0"));
                assertThat(api)
                        .as(acc[1] + "/" + asset)
                        .isEqualByComparingTo(expected.getOrDefault(acc[1] + "/" + asset, BigDecimal.ZERO));
            }
        }
        assertBooksBalance();
    }

    @Test
    void shouldNeverOverdrawUnderOneHundredConcurrentWithdrawals() throws Exception {
        String asset = Api.createAsset(2);
        String member = Api.createMember();
        String account = Api.openAccount(member);
        Api.deposit(account, asset, "1000");
        String token = Tokens.member(member);
        ExecutorService pool = Executors.newFixedThreadPool(24);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(() -> as(token)
                    .body(Map.of("asset", asset, "quantity", "15"))
                    .post("/api/v1/accounts/{a}/withdrawals", account)
                    .then()
                    .extract()
                    .statusCode());
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        for (Future<Integer> f : pool.invokeAll(calls)) {
            statuses.merge(f.get(), 1, Integer::sum);
        }
        pool.shutdown();
        assertThat(statuses).containsOnlyKeys(201, 422);
        assertThat(statuses.get(201)).isEqualTo(66); // 66 x 15 = 990 <= 1000 < 67 x 15
        as(token)
                .get("/api/v1/accounts/{a}/collateral", account)
                .then()
                .statusCode(200)
                .body("[0].quantity", org.hamcrest.Matchers.equalTo("10.00"));
        assertBooksBalance();
    }

    static void assertBooksBalance() {
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM (SELECT entry_id, asset_id FROM posting GROUP BY entry_id, asset_id HAVING sum(amount) <> 0) x""")).as("entries that do not balance").isZero();
        assertThat(
                        TestDatabase.count(
                                "SELECT count(*) FROM (SELECT asset_id FROM posting GROUP BY asset_id HAVING sum(amount) <> 0) x"))
                .as("assets whose books do not sum to zero")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM ledger_balance b
                 WHERE b.balance <> (SELECT coalesce(sum(p.amount), 0) FROM posting p
                                      WHERE p.ledger_account_id = b.ledger_account_id AND p.asset_id = b.asset_id)"""))
                .as("balances that differ from their postings")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM ledger_balance b JOIN ledger_account l ON l.id = b.ledger_account_id
                 WHERE l.kind = 'MEMBER_COLLATERAL' AND b.balance < 0""")).as("negative member balances").isZero();
    }
}
