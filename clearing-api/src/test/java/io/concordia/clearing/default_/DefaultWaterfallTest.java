package io.concordia.clearing.default_;

import static io.concordia.clearing.default_.DefaultFixtures.assertInvariants;
import static io.concordia.clearing.default_.DefaultFixtures.balance;
import static io.concordia.clearing.default_.DefaultFixtures.collateral;
import static io.concordia.clearing.default_.DefaultFixtures.fund;
import static io.concordia.clearing.default_.DefaultFixtures.member;
import static io.concordia.clearing.default_.DefaultFixtures.proposer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The waterfall with the loss stopping at each layer in turn. A defaulter long 1 BTC bought at 64,000 (marked there)
 * with 5,000 of collateral and a 2,000 contribution; the CCP's skin in the game is 4,000; two survivors contribute 3,000
 * and 1,000; assessments are capped at twice the contribution (6,000 and 2,000). The close-out price sets the loss.
 *
 * <p>The loss is what settlement booked to the defaulter and it never paid: a cycle after the close-out settles the
 * opening trade at the mark (variation 0, fee 0.0001 × 64,000 = 6.40) and the close-out transfer (1 × (price − 64,000)),
 * so the close-out prices below are 6.40 above round figures and the losses land on round figures.
 */
@QuarkusTest
class DefaultWaterfallTest {

