package io.concordia.clearing.default_;

import static io.concordia.clearing.default_.DefaultFixtures.PROPOSER;
import static io.concordia.clearing.default_.DefaultFixtures.assertInvariants;
import static io.concordia.clearing.default_.DefaultFixtures.audits;
import static io.concordia.clearing.default_.DefaultFixtures.member;
import static io.concordia.clearing.default_.DefaultFixtures.proposer;
import static io.concordia.clearing.default_.DefaultFixtures.riskOfficer;
import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules around the lifecycle: four-eyes refusals, bad input, a step failing midway, the default fund, the CCP itself. */
@QuarkusTest
class DefaultCaseRulesTest {

    /** A defaulter long 1 BTC at 64,000 against a well-funded counterparty. */
    private record World(Trading w, String defaulter, String house) {
        static World create() {
            Margins.usd();
            Trading w = new Trading();
            String d = Api.createMember();
            String house = Api.openAccount(d);
            Margins.mark(w.product, "64000");
            Api.deposit(w.accountA, "USD", "1000000");
            Api.deposit(house, "USD", "20000");
            DefaultFixtures.trade(w, house, w.accountA, "64000", "1000");
            return new World(w, d, house);
        }
    }

    @Test
    void shouldRefuseAnyDecisionByTheProposerOrByAnOperatorAndLetAnotherRiskOfficerReject() {
        String m = Api.createMember();
        String account = Api.openAccount(m);
        long id = proposer()
                .body(Map.of("member", m, "reason", "payment failed"))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        as(Tokens.riskOfficer(PROPOSER))
                .body(Map.of("reason", "mine"))
                .post("/api/v1/admin/defaults/{id}/reject", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        proposer()
                .body(Map.of("reason", "mine"))
                .post("/api/v1/admin/defaults/{id}/reject", id)
                .then()
                .statusCode(403);
        riskOfficer()
                .body(Map.of())
                .post("/api/v1/admin/defaults/{id}/reject", id)
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        // the database refuses a self-approval too, whatever the code above it does
        assertThatThrownBy(() ->
                        TestDatabase.execute("UPDATE default_case SET status = 'DECLARED', decided_by = proposed_by, "
                                + "decided_at = now() WHERE id = " + id))
                .hasMessageContaining("default_case_four_eyes");
        riskOfficer()
                .body(Map.of("reason", "the payment arrived late"))
                .post("/api/v1/admin/defaults/{id}/reject", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("decisionNote", equalTo("the payment arrived late"));
        riskOfficer()
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("DEFAULT_CASE_STATE"));
        operator().get("/api/v1/admin/members/{m}", m).then().body("status", equalTo("ACTIVE"));
        operator().get("/api/v1/admin/accounts/{a}", account).then().body("status", equalTo("OPEN"));
        assertThat(audits("default-case", Long.toString(id), "REJECT_DEFAULT")).isEqualTo(1);
        // a rejected proposal does not block a new one
        proposer()
                .body(Map.of("member", m, "reason", "second failure"))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(201);
    }

    @Test
    void shouldAnswerBadInputWithAStableProblemAndChangeNothing() {
        World x = World.create();
        String other = Api.unique("ETH-PERP-");
        operator()
                .body(Map.of("symbol", other, "underlying", "ETH", "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        problem(
                proposer().body(Map.of("member", "NOBODY", "reason", "x")).post("/api/v1/admin/defaults"),
                404,
                "NOT_FOUND");
        problem(
                proposer().body(Map.of("member", "bad code", "reason", "x")).post("/api/v1/admin/defaults"),
                400,
                "VALIDATION_FAILED");
        problem(
                proposer().body(Map.of("member", x.defaulter())).post("/api/v1/admin/defaults"),
                400,
                "VALIDATION_FAILED");
        problem(
                proposer()
                        .body(Map.of("member", x.defaulter(), "reason", "x", "extra", 1))
                        .post("/api/v1/admin/defaults"),
                400,
                "UNKNOWN_PROPERTY");
        problem(proposer().body("{\"member\":").post("/api/v1/admin/defaults"), 400, "MALFORMED_JSON");
        problem(
                proposer()
                        .body(Map.of("member", x.defaulter(), "reason", "x", "marginCall", 987654321))
                        .post("/api/v1/admin/defaults"),
                422,
                "UNKNOWN_MARGIN_CALL");
        problem(
                proposer().body(Map.of("member", "CCP", "reason", "x")).post("/api/v1/admin/defaults"),
                422,
                "CCP_MEMBER");
        problem(operator().get("/api/v1/admin/defaults/987654321"), 404, "NOT_FOUND");
        problem(operator().get("/api/v1/admin/defaults/abc"), 404, "NOT_FOUND");
        problem(operator().get("/api/v1/admin/defaults?status=BOGUS"), 400, "INVALID_PARAMETER");

        long id = DefaultFixtures.declare(x.defaulter(), null);
        String path = "/api/v1/admin/defaults/" + id;
        problem(proposer().body(Map.of()).post(path + "/waterfall"), 409, "DEFAULT_CASE_STATE");
        problem(proposer().post(path + "/close"), 409, "DEFAULT_CASE_STATE");
        problem(proposer().body(Map.of("prices", Map.of())).post(path + "/close-out"), 422, "PRICES_REQUIRED");
        problem(proposer().body(Map.of()).post(path + "/close-out"), 400, "VALIDATION_FAILED");
        problem(
                proposer().body(Map.of("prices", Map.of(x.w().product, "-1"))).post(path + "/close-out"),
                422,
                "NOT_POSITIVE");
        problem(
                proposer().body(Map.of("prices", Map.of(x.w().product, "1e40"))).post(path + "/close-out"),
                422,
                "NUMBER_OUT_OF_RANGE");
        problem(
                proposer()
                        .body(Map.of("prices", Map.of(x.w().product, "1.0000000000000000001")))
                        .post(path + "/close-out"),
                422,
                "TOO_MANY_DECIMALS");
        problem(
                proposer().body(Map.of("prices", Map.of(x.w().product, "abc"))).post(path + "/close-out"),
                400,
                "INVALID_VALUE");
        problem(
                proposer()
                        .body(Map.of("prices", Map.of("NO-SUCH-PRODUCT", "1")))
                        .post(path + "/close-out"),
                422,
                "UNKNOWN_PRODUCT");
        problem(
                proposer().body(Map.of("prices", Map.of(other, "3000"))).post(path + "/close-out"),
                422,
                "NOTHING_TO_CLOSE");
        problem(
                proposer().body(Map.of("deadline", "2020-01-01T00:00:00Z")).post(path + "/auctions"),
                422,
                "INVALID_DEADLINE");
        problem(proposer().body(Map.of("deadline", "tomorrow")).post(path + "/auctions"), 400, "INVALID_VALUE");
        problem(
                proposer()
                        .body(Map.of(
                                "deadline", Instant.now().plusSeconds(60).toString(), "underlyings", List.of("DOGE")))
                        .post(path + "/auctions"),
                422,
                "NOTHING_TO_AUCTION");
        problem(
                proposer()
                        .body(Map.of(
                                "account", "NOBODY", "toMember", x.w().memberB, "toAccount", "NEW1", "consent", "c"))
                        .post(path + "/port"),
                404,
                "NOT_FOUND");
        problem(
                proposer()
                        .body(Map.of(
                                "account",
                                x.w().accountA,
                                "toMember",
                                x.w().memberB,
                                "toAccount",
                                "NEW1",
                                "consent",
                                "c"))
                        .post(path + "/port"),
                422,
                "ACCOUNT_NOT_OF_DEFAULTER");
        problem(
                proposer()
                        .body(Map.of(
                                "account",
                                x.house(),
                                "toMember",
                                x.w().memberB,
                                "toAccount",
                                "bad code",
                                "consent",
                                "c"))
                        .post(path + "/port"),
                400,
                "VALIDATION_FAILED");
        problem(
                proposer()
                        .body(Map.of("account", x.house(), "toMember", x.w().memberB, "toAccount", "NEW1"))
                        .post(path + "/port"),
                400,
                "VALIDATION_FAILED");
        assertThat(DefaultFixtures.status(id)).isEqualTo("DECLARED");
        assertThat(Trading.position(x.house(), x.w().product)).isEqualByComparingTo("1");
        assertThat(TestDatabase.count("SELECT count(*) FROM default_close_out WHERE case_id = ?", id))
                .isZero();

        // an auction nobody bids in is cancelled, and its lot closed out at a price afterwards
        Instant deadline = Instant.now().plusSeconds(2);
        long auction = proposer()
                .body(Map.of("deadline", deadline.toString()))
                .post(path + "/auctions")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("[0].id");
        String bidder = x.w().memberB;
        String bids = "/api/v1/auctions/" + auction + "/bids";
        problem(
                member(bidder)
                        .body(Map.of("account", x.w().accountB, "price", "1", "prices", Map.of(x.w().product, "1")))
                        .post(bids),
                400,
                "INVALID_BID");
        problem(member(bidder).body(Map.of("account", x.w().accountB)).post(bids), 400, "INVALID_BID");
        problem(member(bidder).body(Map.of("price", "60000")).post(bids), 400, "VALIDATION_FAILED");
        problem(
                member(bidder)
                        .body(Map.of("account", x.w().accountB, "price", "0"))
                        .post(bids),
                422,
                "NOT_POSITIVE");
        problem(
                member(bidder)
                        .body(Map.of("account", x.w().accountB, "prices", Map.of(other, "1")))
                        .post(bids),
                422,
                "BID_PRODUCTS_MISMATCH");
        problem(
                member(bidder)
                        .body(Map.of("account", x.w().accountB, "price", "1"))
                        .post("/api/v1/auctions/987654321/bids"),
                404,
                "NOT_FOUND");
        assertThat(TestDatabase.count("SELECT count(*) FROM default_auction_bid WHERE auction_id = ?", auction))
                .isZero();
        Eventually.until("the deadline passed", () -> Instant.now().isAfter(deadline.plusMillis(200)));
        problem(proposer().post("/api/v1/admin/auctions/{id}/award", auction), 409, "NO_BIDS");
        problem(
                proposer().body(Map.of()).post("/api/v1/admin/auctions/{id}/cancel", auction),
                400,
                "VALIDATION_FAILED");
        proposer()
                .body(Map.of("reason", "no bids"))
                .post("/api/v1/admin/auctions/{id}/cancel", auction)
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"));
        problem(
                proposer().body(Map.of("reason", "again")).post("/api/v1/admin/auctions/{id}/cancel", auction),
                409,
                "AUCTION_STATE");
        problem(
                member(bidder)
                        .body(Map.of("account", x.w().accountB, "price", "60000"))
                        .post(bids),
                409,
                "AUCTION_CLOSED");
        proposer()
                .body(Map.of("prices", Map.of(x.w().product, "60000")))
                .post(path + "/close-out")
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED_OUT"));
        assertThat(audits("auction", Long.toString(auction), "CANCEL_AUCTION")).isEqualTo(1);
        problem(proposer().body(Map.of("costs", "-1")).post(path + "/waterfall"), 422, "NEGATIVE_COSTS");
        problem(proposer().body(Map.of("costs", "0.001")).post(path + "/waterfall"), 422, "TOO_MANY_DECIMALS");
        assertThat(DefaultFixtures.status(id)).isEqualTo("CLOSED_OUT");
        assertInvariants();
    }

    @Test
    void shouldLeaveNothingHalfAppliedWhenAStepFailsMidwayAndResumeAfterwards() {
        World x = World.create();
        String other = Api.createAsset(8);
        Api.deposit(x.house(), other, "2");
        long id = DefaultFixtures.declare(x.defaulter(), null);
        BigDecimal ccpBefore = Trading.position("CCP-DM", x.w().product);
        String path = "/api/v1/admin/defaults/" + id;

        // a failure after the positions moved, before the close-out is recorded: the whole step rolls back
        crashOn(
                "default_close_out",
                id,
                () -> proposer()
                        .body(Map.of("prices", Map.of(x.w().product, "60000")))
                        .post(path + "/close-out")
                        .then()
                        .statusCode(500)
                        .body("code", equalTo("INTERNAL_ERROR")));
        assertThat(DefaultFixtures.status(id)).isEqualTo("DECLARED");
        assertThat(Trading.position(x.house(), x.w().product)).isEqualByComparingTo("1");
        assertThat(Trading.position("CCP-DM", x.w().product)).isEqualByComparingTo(ccpBefore);
        assertThat(audits("default-case", Long.toString(id), "CLOSE_OUT")).isZero();
        assertInvariants();
        proposer()
                .body(Map.of("prices", Map.of(x.w().product, "60000")))
                .post(path + "/close-out")
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED_OUT"));
        proposer()
                .body(Map.of("prices", Map.of(x.w().product, "60000")))
                .post(path + "/close-out")
                .then()
                .statusCode(409)
                .body("code", equalTo("DEFAULT_CASE_STATE"));
        assertThat(Trading.position("CCP-DM", x.w().product)).isEqualByComparingTo(ccpBefore.add(BigDecimal.ONE));
        assertThat(TestDatabase.count("SELECT count(*) FROM account_margin m JOIN account a ON a.id = m.account_id "
                        + "WHERE a.code = 'CCP-DM'"))
                .as("the CCP does not margin itself")
                .isZero();

        // the waterfall takes the defaulter's result from settlement: a cycle settles the close-out first
        problem(proposer().body(Map.of()).post(path + "/waterfall"), 409, "SETTLEMENT_REQUIRED");
        DefaultFixtures.runCycle();
        // a failure after the ledger entries, before the waterfall is recorded: no entry survives
        BigDecimal collateral = DefaultFixtures.collateral(x.house());
        BigDecimal unpaid = DefaultFixtures.settlementBalance(x.house());
        crashOn(
                "default_waterfall_layer",
                id,
                () -> proposer().body(Map.of()).post(path + "/waterfall").then().statusCode(500));
        assertThat(DefaultFixtures.status(id)).isEqualTo("CLOSED_OUT");
        assertThat(DefaultFixtures.collateral(x.house())).isEqualByComparingTo(collateral);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM journal_entry WHERE reference LIKE ?", "default:" + id + ":%"))
                .isZero();
        assertThat(DefaultFixtures.settlementBalance(x.house())).isEqualByComparingTo(unpaid);
        assertInvariants();
        proposer()
                .body(Map.of())
                .post(path + "/waterfall")
                .then()
                .statusCode(200)
                .body("status", equalTo("LOSS_ALLOCATED"));
        assertThat(DefaultFixtures.settlementBalance(x.house())).isZero();
        // the close-out 4,000 below the mark and the opening trade's fee of 0.0001 x 64,000
        assertThat(unpaid).isEqualByComparingTo("-4006.40");
        assertThat(DefaultFixtures.collateral(x.house()))
                .isEqualByComparingTo(collateral.subtract(new BigDecimal("4006.40")));
        // collateral in another asset than the waterfall's is not applied, and the report says it is still there
        JsonPath report = proposer()
                .get(path + "/report")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(report.getString("defaulterCollateral.find { it.asset == '" + other + "' }.quantity"))
                .isEqualTo("2.00000000");
        assertThat(report.getString("defaulterCollateral.find { it.asset == 'USD' }.quantity"))
                .isEqualTo("15993.60");
        assertThat(report.getString("summary")).contains("Left in the defaulter's accounts:", "2.00000000 " + other);
        assertInvariants();
    }

    @Test
    void shouldSetContributionsAndSkinInTheGameAsAuditedLedgerEntries() {
        World x = World.create();
        String m = x.w().memberB;
        BigDecimal custody = DefaultFixtures.balance("CCP:CUSTODY", "USD");
        operator()
                .body(Map.of("amount", "5000", "reference", "wire 77"))
                .put("/api/v1/admin/default-fund/members/{m}", m)
                .then()
                .statusCode(200)
                .body("amount", equalTo("5000.00"));
        operator()
                .body(Map.of("amount", "3000.00", "reference", "refund 78"))
                .put("/api/v1/admin/default-fund/members/{m}", m)
                .then()
                .statusCode(200)
                .body("amount", equalTo("3000.00"));
        assertThat(DefaultFixtures.fund(m)).isEqualByComparingTo("3000");
        assertThat(DefaultFixtures.balance("CCP:CUSTODY", "USD"))
                .isEqualByComparingTo(custody.subtract(new BigDecimal("3000")));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM journal_entry WHERE kind = 'DEFAULT_FUND_CONTRIBUTION' AND reference LIKE ?""", "default-fund:" + m + ":%")).isEqualTo(2);
        assertThat(audits("member", m, "SET_DEFAULT_FUND_CONTRIBUTION")).isEqualTo(2);
        JsonPath fund = operator()
                .get("/api/v1/admin/default-fund")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(fund.getString("contributions.find { it.member == '" + m + "' }.amount"))
                .isEqualTo("3000.00");
        assertThat(fund.getString("currency")).isEqualTo("USD");
        member(m).get("/api/v1/default-fund").then().statusCode(200).body("contribution", equalTo("3000.00"));
        member(x.w().memberA).get("/api/v1/default-fund").then().statusCode(200).body("contribution", equalTo("0.00"));

        problem(
                operator()
                        .body(Map.of("amount", "-1", "reference", "r"))
                        .put("/api/v1/admin/default-fund/members/{m}", m),
                422,
                "NEGATIVE_AMOUNT");
        problem(
                operator()
                        .body(Map.of("amount", "1.001", "reference", "r"))
                        .put("/api/v1/admin/default-fund/members/{m}", m),
                422,
                "TOO_MANY_DECIMALS");
        problem(
                operator().body(Map.of("amount", "1")).put("/api/v1/admin/default-fund/members/{m}", m),
                400,
                "VALIDATION_FAILED");
        problem(
                operator()
                        .body(Map.of("amount", "1", "reference", "r"))
                        .put("/api/v1/admin/default-fund/members/NOBODY"),
                404,
                "NOT_FOUND");
        problem(
                operator().body(Map.of("amount", "1", "reference", "r")).put("/api/v1/admin/default-fund/members/CCP"),
                422,
                "CCP_MEMBER");
        operator()
                .body(Map.of("amount", "2500", "reference", "board 2026-11"))
                .put("/api/v1/admin/default-fund/skin-in-the-game")
                .then()
                .statusCode(200)
                .body("skinInTheGame", equalTo("2500.00"));
        assertThat(audits("default-fund", "skin-in-the-game", "SET_SKIN_IN_THE_GAME"))
                .isPositive();

        // Cover-2: the two largest stressed losses beyond IM, allocated pro rata to IM
        Margins.awaitQuiet();
        JsonPath sizing = operator()
                .get("/api/v1/admin/default-fund/sizing")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> largest = sizing.getList("largest");
        BigDecimal sum = BigDecimal.ZERO;
        for (String member : largest) {
            sum = sum.add(new BigDecimal(
                    sizing.getString("members.find { it.member == '" + member + "' }.stressedLossBeyondIm")));
        }
        assertThat(new BigDecimal(sizing.getString("fundSize"))).isEqualByComparingTo(sum);
        BigDecimal allocated = sizing.getList("members.sizedContribution", String.class).stream()
                .map(BigDecimal::new)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(allocated).isEqualByComparingTo(sizing.getString("fundSize"));
        Map<String, String> defaulterLine = sizing.getMap("members.find { it.member == '" + x.defaulter() + "' }");
        assertThat(new BigDecimal(defaulterLine.get("initialMargin"))).isPositive();
        BigDecimal im = new BigDecimal(defaulterLine.get("initialMargin"));
        BigDecimal stressed = new BigDecimal(defaulterLine.get("stressedLoss"));
        assertThat(stressed).as("1 BTC under the shipped stress shocks").isPositive();
        assertThat(new BigDecimal(defaulterLine.get("stressedLossBeyondIm")))
                .isEqualByComparingTo(stressed.subtract(im).max(BigDecimal.ZERO));
        assertInvariants();
    }

    @Test
    void shouldKeepTheCcpOutOfTokensStatusChangesAndTheFund() {
        problem(
                operator()
                        .body(Map.of(
                                "subject", "ccp-desk", "member", "CCP", "roles", List.of("member"), "ttlSeconds", 60))
                        .post("/api/v1/admin/tokens"),
                422,
                "CCP_MEMBER");
        problem(operator().body(Map.of("reason", "x")).post("/api/v1/admin/members/CCP/suspend"), 422, "CCP_MEMBER");
        operator()
                .get("/api/v1/admin/members/CCP/accounts")
                .then()
                .statusCode(200)
                .body("[0].code", equalTo("CCP-DM"));
    }

    private static void problem(Response response, int status, String code) {
        response.then()
                .statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo(code));
    }

    /** Runs {@code step} while a trigger makes every insert of the case into {@code table} fail, like a crash. */
    private static void crashOn(String table, long caseId, Runnable step) {
        String name = "test_crash_" + table + "_" + caseId;
        TestDatabase.execute(
                "CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.case_id = " + caseId
                        + " THEN RAISE EXCEPTION 'simulated crash'; END IF; RETURN NEW; END $$");
        TestDatabase.execute("CREATE TRIGGER " + name + " BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION "
                + name + "()");
        try {
            step.run();
        } finally {
            TestDatabase.execute("DROP TRIGGER " + name + " ON " + table);
            TestDatabase.execute("DROP FUNCTION " + name + "()");
        }
    }
}
