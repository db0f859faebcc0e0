package io.concordia.clearing.default_;

import static io.concordia.clearing.default_.DefaultFixtures.PROPOSER;
import static io.concordia.clearing.default_.DefaultFixtures.assertInvariants;
import static io.concordia.clearing.default_.DefaultFixtures.audits;
import static io.concordia.clearing.default_.DefaultFixtures.collateral;
import static io.concordia.clearing.default_.DefaultFixtures.fund;
import static io.concordia.clearing.default_.DefaultFixtures.member;
import static io.concordia.clearing.default_.DefaultFixtures.proposer;
import static io.concordia.clearing.default_.DefaultFixtures.riskOfficer;
import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.concordia.clearing.support.WireFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A member's default driven end to end through the API, from its escalated margin call to the closed case's report: the
 * four-eyes declaration, frozen accounts, porting a client account, an auction with several bidders and a close-out at
 * operator prices, the waterfall into the mutual fund, and the invariants and audit trail after every step.
 */
@QuarkusTest
class DefaultManagementEndToEndTest {

    @Test
    void shouldRunADefaultFromAnEscalatedMarginCallToItsReport() {
        // --- given: a defaulter D long 1 BTC and short 10 ETH in its house account, a client long 0.5 BTC ------------
        Margins.usd();
        Trading w = new Trading();
        String s1 = w.memberA;
        String s1Account = w.accountA;
        String s2 = w.memberB;
        String s2Account = w.accountB;
        String s3 = Api.createMember();
        String s3Account = Api.openAccount(s3);
        String d = Api.createMember();
        String house = Api.openAccount(d, "CROSS", "HOUSE");
        String client = Api.openAccount(d, "CROSS", "CLIENT");
        String eth = Api.unique("ETH-PERP-");
        operator()
                .body(Map.of("symbol", eth, "underlying", "ETH", "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        operator()
                .body(Map.of("symbol", "ETHUSD", "product", eth, "contractSize", "1"))
                .post("/api/v1/admin/venues/{v}/instruments", w.venueA)
                .then()
                .statusCode(201);
        Margins.mark(w.product, "64000");
        Margins.mark(eth, "3000");
        for (String a : List.of(s1Account, s2Account, s3Account)) {
            Api.deposit(a, "USD", "10000000");
        }
        Api.deposit(client, "USD", "20000");
        Api.deposit(house, "USD", "8000");
        DefaultFixtures.trade(w, house, s1Account, "64000", "1000");
        String ethTrade = Trading.nextTradeId();
        TestKafka.send(
                "trades." + w.venueA,
                ethTrade,
                Trading.trade(
                        w.venueA,
                        ethTrade,
                        "ETHUSD",
                        "3000",
                        "10",
                        s2Account,
                        house,
                        Instant.now().toString()));
        Eventually.until(
                "the ETH trade booked", () -> Trading.position(house, eth).compareTo(new BigDecimal("-10")) == 0);
        DefaultFixtures.trade(w, client, s2Account, "64000", "500");
        DefaultFixtures.onlyContributors(Map.of(d, "2000", s1, "3000", s2, "2000"), "3000");

        // --- the market falls: the house account goes into liquidation and its call escalates
        // -------------------------
        Margins.mark(w.product, "48000");
        Margins.awaitStatus(house, "LIQUIDATION");
        Eventually.within(Duration.ofSeconds(30), "the call escalated", () -> escalatedCall(house) != null);
        long call = escalatedCall(house);

        // --- 1. proposed, then declared under four-eyes
        // ----------------------------------------------------------------
        Map<String, Object> proposal =
                Map.of("member", d, "reason", "margin call " + call + " escalated", "marginCall", call);
        member(d).body(proposal).post("/api/v1/admin/defaults").then().statusCode(403);
        long id = proposer()
                .body(proposal)
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(201)
                .body("status", equalTo("PROPOSED"))
                .body("proposedBy", equalTo(PROPOSER))
                .body("marginCall", equalTo((int) call))
                .extract()
                .jsonPath()
                .getLong("id");
        proposer()
                .body(proposal)
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(409)
                .body("code", equalTo("DEFAULT_CASE_OPEN"));
        as(Tokens.operator("op-bob"))
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(403); // not a risk officer
        as(Tokens.riskOfficer(PROPOSER))
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        assertThat(DefaultFixtures.status(id)).isEqualTo("PROPOSED");
        riskOfficer()
                .body(Map.of("note", "treasury confirmed it cannot pay"))
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("DECLARED"))
                .body("decidedBy", equalTo(DefaultFixtures.RISK_OFFICER));
        riskOfficer()
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("DEFAULT_CASE_STATE"));
        assertInvariants();

        // the member is DEFAULTED, its accounts FROZEN: no withdrawal, no new trade, deposits still accepted
        operator().get("/api/v1/admin/members/{m}", d).then().body("status", equalTo("DEFAULTED"));
        operator().get("/api/v1/admin/accounts/{a}", house).then().body("status", equalTo("FROZEN"));
        operator().get("/api/v1/admin/accounts/{a}", client).then().body("status", equalTo("FROZEN"));
        member(d)
                .body(Map.of("asset", "USD", "quantity", "1"))
                .post("/api/v1/accounts/{a}/withdrawals", client)
                .then()
                .statusCode(409)
                .body("code", equalTo("MEMBER_NOT_ACTIVE"));
        Api.deposit(house, "USD", "100");
        String late = Trading.nextTradeId();
        w.publishTrade(w.venueA, late, "48000", "100", house, s1Account);
        Eventually.until(
                "the frozen account's trade dead-lettered",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'MEMBER_IN_DEFAULT'",
                                late)
                        == 1);
        assertThat(Trading.position(house, w.product)).isEqualByComparingTo("1");

