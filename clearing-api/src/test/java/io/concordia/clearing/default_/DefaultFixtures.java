package io.concordia.clearing.default_;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.Map;

/** Fixtures of the default-management tests: people, trades booked through the real broker, balances and invariants. */
final class DefaultFixtures {

    /** The operator who proposes; a different person approves. */
    static final String PROPOSER = "op-alice";

    static final String RISK_OFFICER = "rita-risk";

    private DefaultFixtures() {}

    static RequestSpecification proposer() {
        return as(Tokens.operator(PROPOSER));
    }

    static RequestSpecification riskOfficer() {
        return as(Tokens.riskOfficer(RISK_OFFICER));
    }

    static RequestSpecification member(String member) {
        return as(Tokens.member(member));
    }

    /** The clearing fee rate of the test profile (concordia.settlement.fee-rate's default): a fraction of notional. */
    static final BigDecimal FEE_RATE = new BigDecimal("0.0001");

    /** Runs a settlement cycle now, through the operator's endpoint, and returns its code. */
    static String runCycle() {
        return operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(201)
                .body("status", org.hamcrest.Matchers.equalTo("PUBLISHED"))
                .extract()
                .jsonPath()
                .getString("code");
    }

    /** The account's unpaid settlement balance in USD (0 when never booked). */
    static BigDecimal settlementBalance(String account) {
        return balance("STL:" + account, "USD");
    }

    /** The member's instruction of a cycle (its id), or {@code null}. */
    static Long instruction(String member, String cycle) {
        Object id = TestDatabase.single("""
                SELECT i.id FROM settlement_instruction i JOIN member m ON m.id = i.member_id JOIN settlement_cycle s ON s.id = i.cycle_id
                 WHERE m.code = ? AND s.code = ?""", member, cycle);
        return id == null ? null : ((Number) id).longValue();
    }

    static String instructionStatus(long id) {
        return (String) TestDatabase.single("SELECT status FROM settlement_instruction WHERE id = ?", id);
    }

    /** Statement lines a cycle wrote for an account. */
    static long statementLines(String account, String cycle) {
        return TestDatabase.count("""
                SELECT count(*) FROM settlement_statement_line l JOIN account a ON a.id = l.account_id
                  JOIN settlement_cycle s ON s.id = l.cycle_id WHERE a.code = ? AND s.code = ?""", account, cycle);
    }

    /**
     * An account's margin equity in USD as margin counts it, computed here from the tables: collateral and bucket
     * balances, the unpaid settlement balance, and per position {@code q × (mark − average) + realized − Σ settled
     * variation margin} (docs/margin-model.md's equity for a cross account whose collateral is all USD).
     */
    static BigDecimal equity(String account) {
        return TestDatabase.decimal("""
                SELECT (SELECT coalesce(sum(b.balance), 0) FROM ledger_balance b JOIN ledger_account l ON l.id = b.ledger_account_id
                         JOIN asset x ON x.id = b.asset_id
                        WHERE l.account_id = a.id AND x.code = 'USD' AND l.kind IN ('MEMBER_COLLATERAL', 'MEMBER_BUCKET', 'MEMBER_SETTLEMENT'))
                     + (SELECT coalesce(sum(p.quantity * (m.price - p.average_price) + p.realized_pnl
                                            - (SELECT coalesce(sum(sl.variation_margin), 0) FROM settlement_statement_line sl
                                                WHERE sl.account_id = p.account_id AND sl.product_id = p.product_id)), 0)
                          FROM position p JOIN mark m ON m.product_id = p.product_id WHERE p.account_id = a.id)
                  FROM account a WHERE a.code = ?""", account);
    }

    /** Books a trade on venue A of the fixture ({@code contracts} of XBTUSD, 0.001 BTC each) and waits for it. */
    static void trade(Trading w, String buyer, String seller, String price, String contracts) {
        BigDecimal before = Trading.position(buyer, w.product);
        w.publishTrade(w.venueA, Trading.nextTradeId(), price, contracts, buyer, seller);
        BigDecimal expected = before.add(new BigDecimal(contracts).multiply(new BigDecimal("0.001")));
        Eventually.until(
                "the trade booked", () -> Trading.position(buyer, w.product).compareTo(expected) == 0);
    }

