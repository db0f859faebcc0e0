package io.concordia.clearing.api;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's tour, step by step: member, account, member token, deposit, balances, withdrawal. */
@QuarkusTest
class CollateralTourTest {

    @Test
    void shouldCarryCollateralFromDepositThroughWithdrawal() {
        String asset = Api.createAsset(2);
        String member = Api.createMember();
        String account = Api.openAccount(member);

        String token = operator()
                .body(Map.of(
                        "subject",
                        "alice@" + member,
                        "member",
                        member,
                        "roles",
                        new String[] {"member"},
                        "ttlSeconds",
                        3600))
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");

        operator()
                .body(Map.of("asset", asset, "quantity", "1000.50", "reference", "wire 42"))
                .post("/api/v1/admin/accounts/{a}/deposits", account)
                .then()
                .statusCode(201)
                .body("balance", equalTo("1000.50"));

        as(token).get("/api/v1/me").then().statusCode(200).body("code", equalTo(member));
        as(token).get("/api/v1/accounts").then().statusCode(200).body("code", equalTo(java.util.List.of(account)));
        as(token)
                .get("/api/v1/accounts/{a}/collateral", account)
                .then()
                .statusCode(200)
                .body("", hasSize(1))
                .body("[0].asset", equalTo(asset))
                .body("[0].quantity", equalTo("1000.50"));

        int id = as(token)
                .body(Map.of("asset", asset, "quantity", "400"))
                .post("/api/v1/accounts/{a}/withdrawals", account)
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/accounts/" + account + "/withdrawals"))
                .body("status", equalTo("PENDING"))
                .extract()
                .path("id");
        as(token).get("/api/v1/accounts/{a}/collateral", account).then().body("[0].quantity", equalTo("600.50"));

        operator()
                .post("/api/v1/admin/withdrawals/{id}/approve", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("APPROVED"));
        operator()
                .post("/api/v1/admin/withdrawals/{id}/approve", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("WITHDRAWAL_DECIDED"));

        as(token)
                .get("/api/v1/accounts/{a}/ledger?size=10", account)
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items[0].kind", equalTo("WITHDRAWAL_RESERVE"))
                .body("items[0].amount", equalTo("-400.00"))
                .body("items[1].kind", equalTo("DEPOSIT"));
        as(token).get("/api/v1/accounts/{a}/collateral", account).then().body("[0].quantity", equalTo("600.50"));

        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE object_code = ? AND action = 'DEPOSIT'", account))
                .isEqualTo(1);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE object_type = 'withdrawal' AND object_code = ?",
                        Integer.toString(id)))
                .isEqualTo(1);
        as(Tokens.member(member))
                .get("/api/v1/accounts/{a}", account)
                .then()
                .statusCode(200)
                .body("mode", equalTo("CROSS"));
    }
}