        // --- 2. porting: the client account moves to S3 with its position and collateral
        // ------------------------------
        String ported = Api.unique("A");
        Map<String, Object> port =
                Map.of("account", client, "toMember", s3, "toAccount", ported, "consent", "S3 acceptance 2026-11-26");
        proposer()
                .body(Map.of("account", house, "toMember", s3, "toAccount", Api.unique("A"), "consent", "x"))
                .post("/api/v1/admin/defaults/{id}/port", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("NOT_A_CLIENT_ACCOUNT"));
        proposer()
                .body(Map.of("account", client, "toMember", d, "toAccount", Api.unique("A"), "consent", "x"))
                .post("/api/v1/admin/defaults/{id}/port", id)
                .then()
                .statusCode(422)
                .body("code", equalTo("PORT_TO_DEFAULTER"));
        member(s3)
                .body(port)
                .post("/api/v1/admin/defaults/{id}/port", id)
                .then()
                .statusCode(403);
        proposer()
                .body(port)
                .post("/api/v1/admin/defaults/{id}/port", id)
                .then()
                .statusCode(200)
                .body("toAccount", equalTo(ported))
                .body("positions", hasSize(1))
                .body("positions[0].quantity", equalTo("0.5"))
                .body("collateral[0].quantity", equalTo("20000.00"));
        proposer()
                .body(port)
                .post("/api/v1/admin/defaults/{id}/port", id)
                .then()
                .statusCode(409);
        operator().get("/api/v1/admin/accounts/{a}", client).then().body("status", equalTo("CLOSED"));
        member(s3)
                .get("/api/v1/accounts/{a}/positions", ported)
                .then()
                .statusCode(200)
                .body("[0].quantity", equalTo("0.5"))
                .body("[0].averagePrice", equalTo("64000"));
        assertThat(collateral(ported)).isEqualByComparingTo("20000");
        assertThat(collateral(client)).isZero();
        assertThat(Trading.position(client, w.product)).isZero();
        assertInvariants();

