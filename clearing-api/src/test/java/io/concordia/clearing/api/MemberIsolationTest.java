package io.concordia.clearing.api;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A member sees and acts on its own objects only; another member's account answers exactly like a missing one. */
@QuarkusTest
class MemberIsolationTest {

    String asset;
    String memberA;
    String accountA;
    String memberB;
    String accountB;

    @BeforeEach
    void twoMembersWithCollateral() {
        asset = Api.createAsset(2);
        memberA = Api.createMember();
        accountA = Api.openAccount(memberA);
        memberB = Api.createMember();
        accountB = Api.openAccount(memberB);
        Api.deposit(accountA, asset, "100");
        Api.deposit(accountB, asset, "100");
    }

    @Test
    void shouldAnswerAnotherMembersAccountExactlyLikeAMissingOne() {
        String tokenB = Tokens.member(memberB);
        for (String path : new String[] {
            "/api/v1/accounts/{a}",
            "/api/v1/accounts/{a}/collateral",
            "/api/v1/accounts/{a}/ledger",
            "/api/v1/accounts/{a}/withdrawals"
        }) {
            var foreign = as(tokenB)
                    .get(path, accountA)
                    .then()
                    .statusCode(404)
                    .extract()
                    .asString();
            var missing = as(tokenB)
                    .get(path, "NOPE")
                    .then()
                    .statusCode(404)
                    .extract()
                    .asString();
            assertThat(foreign.replace(accountA, "X")).as(path).isEqualTo(missing.replace("NOPE", "X"));
        }
    }

    @Test
    void shouldNotLetAMemberWithdrawFromAnotherMembersAccount() {
        long before = TestDatabase.count("SELECT count(*) FROM withdrawal");
        as(Tokens.member(memberB))
                .body(Map.of("asset", asset, "quantity", "10"))
                .post("/api/v1/accounts/{a}/withdrawals", accountA)
                .then()
                .statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        assertThat(TestDatabase.count("SELECT count(*) FROM withdrawal")).isEqualTo(before);
        as(Tokens.member(memberA))
                .get("/api/v1/accounts/{a}/collateral", accountA)
                .then()
                .body("[0].quantity", equalTo("100.00"));
    }

    @Test
    void shouldListOnlyTheMembersOwnAccounts() {
        as(Tokens.member(memberA))
                .get("/api/v1/accounts")
                .then()
                .statusCode(200)
                .body("code", equalTo(java.util.List.of(accountA)));
        as(Tokens.member(memberB)).get("/api/v1/me").then().statusCode(200).body("code", equalTo(memberB));
    }

    @Test
    void shouldTreatATokenForAnUnknownMemberAsSeeingNothing() {
        as(Tokens.member("GHOST")).get("/api/v1/me").then().statusCode(404);
        as(Tokens.member("GHOST")).get("/api/v1/accounts/{a}", accountA).then().statusCode(404);
    }
}
