package io.concordia.clearing.default_;

import static io.concordia.clearing.default_.DefaultFixtures.audits;
import static io.concordia.clearing.default_.DefaultFixtures.proposer;
import static io.concordia.clearing.default_.DefaultFixtures.riskOfficer;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Default flags and proposals: failed settlement payments flag two members; an operator clears one flag because the
 * payment arrived late; the other member's proposal names its flag (a flag of another member is refused), a rejected
 * proposal leaves the flag open, and the declaration clears it.
 */
@QuarkusTest
class DefaultFlagsTest {

    @Test
    void shouldLinkProposalsToFlagsAndClearFlagsByDeclarationOrByAnOperator() {
        Margins.usd();
        Trading w = new Trading();
        String late = Api.createMember();
        String lateAccount = Api.openAccount(late);
        String failing = Api.createMember();
        String failingAccount = Api.openAccount(failing);
        Api.deposit(w.accountA, "USD", "1000000");
        Api.deposit(lateAccount, "USD", "5000");
        Api.deposit(failingAccount, "USD", "5000");
        Margins.mark(w.product, "64000");
        DefaultFixtures.trade(w, lateAccount, w.accountA, "64000", "100");
        DefaultFixtures.trade(w, failingAccount, w.accountA, "64000", "100");
        Margins.mark(w.product, "63000");
        String cycle = DefaultFixtures.runCycle();
        for (String m : new String[] {late, failing}) {
            operator()
                    .body(Map.of("reason", "no funds"))
                    .post("/api/v1/admin/settlement-instructions/{id}/fail", DefaultFixtures.instruction(m, cycle))
                    .then()
                    .statusCode(200);
        }
        long lateFlag = openFlag(late);
        long failingFlag = openFlag(failing);

        // the late payment arrives: the instruction settles, and an operator clears the flag with the reason
        operator()
                .body(Map.of("reference", "late wire"))
                .post("/api/v1/admin/settlement-instructions/{id}/settle", DefaultFixtures.instruction(late, cycle))
                .then()
                .statusCode(200);
        operator()
                .body(Map.of())
                .post("/api/v1/admin/default-flags/{id}/clear", lateFlag)
                .then()
                .statusCode(400);
        operator()
                .body(Map.of("reason", "payment arrived a day late"))
                .post("/api/v1/admin/default-flags/{id}/clear", lateFlag)
                .then()
                .statusCode(200)
                .body("clearedBy", notNullValue())
                .body("clearReason", equalTo("payment arrived a day late"))
                .body("clearedByCase", nullValue());
        operator()
                .body(Map.of("reason", "again"))
                .post("/api/v1/admin/default-flags/{id}/clear", lateFlag)
                .then()
                .statusCode(409)
                .body("code", equalTo("DEFAULT_FLAG_CLEARED"));
        operator()
                .body(Map.of("reason", "x"))
                .post("/api/v1/admin/default-flags/{id}/clear", Long.MAX_VALUE)
                .then()
                .statusCode(404);
        Api.as(io.concordia.clearing.support.Tokens.member(late))
                .body(Map.of("reason", "x"))
                .post("/api/v1/admin/default-flags/{id}/clear", failingFlag)
                .then()
                .statusCode(403);
        assertThat(audits("default-flag", Long.toString(lateFlag), "CLEAR_DEFAULT_FLAG"))
                .isEqualTo(1);
        operator()
                .get("/api/v1/admin/default-flags")
                .then()
                .statusCode(200)
                .body("findAll { it.id == " + lateFlag + " }", hasSize(0))
                .body("findAll { it.id == " + failingFlag + " }", hasSize(1));

        // a proposal names a flag: not another member's, not a cleared one, not one that does not exist
        proposer()
                .body(Map.of("member", failing, "reason", "payment failed", "flag", lateFlag))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(422)
                .body("code", equalTo("DEFAULT_FLAG_MISMATCH"));
        proposer()
                .body(Map.of("member", late, "reason", "payment failed", "flag", lateFlag))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(409)
                .body("code", equalTo("DEFAULT_FLAG_CLEARED"));
        proposer()
                .body(Map.of("member", failing, "reason", "payment failed", "flag", Long.MAX_VALUE))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(422)
                .body("code", equalTo("UNKNOWN_DEFAULT_FLAG"));
        long rejected = proposer()
                .body(Map.of("member", failing, "reason", "payment failed", "flag", failingFlag))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(201)
                .body("flag", equalTo((int) failingFlag))
                .extract()
                .jsonPath()
                .getLong("id");
        riskOfficer()
                .body(Map.of("reason", "treasury is wiring it"))
                .post("/api/v1/admin/defaults/{id}/reject", rejected)
                .then()
                .statusCode(200);
        assertThat(openFlag(failing))
                .as("a rejected proposal leaves the flag open")
                .isEqualTo(failingFlag);

        long id = proposer()
                .body(Map.of("member", failing, "reason", "payment failed again"))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(201)
                .body("flag", equalTo((int) failingFlag))
                .extract()
                .jsonPath()
                .getLong("id");
        riskOfficer()
                .body(Map.of())
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(200)
                .body("flag", equalTo((int) failingFlag));
        operator()
                .get("/api/v1/admin/default-flags/{id}", failingFlag)
                .then()
                .statusCode(200)
                .body("clearedBy", equalTo(DefaultFixtures.RISK_OFFICER))
                .body("clearedByCase", equalTo((int) id))
                .body("clearedAt", notNullValue());
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM default_flag f JOIN member m ON m.id = f.member_id WHERE m.code = ? AND f.cleared_at IS NULL""", failing)).isZero();
    }

    private static long openFlag(String member) {
        return ((Number) TestDatabase.single("""
                SELECT f.id FROM default_flag f JOIN member m ON m.id = f.member_id WHERE m.code = ? AND f.cleared_at IS NULL""", member)).longValue();
    }
}