        // --- 3a. close-out by auction: the BTC lot, several bidders, nobody sees another's bid
        // ------------------------
        Instant deadline = Instant.now().plusSeconds(5);
        long auction = proposer()
                .body(Map.of("deadline", deadline.toString(), "underlyings", List.of("BTC")))
                .post("/api/v1/admin/defaults/{id}/auctions", id)
                .then()
                .statusCode(201)
                .body("", hasSize(1))
                .body("[0].lot[0].product", equalTo(w.product))
                .body("[0].lot[0].quantity", equalTo("1"))
                .extract()
                .jsonPath()
                .getLong("[0].id");
        assertThat(DefaultFixtures.status(id)).isEqualTo("CLOSING_OUT");
        proposer()
                .body(Map.of("account", client, "toMember", s3, "toAccount", Api.unique("A"), "consent", "late"))
                .post("/api/v1/admin/defaults/{id}/port", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("DEFAULT_CASE_STATE"));
        proposer()
                .body(Map.of("prices", Map.of(w.product, "47000")))
                .post("/api/v1/admin/defaults/{id}/close-out", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("LOT_IN_AUCTION"));
        member(d)
                .get("/api/v1/auctions")
                .then()
                .statusCode(200)
                .body("findAll { it.id == " + auction + " }", hasSize(0));
        member(d).get("/api/v1/auctions/{id}", auction).then().statusCode(404);
        member(d)
                .body(Map.of("account", house, "price", "60000"))
                .post("/api/v1/auctions/{id}/bids", auction)
                .then()
                .statusCode(404);

        bid(s1, auction, s1Account, "47000");
        bid(s2, auction, s2Account, "47500");
        bid(s3, auction, s3Account, "46000");
        bid(s1, auction, s1Account, "47200");
        member(s1)
                .body(Map.of("account", s2Account, "price", "49000"))
                .post("/api/v1/auctions/{id}/bids", auction)
                .then()
                .statusCode(404); // another member's account
        String mine = member(s1)
                .get("/api/v1/auctions/{id}/bids", auction)
                .then()
                .statusCode(200)
                .body("", hasSize(2))
                .extract()
                .asString();
        assertThat(mine).contains("47000", "47200").doesNotContain("47500", "46000", s2, s3);
        member(s1)
                .get("/api/v1/auctions")
                .then()
                .statusCode(200)
                .body("find { it.id == " + auction + " }.myBids", hasSize(2));
        proposer()
                .post("/api/v1/admin/auctions/{id}/award", auction)
                .then()
                .statusCode(409)
                .body("code", equalTo("AUCTION_OPEN"));

        Eventually.until("the deadline passed", () -> Instant.now().isAfter(deadline.plusMillis(200)));
        member(s3)
                .body(Map.of("account", s3Account, "price", "50000"))
                .post("/api/v1/auctions/{id}/bids", auction)
                .then()
                .statusCode(409)
                .body("code", equalTo("AUCTION_CLOSED"));
        long best = proposer()
                .post("/api/v1/admin/auctions/{id}/award", auction)
                .then()
                .statusCode(200)
                .body("status", equalTo("AWARD_PROPOSED"))
                .body("bids", hasSize(4))
                .extract()
                .jsonPath()
                .getLong("proposedBid");
        assertThat(operator()
                        .get("/api/v1/admin/auctions/{id}", auction)
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("bids.find { it.id == " + best + " }.member"))
                .isEqualTo(s2);
        as(Tokens.riskOfficer(PROPOSER))
                .post("/api/v1/admin/auctions/{id}/approve", auction)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        riskOfficer()
                .post("/api/v1/admin/auctions/{id}/approve", auction)
                .then()
                .statusCode(200)
                .body("status", equalTo("AWARDED"));
        assertThat(Trading.position(house, w.product)).isZero();
        assertThat(Trading.position(s2Account, w.product))
                .isEqualByComparingTo("0.5"); // -0.5 sold to the client, +1 won
        member(s2).get("/api/v1/auctions/{id}", auction).then().statusCode(200).body("won", equalTo(true));
        // the award is in both members' trades at once, marked as a transfer with its case and auction, before any
        // statement
        member(s2)
                .get("/api/v1/accounts/{a}/trades", s2Account)
                .then()
                .statusCode(200)
                .body("items[0].kind", equalTo("DEFAULT_TRANSFER"))
                .body("items[0].side", equalTo("BUY"))
                .body("items[0].product", equalTo(w.product))
                .body("items[0].quantity", equalTo("1"))
                .body("items[0].price", equalTo("47500"))
                .body("items[0].method", equalTo("AUCTION"))
                .body("items[0].defaultCase", equalTo((int) id))
                .body("items[0].auction", equalTo((int) auction))
                .body("items[0].venue", nullValue())
                .body("items[0].tradeId", nullValue());
        member(d)
                .get("/api/v1/accounts/{a}/trades", house)
                .then()
                .statusCode(200)
                .body("items[0].kind", equalTo("DEFAULT_TRANSFER"))
                .body("items[0].side", equalTo("SELL"))
                .body("items[0].auction", equalTo((int) auction))
                .body("items[1].kind", equalTo("TRADE"));
        member(s1).get("/api/v1/auctions/{id}", auction).then().statusCode(200).body("won", equalTo(false));
        assertThat(DefaultFixtures.status(id)).isEqualTo("CLOSING_OUT");
        assertInvariants();