    @ParameterizedTest(name = "close-out at {0}, costs {1}: stops at {8}")
    @CsvSource({
        // price, costs, margin, own fund, skin, mutual fund, assessments, uncovered, stopped at, s1 fund, s2 fund, s1
        // assessed, s2 assessed
        "61006.40, 0,   3000.00, 0.00,    0.00,    0.00,    0.00,    0.00,    DEFAULTER_MARGIN,       0.00,    0.00,    0.00,    0.00",
        "58256.40, 250, 5000.00, 1000.00, 0.00,    0.00,    0.00,    0.00,    DEFAULTER_CONTRIBUTION, 0.00,    0.00,    0.00,    0.00",
        "54006.40, 0,   5000.00, 2000.00, 3000.00, 0.00,    0.00,    0.00,    SKIN_IN_THE_GAME,       0.00,    0.00,    0.00,    0.00",
        "51006.40, 0,   5000.00, 2000.00, 4000.00, 2000.00, 0.00,    0.00,    MUTUAL_FUND,            1500.00, 500.00,  0.00,    0.00",
        "45006.40, 0,   5000.00, 2000.00, 4000.00, 4000.00, 4000.00, 0.00,    ASSESSMENTS,            3000.00, 1000.00, 3000.00, 1000.00",
        "34006.40, 0,   5000.00, 2000.00, 4000.00, 4000.00, 8000.00, 7000.00, UNCOVERED,              3000.00, 1000.00, 6000.00, 2000.00",
        // the cycle books -18,999.985 as -18,999.99 (a payment rounds up); 3,999.99 of assessments split 3:1 by largest
        // remainder
        "45006.415, 0, 5000.00, 2000.00, 4000.00, 4000.00, 3999.99, 0.00, ASSESSMENTS,            3000.00, 1000.00, 2999.99, 1000.00"
    })
    void shouldStopTheLossAtTheLayerThatCoversIt(
            String price,
            String costs,
            String margin,
            String ownFund,
            String skin,
            String mutual,
            String assessments,
            String uncovered,
            String stoppedAt,
            String s1Fund,
            String s2Fund,
            String s1Assessed,
            String s2Assessed) {
        World x = new World();
        BigDecimal lossBefore = balance("CCP:DEFAULT-LOSS", "USD");
        BigDecimal uncoveredBefore = balance("CCP:UNCOVERED-LOSS", "USD");
        long id = DefaultFixtures.declare(x.defaulter, null);
        proposer()
                .body(Map.of("prices", Map.of(x.w.product, price)))
                .post("/api/v1/admin/defaults/{id}/close-out", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED_OUT"));
        assertInvariants();
        proposer()
                .body(Map.of("costs", costs))
                .post("/api/v1/admin/defaults/{id}/waterfall", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("SETTLEMENT_REQUIRED"));
        String cycle = DefaultFixtures.runCycle();
        BigDecimal unpaid = DefaultFixtures.settlementBalance(x.house);
        assertThat(unpaid)
                .as("what the cycle booked to the defaulter")
                .isEqualByComparingTo(x.unpaidAfterCloseOutAt(price));
        long instruction = DefaultFixtures.instruction(x.defaulter, cycle);
        proposer()
                .body(Map.of("costs", costs))
                .post("/api/v1/admin/defaults/{id}/waterfall", id)
                .then()
                .statusCode(200);
        assertInvariants();

        JsonPath w = proposer()
                .get("/api/v1/admin/defaults/{id}/report", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(w.getList("waterfall.layers.layer"))
                .containsExactly(
                        "DEFAULTER_MARGIN", "DEFAULTER_CONTRIBUTION", "SKIN_IN_THE_GAME", "MUTUAL_FUND", "ASSESSMENTS");
        assertThat(w.getList("waterfall.layers.used")).containsExactly(margin, ownFund, skin, mutual, assessments);
        assertThat(w.getString("waterfall.uncovered")).isEqualTo(uncovered);
        assertThat(w.getString("waterfall.stoppedAt")).isEqualTo(stoppedAt);
        BigDecimal loss = new BigDecimal(w.getString("loss.loss"));
        assertThat(new BigDecimal(w.getString("loss.tradingResult"))).isEqualByComparingTo(unpaid);
        assertThat(loss).isEqualByComparingTo(new BigDecimal(costs).subtract(unpaid));
        assertThat(new BigDecimal(w.getString("waterfall.covered")).add(new BigDecimal(uncovered)))
                .isEqualByComparingTo(loss);

        // every layer's use is in the ledger
        assertThat(collateral(x.house)).isEqualByComparingTo(new BigDecimal("5000").subtract(new BigDecimal(margin)));
        assertThat(fund(x.defaulter)).isEqualByComparingTo(new BigDecimal("2000").subtract(new BigDecimal(ownFund)));
        assertThat(balance("CCP:SKIN-IN-THE-GAME", "USD"))
                .isEqualByComparingTo(new BigDecimal("4000").subtract(new BigDecimal(skin)));
        assertThat(fund(x.s1)).isEqualByComparingTo(new BigDecimal("3000").subtract(new BigDecimal(s1Fund)));
        assertThat(fund(x.s2)).isEqualByComparingTo(new BigDecimal("1000").subtract(new BigDecimal(s2Fund)));
        assertThat(balance("MEM:" + x.s1 + ":ASSESSMENT", "USD"))
                .isEqualByComparingTo(new BigDecimal(s1Assessed).negate());
        assertThat(balance("MEM:" + x.s2 + ":ASSESSMENT", "USD"))
                .isEqualByComparingTo(new BigDecimal(s2Assessed).negate());
        // the defaulter's unpaid balance came into CCP:DEFAULT-LOSS and the layers covered it: what remains is the
        // costs
        assertThat(balance("CCP:DEFAULT-LOSS", "USD").subtract(lossBefore)).isEqualByComparingTo(costs);
        assertThat(DefaultFixtures.settlementBalance(x.house)).isZero();
        assertThat(DefaultFixtures.instructionStatus(instruction)).isEqualTo("WRITTEN_OFF");
        assertThat(balance("CCP:UNCOVERED-LOSS", "USD").subtract(uncoveredBefore))
                .isEqualByComparingTo(new BigDecimal(uncovered).negate());
        long layersUsed = List.of(margin, ownFund, skin, mutual, assessments).stream()
                .filter(u -> new BigDecimal(u).signum() > 0)
                .count();
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM journal_entry WHERE reference LIKE ? AND kind LIKE 'WATERFALL_%'",
                        "default:" + id + ":%"))
                .isEqualTo(layersUsed + (new BigDecimal(uncovered).signum() > 0 ? 1 : 0));

        // each survivor sees its own charge
        for (String[] s : new String[][] {{x.s1, s1Fund, s1Assessed}, {x.s2, s2Fund, s2Assessed}}) {
            List<Map<String, Object>> charges = member(s[0])
                    .get("/api/v1/default-charges")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("findAll { it.caseId == " + id + " }");
            if (new BigDecimal(s[1]).add(new BigDecimal(s[2])).signum() == 0) {
                assertThat(charges).isEmpty();
            } else {
                assertThat(charges).singleElement().satisfies(c -> {
                    assertThat(c.get("defaultFund")).isEqualTo(s[1]);
                    assertThat(c.get("assessment")).isEqualTo(s[2]);
                });
            }
        }
        proposer().post("/api/v1/admin/defaults/{id}/close", id).then().statusCode(200);
        assertThat(proposer()
                        .accept("text/plain")
                        .get("/api/v1/admin/defaults/{id}/report", id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("stopped at " + stoppedAt);
        // the position book keeps the defaulter's realized result; settlement has paid it all, so margin counts nothing
        assertThat(TestDatabase.decimal("""
                SELECT coalesce(sum(p.realized_pnl), 0) FROM position p JOIN account a ON a.id = p.account_id WHERE a.code = ?""", x.house))
                .isEqualByComparingTo(new BigDecimal(price).subtract(new BigDecimal("64000")));
        assertThat(DefaultFixtures.equity(x.house)).isEqualByComparingTo(collateral(x.house));
        // a later cycle books nothing more for the defaulter
        String later = DefaultFixtures.runCycle();
        assertThat(DefaultFixtures.statementLines(x.house, later)).isZero();
        assertThat(DefaultFixtures.instruction(x.defaulter, later)).isNull();
        assertThat(DefaultFixtures.settlementBalance(x.house)).isZero();
        assertInvariants();
    }

    @ParameterizedTest(name = "close-out at {0}, costs {1}: surplus {2}")
    @CsvSource({"66006.40, 500, 1500.00", "64006.409, 0, 0.00"})
    void shouldCreditASurplusToTheDefaulterAndUseNoLayer(String price, String costs, String surplus) {
        World x = new World();
        BigDecimal lossBefore = balance("CCP:DEFAULT-LOSS", "USD");
        long id = DefaultFixtures.declare(x.defaulter, null);
        proposer()
                .body(Map.of("prices", Map.of(x.w.product, price)))
                .post("/api/v1/admin/defaults/{id}/close-out", id)
                .then()
                .statusCode(200);
        DefaultFixtures.runCycle();
        assertThat(DefaultFixtures.settlementBalance(x.house)).isEqualByComparingTo(x.unpaidAfterCloseOutAt(price));
        proposer()
                .body(Map.of("costs", costs))
                .post("/api/v1/admin/defaults/{id}/waterfall", id)
                .then()
                .statusCode(200);
        JsonPath w = proposer()
                .get("/api/v1/admin/defaults/{id}/report", id)
                .then()
                .extract()
                .jsonPath();
        assertThat(w.getString("loss.loss")).isEqualTo("0.00");
        assertThat(w.getString("loss.surplus")).isEqualTo(surplus);
        assertThat(w.getList("waterfall.layers.used")).containsOnly("0.00");
        assertThat(collateral(x.house)).isEqualByComparingTo(new BigDecimal("5000").add(new BigDecimal(surplus)));
        assertThat(w.getString("defaulterCollateral[0].quantity"))
                .isEqualTo(
                        new BigDecimal("5000.00").add(new BigDecimal(surplus)).toPlainString());
        assertThat(fund(x.s1)).isEqualByComparingTo("3000");
        assertThat(balance("CCP:DEFAULT-LOSS", "USD").subtract(lossBefore)).isEqualByComparingTo(costs);
        assertThat(DefaultFixtures.settlementBalance(x.house)).isZero();
        assertInvariants();
    }

    /**
     * Settlement ran before the default: the defaulter paid one cycle's variation margin and failed the next; the loss is
     * the unpaid part only. Long 1 at 64,000; cycle 1 at 62,000 books -2,000 - 6.40 of fee, which is paid (collateral
     * 5,000 -> 2,993.60); cycle 2 at 61,500 books -500, which fails and flags the member; the default (proposed from the
     * flag) closes out at 61,000; cycle 3 at 61,500 books the close-out, -500. The defaulter lost 3,006.40 in all, paid
     * 2,006.40 of it: the loss is 1,000.00, taken from its remaining margin.
     */
    @org.junit.jupiter.api.Test
    void shouldTakeOnlyTheUnpaidResultWhenSettlementRanBeforeTheDefault() {
        World x = new World();
        String c1 = settleAt(x, "62000");
        long paid = DefaultFixtures.instruction(x.defaulter, c1);
        Api.operator()
                .body(Map.of("reference", "wire 1"))
                .post("/api/v1/admin/settlement-instructions/{id}/settle", paid)
                .then()
                .statusCode(200)
                .body("status", equalTo("SETTLED"));
        assertThat(collateral(x.house)).isEqualByComparingTo("2993.60");
        String c2 = settleAt(x, "61500");
        long failed = DefaultFixtures.instruction(x.defaulter, c2);
        Api.operator()
                .body(Map.of("reason", "no funds"))
                .post("/api/v1/admin/settlement-instructions/{id}/fail", failed)
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILED"));
        long flag = ((Number) TestDatabase.single(
                        "SELECT f.id FROM default_flag f JOIN member m ON m.id = f.member_id WHERE m.code = ? AND f.cleared_at IS NULL",
                        x.defaulter))
                .longValue();

        BigDecimal lossBefore = balance("CCP:DEFAULT-LOSS", "USD");
        long id = proposer()
                .body(Map.of("member", x.defaulter, "reason", "payment " + failed + " failed"))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(201)
                .body("flag", equalTo((int) flag))
                .extract()
                .jsonPath()
                .getLong("id");
        DefaultFixtures.riskOfficer()
                .body(Map.of())
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(200);
        assertThat(TestDatabase.single("SELECT cleared_by_case_id FROM default_flag WHERE id = ?", flag))
                .isEqualTo(id);
        proposer()
                .body(Map.of("prices", Map.of(x.w.product, "61000")))
                .post("/api/v1/admin/defaults/{id}/close-out", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED_OUT"));
        String c3 = DefaultFixtures.runCycle();
        long closing = DefaultFixtures.instruction(x.defaulter, c3);
        assertThat(DefaultFixtures.settlementBalance(x.house)).isEqualByComparingTo("-1000.00");

        proposer()
                .body(Map.of("costs", "0"))
                .post("/api/v1/admin/defaults/{id}/waterfall", id)
                .then()
                .statusCode(200);
        JsonPath w = proposer()
                .get("/api/v1/admin/defaults/{id}/report", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // independently: everything the defaulter lost, less what it paid
        BigDecimal lost = new BigDecimal("61000")
                .subtract(new BigDecimal("64000"))
                .subtract(DefaultFixtures.FEE_RATE.multiply(new BigDecimal("64000")));
        BigDecimal paidAmount = TestDatabase.decimal("SELECT amount FROM settlement_instruction WHERE id = ?", paid);
        assertThat(paidAmount).isEqualByComparingTo("2006.40");
        assertThat(w.getString("loss.tradingResult"))
                .isEqualTo(lost.add(paidAmount).setScale(2).toPlainString())
                .isEqualTo("-1000.00");
        assertThat(w.getString("loss.loss")).isEqualTo("1000.00");
        assertThat(w.getList("waterfall.layers.used")).containsExactly("1000.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(collateral(x.house)).isEqualByComparingTo("1993.60");
        assertThat(balance("CCP:DEFAULT-LOSS", "USD").subtract(lossBefore)).isZero();
        assertThat(DefaultFixtures.instructionStatus(paid)).isEqualTo("SETTLED");
        assertThat(DefaultFixtures.instructionStatus(failed)).isEqualTo("WRITTEN_OFF");
        assertThat(DefaultFixtures.instructionStatus(closing)).isEqualTo("WRITTEN_OFF");
        // a late payment can no longer move a written-off instruction
        Api.operator()
                .body(Map.of("reference", "late wire"))
                .post("/api/v1/admin/settlement-instructions/{id}/settle", failed)
                .then()
                .statusCode(409)
                .body("code", equalTo("INSTRUCTION_WRITTEN_OFF"));
        assertThat(DefaultFixtures.equity(x.house)).isEqualByComparingTo("1993.60");
        proposer().post("/api/v1/admin/defaults/{id}/close", id).then().statusCode(200);
        assertThat(Margins.openCalls(x.house)).isZero();
        assertThat(DefaultFixtures.statementLines(x.house, DefaultFixtures.runCycle()))
                .isZero();
        assertInvariants();
    }

    /** Moves the mark and runs a cycle; returns its code. */
    private static String settleAt(World x, String mark) {
        Margins.mark(x.w.product, mark);
        return DefaultFixtures.runCycle();
    }

    /** A defaulter long 1 BTC at 64,000 against survivor S1, with the fund as the class comment says. */
    static final class World {
        final Trading w = new Trading();
        final String s1 = w.memberA;
        final String s2 = w.memberB;
        final String defaulter = Api.createMember();
        final String house = Api.openAccount(defaulter);

        World() {
            Margins.usd();
            Margins.mark(w.product, "64000");
            Api.deposit(w.accountA, "USD", "1000000");
            Api.deposit(house, "USD", "5000");
            DefaultFixtures.trade(w, house, w.accountA, "64000", "1000");
            DefaultFixtures.onlyContributors(Map.of(defaulter, "2000", s1, "3000", s2, "1000"), "4000");
        }

        /**
         * What a cycle at the mark 64,000 books to the defaulter after a close-out at {@code price}, computed here: the
         * transfer's variation {@code 1 × (price − 64,000)} and the opening trade's fee {@code −0.0001 × 64,000}, the sum
         * rounded as a payment rounds (FLOOR at the cent). No fee on the transfer.
         */
        BigDecimal unpaidAfterCloseOutAt(String price) {
            BigDecimal vm = new BigDecimal(price).subtract(new BigDecimal("64000"));
            BigDecimal fee =
                    DefaultFixtures.FEE_RATE.multiply(new BigDecimal("64000")).negate();
            return vm.add(fee).setScale(2, java.math.RoundingMode.FLOOR);
        }
    }
}