    /** Proposes and declares a default of {@code member}; returns the case id. */
    static long declare(String member, Long marginCall) {
        Map<String, Object> body = marginCall == null
                ? Map.of("member", member, "reason", "settlement payment failed")
                : Map.of("member", member, "reason", "escalated margin call", "marginCall", marginCall);
        io.restassured.response.Response proposed = proposer()
                .body(body)
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(201)
                .extract()
                .response();
        long id = proposed.jsonPath().getLong("id");
        assertThat(proposed.header("Location")).endsWith("/api/v1/admin/defaults/" + id);
        riskOfficer()
                .body(Map.of("note", "confirmed with the member's treasury"))
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(200);
        return id;
    }

    /** Sets the fund so that only the given members contribute: every other surviving member's contribution goes to 0. */
    static void onlyContributors(Map<String, String> contributions, String skinInTheGame) {
        for (Object member : TestDatabase.list("""
                SELECT m.code FROM ledger_account la JOIN member m ON m.id = la.member_id JOIN ledger_balance b ON b.ledger_account_id = la.id
                 WHERE la.kind = 'MEMBER_DEFAULT_FUND' AND b.balance > 0 AND m.status <> 'DEFAULTED'""")) {
            if (!contributions.containsKey((String) member)) {
                operator()
                        .body(Map.of("amount", "0", "reference", Api.unique("test reset ")))
                        .put("/api/v1/admin/default-fund/members/{m}", member)
                        .then()
                        .statusCode(200);
            }
        }
        contributions.forEach((member, amount) -> operator()
                .body(Map.of("amount", amount, "reference", Api.unique("wire " + member + " ")))
                .put("/api/v1/admin/default-fund/members/{m}", member)
                .then()
                .statusCode(200));
        operator()
                .body(Map.of("amount", skinInTheGame, "reference", Api.unique("board resolution ")))
                .put("/api/v1/admin/default-fund/skin-in-the-game")
                .then()
                .statusCode(200);
    }

    /** The balance of a ledger account by code in an asset (0 when never booked). */
    static BigDecimal balance(String ledgerAccount, String asset) {
        return TestDatabase.decimal("""
                SELECT b.balance FROM ledger_balance b JOIN ledger_account la ON la.id = b.ledger_account_id
                  JOIN asset a ON a.id = b.asset_id WHERE la.code = ? AND a.code = ?""", ledgerAccount, asset);
    }

    static BigDecimal collateral(String account) {
        return balance("ACC:" + account, "USD");
    }

    static BigDecimal fund(String member) {
        return balance("MEM:" + member + ":DEFAULT-FUND", "USD");
    }

    static String status(long caseId) {
        return (String) TestDatabase.single("SELECT status FROM default_case WHERE id = ?", caseId);
    }

    static long audits(String objectType, String objectCode, String action) {
        return TestDatabase.count(
                "SELECT count(*) FROM audit_log WHERE object_type = ? AND object_code = ? AND action = ?",
                objectType,
                objectCode,
                action);
    }

    /**
     * The invariants after every step: positions per product sum to zero across all accounts, the CCP's included (I2);
     * every journal entry balances per asset and every balance equals its postings (I1); member collateral and
     * contributions are never negative.
     */
    static void assertInvariants() {
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM (SELECT product_id FROM position GROUP BY product_id HAVING sum(quantity) <> 0) x"""))
                .as("products whose positions do not sum to zero")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM (SELECT entry_id, asset_id FROM posting GROUP BY entry_id, asset_id HAVING sum(amount) <> 0) x""")).as("entries that do not balance").isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM ledger_balance b
                 WHERE b.balance <> (SELECT coalesce(sum(p.amount), 0) FROM posting p
                                      WHERE p.ledger_account_id = b.ledger_account_id AND p.asset_id = b.asset_id)"""))
                .as("balances that differ from their postings")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM ledger_balance b JOIN ledger_account l ON l.id = b.ledger_account_id
                 WHERE l.kind IN ('MEMBER_COLLATERAL', 'MEMBER_BUCKET', 'MEMBER_DEFAULT_FUND', 'CCP_SKIN_IN_THE_GAME')
                   AND b.balance < 0"""))
                .as("negative collateral or contributions")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM (SELECT asset_id FROM posting GROUP BY asset_id HAVING sum(amount) <> 0) x"""))
                .as("assets whose books do not sum to zero")
                .isZero();
    }
}