        // --- 3b. close-out of the rest at an operator's price into the CCP's default-management account -------------
        proposer()
                .body(Map.of("prices", Map.of(eth, "3100")))
                .post("/api/v1/admin/defaults/{id}/close-out", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED_OUT"))
                .body("openPositions", hasSize(0));
        assertThat(Trading.position(house, eth)).isZero();
        assertThat(Trading.position("CCP-DM", eth)).isEqualByComparingTo("-10");
        // the house was short 10: the close-out buys them back from it into the CCP's account
        member(d)
                .get("/api/v1/accounts/{a}/trades", house)
                .then()
                .statusCode(200)
                .body("items[0].kind", equalTo("DEFAULT_TRANSFER"))
                .body("items[0].product", equalTo(eth))
                .body("items[0].side", equalTo("BUY"))
                .body("items[0].quantity", equalTo("10"))
                .body("items[0].price", equalTo("3100"))
                .body("items[0].method", equalTo("PRICE"))
                .body("items[0].auction", nullValue())
                .body("items[0].defaultCase", equalTo((int) id));
        assertInvariants();

        // --- 4. settlement catches up: a cycle at the marks (BTC 48,000, ETH 3,000) settles the close-outs
        // ------------
        // house: BTC +1 x (48,000 - 64,000) - 1 x (48,000 - 47,500) = -16,500; ETH -10 x 0 + 10 x (3,000 - 3,100) =
        // -1,000;
        // fees on its two venue trades 6.40 + 3.00, none on the transfers: -17,509.40, unpaid
        String cycle = DefaultFixtures.runCycle();
        assertThat(DefaultFixtures.settlementBalance(house)).isEqualByComparingTo("-17509.40");
        assertThat(DefaultFixtures.statementLines(client, cycle))
                .as("nothing settles on the closed account")
                .isZero();
        // the client's trade settles where it was ported: 0.5 x (48,000 - 64,000) - 0.0001 x 32,000, paid by S3 now
        assertThat(TestDatabase.decimal("""
                SELECT x.amount FROM settlement_account_amount x JOIN account a ON a.id = x.account_id
                  JOIN settlement_cycle s ON s.id = x.cycle_id WHERE a.code = ? AND s.code = ?""", ported, cycle)).isEqualByComparingTo("-8003.20");
        // the CCP's account settles its ETH close-out (10 x (3,000 - 3,100) from the CCP's side: +1,000) but is not
        // instructed
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM settlement_instruction i JOIN member m ON m.id = i.member_id JOIN settlement_cycle s ON s.id = i.cycle_id
                 WHERE m.is_ccp AND s.code = ?""", cycle)).isZero();

        // --- 5. the waterfall: loss 17,509.40 + 250 costs = 17,759.40
        // --------------------------------------------------
        BigDecimal defaultLossBefore = DefaultFixtures.balance("CCP:DEFAULT-LOSS", "USD");
        member(s1)
                .body(Map.of("costs", "250"))
                .post("/api/v1/admin/defaults/{id}/waterfall", id)
                .then()
                .statusCode(403);
        proposer()
                .body(Map.of("costs", "250.00"))
                .post("/api/v1/admin/defaults/{id}/waterfall", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("LOSS_ALLOCATED"));
        proposer()
                .body(Map.of("costs", "250.00"))
                .post("/api/v1/admin/defaults/{id}/waterfall", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("DEFAULT_CASE_STATE"));
        assertThat(collateral(house)).isZero(); // 8,100 of margin
        assertThat(fund(d)).isZero(); // 2,000 of its contribution
        assertThat(DefaultFixtures.balance("CCP:SKIN-IN-THE-GAME", "USD")).isZero(); // 3,000 of the CCP's
        assertThat(fund(s1)).isEqualByComparingTo("204.36"); // 4,659.40 of the mutual fund: 2,795.64 and 1,863.76
        assertThat(fund(s2)).isEqualByComparingTo("136.24");
        assertThat(DefaultFixtures.settlementBalance(house)).isZero();
        // the defaulter's -17,509.40 came in, the layers paid 17,759.40: the costs are left to pay on
        assertThat(DefaultFixtures.balance("CCP:DEFAULT-LOSS", "USD").subtract(defaultLossBefore))
                .isEqualByComparingTo("250");
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM journal_entry WHERE reference LIKE ? AND kind LIKE 'WATERFALL_%'",
                        "default:" + id + ":%"))
                .isEqualTo(4);
        assertThat(DefaultFixtures.instructionStatus(DefaultFixtures.instruction(d, cycle)))
                .isEqualTo("WRITTEN_OFF");
        assertInvariants();

        // --- 6. closed, with its report
        // -------------------------------------------------------------------------------
        proposer()
                .post("/api/v1/admin/defaults/{id}/close", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED"));
        proposer().post("/api/v1/admin/defaults/{id}/close", id).then().statusCode(409);
        assertThat(Margins.openCalls(house)).isZero();
        String reportBody = operator()
                .get("/api/v1/admin/defaults/{id}/report", id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(WireFormat.breaches(
                        reportBody,
                        2,
                        java.util.Set.of(
                                "tradingResult",
                                "variationToMarks",
                                "closeOutVsMarks",
                                "costs",
                                "loss",
                                "capacity",
                                "used",
                                "covered",
                                "uncovered",
                                "defaultFund",
                                "assessment",
                                "total")))
                .as(reportBody)
                .isEmpty();
        JsonPath report = JsonPath.from(reportBody);
        assertThat(report.getString("status")).isEqualTo("CLOSED");
        assertThat(report.getList("ported.account")).containsExactly(client);
        assertThat(report.getList("closeOuts.product")).containsExactly(w.product, eth);
        assertThat(report.getList("closeOuts.price")).containsExactly("47500", "3100");
        assertThat(report.getList("closeOuts.method")).containsExactly("AUCTION", "PRICE");
        assertThat(report.getString("loss.tradingResult")).isEqualTo("-17509.40");
        assertThat(report.getString("loss.variationToMarks")).isEqualTo("-16009.40");
        assertThat(report.getString("loss.closeOutVsMarks")).isEqualTo("-1500.00");
        assertThat(report.getString("loss.loss")).isEqualTo("17759.40");
        assertThat(report.getList("waterfall.layers.used"))
                .containsExactly("8100.00", "2000.00", "3000.00", "4659.40", "0.00");
        assertThat(report.getString("waterfall.stoppedAt")).isEqualTo("MUTUAL_FUND");
        assertThat(report.getString("waterfall.uncovered")).isEqualTo("0.00");
        assertThat(report.getString("waterfall.claimOnDefaulter")).isEqualTo("7659.40");
        assertThat(report.getList("waterfall.memberShares.member")).containsExactly(s1, s2);
        assertThat(report.getList("waterfall.memberShares.defaultFund")).containsExactly("2795.64", "1863.76");
        assertThat(report.getString("auctions[0].winner")).isEqualTo(s2);
        assertThat(report.getInt("auctions[0].bids")).isEqualTo(4);
        String summary = operator()
                .accept("text/plain")
                .get("/api/v1/admin/defaults/{id}/report", id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(summary)
                .isEqualTo(report.getString("summary"))
                .contains("MUTUAL_FUND", "stopped at MUTUAL_FUND", "47500");
        System.out.println("example default report (JSON):\n"
                + operator().get("/api/v1/admin/defaults/{id}/report", id).asString());
        System.out.println("example default report (text):\n" + summary);

        // members see what they were charged, and nothing of another's charge
        member(s1)
                .get("/api/v1/default-charges")
                .then()
                .statusCode(200)
                .body("find { it.caseId == " + id + " }.defaultFund", equalTo("2795.64"))
                .body("find { it.caseId == " + id + " }.assessment", equalTo("0.00"));
        member(s3)
                .get("/api/v1/default-charges")
                .then()
                .statusCode(200)
                .body("findAll { it.caseId == " + id + " }", hasSize(0));
        member(s1).get("/api/v1/default-fund").then().statusCode(200).body("contribution", equalTo("204.36"));

        // every step is in the audit trail, in the same transactions as the steps
        String caseCode = Long.toString(id);
        for (String action : List.of(
                "PROPOSE_DEFAULT",
                "DECLARE_DEFAULT",
                "PORT_ACCOUNT",
                "CLOSE_OUT",
                "APPLY_WATERFALL",
                "CLOSE_DEFAULT")) {
            assertThat(audits("default-case", caseCode, action)).as(action).isEqualTo(1);
        }
        for (String action : List.of("OPEN_AUCTION", "PROPOSE_AWARD", "AWARD_AUCTION")) {
            assertThat(audits("auction", Long.toString(auction), action))
                    .as(action)
                    .isEqualTo(1);
        }
        assertThat(audits("auction", Long.toString(auction), "SUBMIT_BID")).isEqualTo(4);
        assertThat(audits("member", d, "DEFAULT_MEMBER")).isEqualTo(1);
        assertInvariants();

        // and published, in order, through the outbox
        Eventually.until(
                "the case's events published",
                () -> Margins.records("default-events", d, Duration.ofSeconds(1)).stream()
                        .anyMatch(
                                r -> JsonPath.from(r.value()).getString("type").equals("DEFAULT_CLOSED")));
        assertThat(Margins.records("default-events", d, Duration.ofSeconds(1)).stream()
                        .map(r -> JsonPath.from(r.value()).getString("type"))
                        .toList())
                .containsExactly(
                        "DEFAULT_PROPOSED",
                        "DEFAULT_DECLARED",
                        "ACCOUNT_PORTED",
                        "AUCTION_OPENED",
                        "AUCTION_AWARDED",
                        "POSITIONS_CLOSED_OUT",
                        "DEFAULT_LOSS_ALLOCATED",
                        "DEFAULT_CLOSED");
    }

    private static void bid(String member, long auction, String account, String price) {
        member(member)
                .body(Map.of("account", account, "price", price))
                .post("/api/v1/auctions/{id}/bids", auction)
                .then()
                .statusCode(201)
                .body("account", equalTo(account));
    }

    private static Long escalatedCall(String account) {
        Object id = TestDatabase.single("""
                SELECT mc.id FROM margin_call mc JOIN account a ON a.id = mc.account_id WHERE a.code = ? AND mc.status = 'ESCALATED'""", account);
        return id == null ? null : ((Number) id).longValue();
    }
}
