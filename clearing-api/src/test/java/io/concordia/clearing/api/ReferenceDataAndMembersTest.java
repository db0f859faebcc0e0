package io.concordia.clearing.api;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static io.concordia.clearing.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's reference data and member lifecycle, each write audited, duplicates refused. */
@QuarkusTest
class ReferenceDataAndMembersTest {

    @Test
    void shouldCreateAndListAssetsVenuesProductsAndInstruments() {
        String asset = unique("U");
        operator()
                .body(Map.of("code", asset, "scale", 6))
                .post("/api/v1/admin/assets")
                .then()
                .statusCode(201)
                .body("code", equalTo(asset))
                .body("scale", equalTo(6));
        String venue = unique("v").toLowerCase();
        operator()
                .body(Map.of("code", venue, "name", "Venue"))
                .post("/api/v1/admin/venues")
                .then()
                .statusCode(201);
        String perp = unique("BTC-PERP-");
        operator()
                .body(Map.of("symbol", perp, "underlying", "BTC", "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201)
                .body("kind", equalTo("PERPETUAL"));
        String future = unique("BTC-FUT-");
        operator()
                .body(Map.of("symbol", future, "underlying", "BTC", "kind", "FUTURE", "expiry", "2027-03-26"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201)
                .body("expiry", equalTo("2027-03-26"));
        operator()
                .body(Map.of("symbol", "XBTUSD", "product", perp, "contractSize", "0.001"))
                .post("/api/v1/admin/venues/{v}/instruments", venue)
                .then()
                .statusCode(201)
                .body("contractSize", equalTo("0.001"));

        String member = Api.createMember();
        as(Tokens.member(member)).get("/api/v1/assets").then().statusCode(200).body("code", hasItem(asset));
        as(Tokens.member(member)).get("/api/v1/venues").then().statusCode(200).body("code", hasItem(venue));
        as(Tokens.member(member)).get("/api/v1/products").then().statusCode(200).body("symbol", hasItem(future));
        as(Tokens.member(member))
                .get("/api/v1/venues/{v}/instruments", venue)
                .then()
                .statusCode(200)
                .body("[0].product", equalTo(perp))
                .body("[0].symbol", equalTo("XBTUSD"));

        for (String[] audited : new String[][] {
            {"asset", asset},
            {"venue", venue},
            {"product", perp},
            {"product", future},
            {"venue-instrument", venue + "/XBTUSD"}
        }) {
            assertThat(TestDatabase.count(
                            "SELECT count(*) FROM audit_log WHERE object_type = ? AND object_code = ? AND actor = 'op-alice'",
                            audited[0],
                            audited[1]))
                    .as(audited[1])
                    .isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseDuplicateCodesWith409() {
        String asset = Api.createAsset(2);
        operator()
                .body(Map.of("code", asset, "scale", 2))
                .post("/api/v1/admin/assets")
                .then()
                .statusCode(409)
                .body("code", equalTo("DUPLICATE_ASSET"));
        String member = Api.createMember();
        operator()
                .body(Map.of("code", member, "name", "again"))
                .post("/api/v1/admin/members")
                .then()
                .statusCode(409)
                .body("code", equalTo("DUPLICATE_MEMBER"));
        String account = Api.openAccount(member);
        operator()
                .body(Map.of("code", account, "mode", "CROSS", "type", "HOUSE"))
                .post("/api/v1/admin/members/{m}/accounts", member)
                .then()
                .statusCode(409)
                .body("code", equalTo("DUPLICATE_ACCOUNT"));
        String venue = unique("d").toLowerCase();
        operator()
                .body(Map.of("code", venue, "name", "V"))
                .post("/api/v1/admin/venues")
                .then()
                .statusCode(201);
        operator()
                .body(Map.of("code", venue, "name", "V"))
                .post("/api/v1/admin/venues")
                .then()
                .statusCode(409);
    }

    @Test
    void shouldRefuseAFutureWithoutExpiryAndAPerpetualWithOne() {
        operator()
                .body(Map.of("symbol", unique("F"), "underlying", "ETH", "kind", "FUTURE"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(422)
                .body("code", equalTo("INVALID_EXPIRY"));
        operator()
                .body(Map.of("symbol", unique("P"), "underlying", "ETH", "kind", "PERPETUAL", "expiry", "2027-01-01"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(422)
                .body("code", equalTo("INVALID_EXPIRY"));
    }

    @Test
    void shouldSuspendAndReinstateAMemberWithAuditedReasons() {
        String member = Api.createMember();
        operator()
                .get("/api/v1/admin/members/{m}", member)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        operator()
                .body(Map.of("reason", "late documents"))
                .post("/api/v1/admin/members/{m}/suspend", member)
                .then()
                .statusCode(200)
                .body("status", equalTo("SUSPENDED"));
        operator()
                .body(Map.of("reason", "again"))
                .post("/api/v1/admin/members/{m}/suspend", member)
                .then()
                .statusCode(409)
                .body("code", equalTo("INVALID_STATUS"));
        operator()
                .body(Map.of("reason", "documents received"))
                .post("/api/v1/admin/members/{m}/reinstate", member)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        operator()
                .get("/api/v1/admin/audit?objectType=member&objectCode={m}", member)
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items[0].action", equalTo("REINSTATE_MEMBER"))
                .body("items[0].before.status", equalTo("SUSPENDED"))
                .body("items[0].after.reason", equalTo("documents received"))
                .body("items[2].action", equalTo("CREATE_MEMBER"));
    }

    @Test
    void shouldRefuseWithdrawalsOfASuspendedMember() {
        String asset = Api.createAsset(2);
        String member = Api.createMember();
        String account = Api.openAccount(member);
        Api.deposit(account, asset, "50");
        operator()
                .body(Map.of("reason", "review"))
                .post("/api/v1/admin/members/{m}/suspend", member)
                .then()
                .statusCode(200);
        as(Tokens.member(member))
                .body(Map.of("asset", asset, "quantity", "1"))
                .post("/api/v1/accounts/{a}/withdrawals", account)
                .then()
                .statusCode(409)
                .body("code", equalTo("MEMBER_NOT_ACTIVE"));
    }

    @Test
    void shouldPageTheMemberListWithItsTotal() {
        Api.createMember();
        Api.createMember();
        operator()
                .get("/api/v1/admin/members?page=0&size=1")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("size", equalTo(1))
                .body("total", notNullValue());
        operator().get("/api/v1/admin/members/NOPE").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void shouldMintMemberTokensOnlyForKnownMembersAndKnownRoles() {
        String member = Api.createMember();
        String token = operator()
                .body(Map.of("subject", "bob", "member", member, "roles", new String[] {"member"}, "ttlSeconds", 600))
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(201)
                .body("expiresAt", notNullValue())
                .extract()
                .path("token");
        as(token).get("/api/v1/me").then().statusCode(200).body("code", equalTo(member));
        operator()
                .body(Map.of("subject", "bob", "member", "NOPE", "roles", new String[] {"member"}, "ttlSeconds", 600))
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(404);
        operator()
                .body(Map.of("subject", "bob", "roles", new String[] {"superuser"}, "ttlSeconds", 600))
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(422)
                .body("code", equalTo("UNKNOWN_ROLE"));
        operator()
                .body(Map.of("subject", "bob", "roles", new String[] {"member"}, "ttlSeconds", 600))
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(422)
                .body("code", equalTo("MEMBER_CLAIM_MISMATCH"));
        operator()
                .body(Map.of(
                        "subject",
                        "bob",
                        "member",
                        member,
                        "roles",
                        new String[] {"member", "operator"},
                        "ttlSeconds",
                        600))
                .post("/api/v1/admin/tokens")
                .then()
                .statusCode(422)
                .body("code", equalTo("MIXED_ROLES"));
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'MINT_TOKEN' AND object_code = 'bob'"))
                .isEqualTo(1);
    }
}
