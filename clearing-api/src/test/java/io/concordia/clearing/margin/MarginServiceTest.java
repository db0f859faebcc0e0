package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static io.concordia.clearing.support.Margins.decimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MarginServiceTest {

    /** A fixture whose account A is about to buy 1 BTC (1,000 contracts of venue A) against a well-funded B. */
    private static Trading fundedPair(String mark) {
        Trading w = new Trading();
        Margins.usd();
        Margins.mark(w.product, mark);
        Api.deposit(w.accountB, "USD", "10000000");
        return w;
    }

    /** A funded pair whose account A bought 1 BTC at the mark with collateral halfway between MM and IM: in CALL. */
    private static Trading inCall() {
        Trading w = fundedPair("64000");
        JsonPath whatIf = Margins.whatIf(w.memberA, w.accountA, w.product, "1", "64000");
        BigDecimal im = decimal(whatIf, "after.im");
        BigDecimal mm = decimal(whatIf, "after.mm");
        Api.deposit(
                w.accountA,
                "USD",
                im.add(mm).divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN).toPlainString());
        buyOneBtc(w, Trading.nextTradeId(), "64000");
        Margins.awaitStatus(w.accountA, "CALL");
        return w;
    }

    /** Account A buys 1 BTC from B and the trade is booked. */
    private static void buyOneBtc(Trading w, String tradeId, String price) {
        BigDecimal before = Trading.position(w.accountA, w.product);
        w.publishTrade(w.venueA, tradeId, price, "1000", w.accountA, w.accountB);
        Eventually.until(
                "the trade booked",
                () -> Trading.position(w.accountA, w.product).compareTo(before.add(BigDecimal.ONE)) == 0);
    }

    /**
     * Mark moves that put several accounts in deficit at once, then part of the way back, then all the way: they are
     * re-margined together, and their calls issued, moved and met together. Each still gets one call for its own
     * deficit, with one cause, and one event at each step that carries the call as stored (the first after the
     * account's status change).
     */
    @Test
    void shouldIssueMoveAndMeetEachAccountsOwnCallWhenMarksMoveSeveralAtOnce() {
        Trading w = new Trading();
        Margins.usd();
        Margins.mark(w.product, "64000");
        Api.deposit(w.accountB, "USD", "5000000");
        BigDecimal im = decimal(Margins.whatIf(w.memberA, w.accountA, w.product, "1", "64000"), "after.im");
        List<String> longs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String account = Api.openAccount(w.memberA);
            // healthy at 64,000, each with a margin of its own
            Api.deposit(
                    account, "USD", im.add(BigDecimal.valueOf(1_000 + 40L * i)).toPlainString());
            w.publishTrade(w.venueA, Trading.nextTradeId(), "64000", "1000", account, w.accountB);
            longs.add(account);
        }
        for (String account : longs) {
            Eventually.until(
                    "the trade booked",
                    () -> Trading.position(account, w.product).compareTo(BigDecimal.ONE) == 0);
            Margins.awaitStatus(account, "HEALTHY");
        }

        // a fall of 24,000 leaves every account's equity below its MM
        Margins.mark(w.product, "40000");
        for (String account : longs) {
            Margins.awaitStatus(account, "LIQUIDATION");
        }
        Margins.awaitQuiet();
        for (String account : longs) {
            List<Object> call = callOf(account);
            long id = ((Number) call.get(0)).longValue();
            assertThat(call.subList(1, 4)).containsExactly("ISSUED", "MARGIN_DEFICIT", "LIQUIDATION");
            assertThat((BigDecimal) call.get(4))
                    .isEqualByComparingTo((BigDecimal) call.get(5))
                    .isPositive();
            assertThat(Margins.openCalls(account)).isEqualTo(1);
            assertThat(TestDatabase.list(
                            "SELECT cause || ' ' || amount FROM margin_call_cause WHERE call_id = ? AND met_at IS NULL",
                            id))
                    .containsExactly("MARGIN_DEFICIT " + call.get(4));
            assertThat(events(account, "MARGIN_CALL_ISSUED"))
                    .containsExactly(id + " ISSUED LIQUIDATION " + ((BigDecimal) call.get(4)).toPlainString() + " 1");
            assertThat(TestDatabase.count("""
                            SELECT count(*) FROM outbox s, outbox c
                             WHERE s.topic = 'margin-events' AND s.type = 'MARGIN_STATUS_CHANGED' AND s.event_key = ?
                               AND s.payload -> 'data' ->> 'status' = 'LIQUIDATION'
                               AND c.type = 'MARGIN_CALL_ISSUED' AND c.event_key = s.event_key AND s.id < c.id""", account))
                    .as("the status change before the call")
                    .isEqualTo(1);
        }

        // part of the way back: to the mark at which the first account's equity is halfway between its MM and IM (one
        // position, so both scale with the mark), which leaves all of them between the two, in CALL
        Map<String, Object> first = Margins.stored(longs.get(0));
        BigDecimal liquidationMark = new BigDecimal("40000");
        BigDecimal halfway = ((BigDecimal) first.get("im"))
                .add((BigDecimal) first.get("mm"))
                .divide(BigDecimal.valueOf(2), 10, RoundingMode.HALF_EVEN);
        BigDecimal callMark = liquidationMark
                .subtract((BigDecimal) first.get("equity"))
                .divide(
                        BigDecimal.ONE.subtract(halfway.divide(liquidationMark, 10, RoundingMode.HALF_EVEN)),
                        2,
                        RoundingMode.HALF_EVEN);
        Margins.mark(w.product, callMark.toPlainString());
        for (String account : longs) {
            Margins.awaitStatus(account, "CALL");
        }
        Margins.awaitQuiet();
        for (String account : longs) {
            List<Object> call = callOf(account);
            assertThat(call.subList(1, 4)).containsExactly("ISSUED", "MARGIN_DEFICIT", "CALL");
            // the call asks for the deficit as it stands at the new status
            assertThat((BigDecimal) call.get(4)).isEqualByComparingTo((BigDecimal) call.get(5));
            assertThat(events(account, "MARGIN_CALL_UPDATED"))
                    .containsExactly(call.get(0) + " ISSUED CALL " + ((BigDecimal) call.get(4)).toPlainString() + " 1");
        }

        // all the way back: every account healthy, every call met by the system, one event each
        Margins.mark(w.product, "70000");
        for (String account : longs) {
            Margins.awaitStatus(account, "HEALTHY");
        }
        Margins.awaitQuiet();
        for (String account : longs) {
            assertThat(TestDatabase.list("""
                            SELECT mc.status || ' ' || mc.closed_by || ' ' || mc.close_reason FROM margin_call mc
                              JOIN account a ON a.id = mc.account_id WHERE a.code = ?""", account)).containsExactly("MET concordia equity back at or above IM");
            assertThat(TestDatabase.count("""
                            SELECT count(*) FROM margin_call_cause x JOIN margin_call mc ON mc.id = x.call_id
                              JOIN account a ON a.id = mc.account_id WHERE a.code = ? AND x.met_at IS NULL""", account)).isZero();
            assertThat(events(account, "MARGIN_CALL_MET")).hasSize(1).allMatch(e -> ((String) e).contains(" MET "));
        }
    }

    /** The account's one call: id, status, reason, margin status, amount, and the account's stored call amount. */
    private static List<Object> callOf(String account) {
        List<Object> call = TestDatabase.row("""
                SELECT mc.id, mc.status, mc.reason, mc.margin_status, mc.amount, am.call_amount
                  FROM margin_call mc JOIN account a ON a.id = mc.account_id JOIN account_margin am ON am.account_id = a.id
                 WHERE a.code = ?""", account);
        assertThat(call).as("the call of " + account).isNotEmpty();
        return call;
    }

    /** The account's call events of this type, in order, as "id status marginStatus amount causes". */
    private static List<Object> events(String account, String type) {
        return TestDatabase.list("""
                SELECT concat_ws(' ', payload -> 'data' ->> 'id', payload -> 'data' ->> 'status',
                                 payload -> 'data' ->> 'marginStatus', payload -> 'data' ->> 'amount',
                                 jsonb_array_length(payload -> 'data' -> 'causes'))
                  FROM outbox WHERE topic = 'margin-calls' AND event_key = ? AND type = ? ORDER BY id""", account, type);
    }

    @Test
    void shouldIssueExactlyOneCallWhenATradePushesAnAccountIntoCallAndMeetItOnDeposit() {
        Trading w = fundedPair("64000");
        JsonPath whatIf = Margins.whatIf(w.memberA, w.accountA, w.product, "1", "64000");
        BigDecimal im = decimal(whatIf, "after.im");
        BigDecimal mm = decimal(whatIf, "after.mm");
        assertThat(mm).isLessThan(im);
        BigDecimal collateral = im.add(mm).divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
        Api.deposit(w.accountA, "USD", collateral.toPlainString());
        Margins.awaitStatus(w.accountA, "HEALTHY");

        String tradeId = Trading.nextTradeId();
        String record = w.trade(w.venueA, tradeId, "64000", "1000", w.accountA, w.accountB);
        TestKafka.send("trades." + w.venueA, tradeId, record);
        Map<String, Object> call = Margins.awaitStatus(w.accountA, "CALL");

        assertThat((BigDecimal) call.get("im")).isEqualByComparingTo(im); // what-if is the number booked
        assertThat((BigDecimal) call.get("equity")).isEqualByComparingTo(collateral); // bought at the mark
        assertThat(Margins.openCalls(w.accountA)).isEqualTo(1);
        as(Tokens.member(w.memberA))
                .get("/api/v1/accounts/{a}/margin-calls", w.accountA)
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].status", equalTo("ISSUED"))
                .body("items[0].amount", equalTo(((BigDecimal) call.get("callAmount")).toPlainString()));

        // the same trade again, and a mark tick, change nothing about the call
        TestKafka.send("trades." + w.venueA, tradeId, record);
        Eventually.until("the duplicate counted", () -> TestDatabase.count("""
                SELECT count(*) FROM trade_duplicate d JOIN trade_inbox i ON i.id = d.trade_id WHERE i.venue_trade_id = ?""", tradeId) == 1);
        Margins.mark(w.product, "64000.5");
        Margins.awaitQuiet();
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM margin_call mc JOIN account a ON a.id = mc.account_id WHERE a.code = ?",
                        w.accountA))
                .isEqualTo(1);

        Api.deposit(w.accountA, "USD", im.toPlainString());
        Margins.awaitStatus(w.accountA, "HEALTHY");
        Eventually.until("the call met", () -> Margins.openCalls(w.accountA) == 0);

        List<ConsumerRecord<String, String>> events =
                Margins.records("margin-calls", w.accountA, Duration.ofSeconds(2));
        assertThat(events.stream()
                        .map(r -> JsonPath.from(r.value()).getString("type"))
                        .toList())
                .containsExactly("MARGIN_CALL_ISSUED", "MARGIN_CALL_MET");
        assertThat(events.stream()
                        .map(r -> new String(r.headers().lastHeader("event-id").value()))
                        .collect(Collectors.toSet()))
                .hasSize(2);
        List<ConsumerRecord<String, String>> statusEvents =
                Margins.records("margin-events", w.accountA, Duration.ofSeconds(1));
        assertThat(statusEvents.stream()
                        .map(r -> JsonPath.from(r.value()).getString("data.status"))
                        .toList())
                .containsSubsequence("CALL", "HEALTHY");
    }

    @Test
    void shouldMakeAnUnpaidCallOverdueAtItsDeadlineAndEscalateItOneDeadlineLater() {
        Trading w = inCall();
        long id = openCallId(w.accountA);
        Instant deadline = ((java.sql.Timestamp)
                        TestDatabase.single("SELECT deadline FROM margin_call WHERE id = ?", id))
                .toInstant();

        Eventually.within(
                Duration.ofSeconds(20),
                "the call overdue",
                () -> "OVERDUE".equals(TestDatabase.single("SELECT status FROM margin_call WHERE id = ?", id)));
        assertThat(Instant.now()).as("not before its deadline").isAfterOrEqualTo(deadline);
        Eventually.within(
                Duration.ofSeconds(20),
                "the call escalated",
                () -> "ESCALATED".equals(TestDatabase.single("SELECT status FROM margin_call WHERE id = ?", id)));

        // still in CALL, not LIQUIDATION: the second deadline passing unpaid is what escalated it
        assertThat(TestDatabase.single("SELECT margin_status FROM margin_call WHERE id = ?", id))
                .isEqualTo("CALL");
        Eventually.until(
                "the overdue and escalated calls published",
                () -> Margins.records("margin-calls", w.accountA, Duration.ofSeconds(1)).stream()
                        .map(r -> JsonPath.from(r.value()).getString("type"))
                        .toList()
                        .containsAll(List.of("MARGIN_CALL_OVERDUE", "MARGIN_CALL_ESCALATED")));
    }

    @Test
    void shouldEscalateACallAfterItsDeadlineWhenAMarkMovePutsTheAccountIntoLiquidation() {
        Trading w = inCall();

        // a fall of the whole equity on 1 BTC leaves none, below any maintenance margin whatever the schedule
        BigDecimal equity =
                new BigDecimal(Margins.stored(w.accountA).get("equity").toString());
        Margins.mark(
                w.product,
                new BigDecimal("64000")
                        .subtract(equity)
                        .setScale(0, RoundingMode.DOWN)
                        .toPlainString());
        Margins.awaitStatus(w.accountA, "LIQUIDATION");
        Eventually.within(Duration.ofSeconds(20), "the call escalated", () -> TestDatabase.count("""
                SELECT count(*) FROM margin_call mc JOIN account a ON a.id = mc.account_id
                 WHERE a.code = ? AND mc.status = 'ESCALATED' AND mc.margin_status = 'LIQUIDATION'""", w.accountA) == 1);

        assertThat(Margins.openCalls(w.accountA)).isEqualTo(1);
        Eventually.until(
                "the escalation published",
                () -> Margins.records("margin-calls", w.accountA, Duration.ofSeconds(1)).stream()
                        .anyMatch(
                                r -> JsonPath.from(r.value()).getString("type").equals("MARGIN_CALL_ESCALATED")));
        // an escalated call is default management's: operators cannot extend it, a deposit does not meet it
        operator()
                .body(Map.of("deadline", "2099-01-01T00:00:00Z", "reason", "more time"))
                .post("/api/v1/admin/margin/calls/{id}/extend", openCallId(w.accountA))
                .then()
                .statusCode(409)
                .body("code", equalTo("MARGIN_CALL_ESCALATED"));
    }

    @Test
    void shouldLetOperatorsExtendAndCancelACallWithAReasonThatIsAudited() {
        Trading w = inCall();
        long id = openCallId(w.accountA);

        operator()
                .body(Map.of("deadline", "2099-01-01T00:00:00Z", "reason", "custodian holiday"))
                .post("/api/v1/admin/margin/calls/{id}/extend", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("ISSUED"))
                .body("deadline", equalTo("2099-01-01T00:00:00Z"));
        as(Tokens.member(w.memberA))
                .body(Map.of("reason", "no"))
                .post("/api/v1/admin/margin/calls/{id}/cancel", id)
                .then()
                .statusCode(403);
        operator()
                .body(Map.of("reason", "booked in error"))
                .post("/api/v1/admin/margin/calls/{id}/cancel", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("closeReason", equalTo("booked in error"));
        operator()
                .body(Map.of("reason", "again"))
                .post("/api/v1/admin/margin/calls/{id}/cancel", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("MARGIN_CALL_CLOSED"));

        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE object_type = 'margin-call' AND object_code = ?",
                        String.valueOf(id)))
                .isEqualTo(2);
    }

    @Test
    void shouldGiveWhatIfTheNumberTheServiceBooksOnceTheTradesAreReal() {
        Trading w = fundedPair("64000");
        Api.deposit(w.accountA, "USD", "100000");
        buyOneBtc(w, Trading.nextTradeId(), "63000");
        Margins.awaitQuiet();

        // sell 0.4 BTC above the entry (realizing a gain) and buy 0.1 on venue B (10 contracts of 0.01)
        JsonPath whatIf = as(Tokens.member(w.memberA))
                .body(Map.of(
                        "account",
                        w.accountA,
                        "trades",
                        List.of(
                                Map.of("product", w.product, "quantity", "-0.4", "price", "65000"),
                                Map.of("product", w.product, "quantity", "0.1", "price", "64500"))))
                .post("/api/v1/margin/what-if")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> before = Margins.stored(w.accountA);
        assertThat(decimal(whatIf, "before.im")).isEqualByComparingTo((BigDecimal) before.get("im"));
        assertThat(decimal(whatIf, "before.equity")).isEqualByComparingTo((BigDecimal) before.get("equity"));

        w.publishTrade(w.venueA, Trading.nextTradeId(), "65000", "400", w.accountB, w.accountA);
        w.publishTrade(w.venueB, Trading.nextTradeId(), "64500", "10", w.accountA, w.accountB);
        Eventually.until(
                "both trades booked",
                () -> Trading.position(w.accountA, w.product).compareTo(new BigDecimal("0.7")) == 0);
        Margins.awaitQuiet();

        Map<String, Object> after = Margins.stored(w.accountA);
        assertThat((BigDecimal) after.get("im")).isEqualByComparingTo(decimal(whatIf, "after.im"));
        assertThat((BigDecimal) after.get("mm")).isEqualByComparingTo(decimal(whatIf, "after.mm"));
        assertThat((BigDecimal) after.get("equity")).isEqualByComparingTo(decimal(whatIf, "after.equity"));
        assertThat(decimal(whatIf, "change.im"))
                .isEqualByComparingTo(decimal(whatIf, "after.im").subtract(decimal(whatIf, "before.im")));
        // the detail is margin-core's result for the portfolio after the trades, as a JSON object
        assertThat(decimal(whatIf, "details.im")).isEqualByComparingTo(decimal(whatIf, "after.im"));
        assertThat(whatIf.getList("details.components.contributions")).hasSize(1);
        // its amounts are decimal strings like every figure of the API; counts stay numbers
        for (String amount : List.of(
                "details.components.es",
                "details.components.var",
                "details.components.imStress",
                "details.components.imFloor")) {
            assertThat((Object) whatIf.get(amount)).as(amount).isInstanceOf(String.class);
            assertThat(decimal(whatIf, amount).toPlainString()).doesNotContain("E");
        }
        assertThat((Object) whatIf.get("details.components.scenarioCount")).isInstanceOf(Integer.class);
    }

    @Test
    void shouldFindTheLiquidationPriceAtWhichEquityMeetsMaintenanceMargin() {
        Trading w = fundedPair("64000");
        JsonPath whatIf = Margins.whatIf(w.memberA, w.accountA, w.product, "1", "64000");
        Api.deposit(
                w.accountA,
                "USD",
                decimal(whatIf, "after.im").add(new BigDecimal("3000")).toPlainString());
        buyOneBtc(w, Trading.nextTradeId(), "64000");
        Margins.awaitQuiet();
        assertThat(Margins.stored(w.accountA).get("status")).isEqualTo("HEALTHY");

        JsonPath prices = as(Tokens.member(w.memberA))
                .get("/api/v1/accounts/{a}/margin/liquidation-prices", w.accountA)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(prices.getList("product")).containsExactly(w.product);
        BigDecimal liquidation = decimal(prices, "[0].liquidationPrice");
        assertThat(liquidation).isLessThan(new BigDecimal("64000")).isGreaterThan(new BigDecimal("30000"));

        Margins.mark(w.product, liquidation.toPlainString());
        Margins.awaitQuiet();
        Map<String, Object> at = Margins.stored(w.accountA);
        BigDecimal gap = ((BigDecimal) at.get("equity"))
                .subtract((BigDecimal) at.get("mm"))
                .abs();
        assertThat(gap).isLessThanOrEqualTo(new BigDecimal("0.01"));

        // a short holder with ample collateral has a liquidation price above the mark
        JsonPath b = as(Tokens.member(w.memberB))
                .get("/api/v1/accounts/{a}/margin/liquidation-prices", w.accountB)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(decimal(b, "[0].liquidationPrice")).isGreaterThan(liquidation);
    }

    @Test
    void shouldKeepEquityWhenASettlementCycleMovesVariationMarginIntoTheSettlementBalanceAndThenCollateral() {
        Trading w = fundedPair("64000");
        Api.deposit(w.accountA, "USD", "30000");
        buyOneBtc(w, Trading.nextTradeId(), "63000");
        Margins.mark(w.product, "65000"); // 2,000 of variation margin accrued on the long
        Margins.awaitQuiet();
        BigDecimal before = (BigDecimal) Margins.stored(w.accountA).get("equity");

        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
        Eventually.until(
                "the cycle published",
                () -> "PUBLISHED"
                        .equals(TestDatabase.single("SELECT status FROM settlement_cycle ORDER BY id DESC LIMIT 1")));
        Margins.awaitQuiet();
        assertThat(TestDatabase.decimal("""
                SELECT sum(b.balance) FROM ledger_balance b JOIN ledger_account la ON la.id = b.ledger_account_id
                  JOIN account a ON a.id = la.account_id WHERE a.code = ? AND la.kind = 'MEMBER_SETTLEMENT'""", w.accountA))
                .as("the cycle booked the variation margin to the settlement balance")
                .isPositive();
        BigDecimal fees = TestDatabase.decimal("""
                SELECT sum(l.fees) FROM settlement_statement_line l JOIN account a ON a.id = l.account_id WHERE a.code = ?""", w.accountA);
        assertThat(fees).isNegative(); // the clearing fee on the 63,000 bought
        BigDecimal after = (BigDecimal) Margins.stored(w.accountA).get("equity");
        assertThat(after.subtract(before.add(fees)).abs()).isLessThanOrEqualTo(new BigDecimal("0.01"));

        Margins.mark(w.product, "66000"); // accrues again from the settlement price
        Margins.awaitQuiet();
        assertThat(((BigDecimal) Margins.stored(w.accountA).get("equity")).subtract(after))
                .isEqualByComparingTo("1000.00");
    }

    @Test
    void shouldReleaseAnIsolatedBucketsVariationMarginAtSettlementAndCallTheDebtUntilItIsPaid() {
        Trading w = fundedPair("64000");
        String isolated = Api.openAccount(w.memberA, "ISOLATED", "HOUSE");
        Api.deposit(isolated, "USD", "30000");
        String member = Tokens.member(w.memberA);
        as(member)
                .body(Map.of("asset", "USD", "quantity", "30000"))
                .post("/api/v1/accounts/{a}/buckets/{p}/allocate", isolated, w.product)
                .then()
                .statusCode(200);
        w.publishTrade(w.venueA, Trading.nextTradeId(), "64000", "1000", isolated, w.accountB);
        Eventually.until(
                "the isolated position booked",
                () -> Trading.position(isolated, w.product).signum() > 0);
        Margins.mark(w.product, "62000"); // 2,000 lost in the bucket
        Margins.awaitQuiet();
        String bucket = "buckets.find { it.product == '%s' }".formatted(w.product);
        JsonPath before = as(member)
                .get("/api/v1/accounts/{a}/margin", isolated)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(before.getString(bucket + ".equity")).isEqualTo("28000.00");
        assertThat(before.getString("figures.status")).isEqualTo("HEALTHY");

        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
        Eventually.until(
                "the cycle published",
                () -> "PUBLISHED"
                        .equals(TestDatabase.single("SELECT status FROM settlement_cycle ORDER BY id DESC LIMIT 1")));
        Margins.awaitQuiet();
        BigDecimal fees = TestDatabase.decimal("""
                SELECT sum(l.fees) FROM settlement_statement_line l JOIN account a ON a.id = l.account_id WHERE a.code = ?""", isolated);
        assertThat(fees).isNegative();

        // the bucket released its loss into the free balance: the bucket is back at its allocation, the account owes
        JsonPath after = as(member)
                .get("/api/v1/accounts/{a}/margin", isolated)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(after.getString(bucket + ".equity")).isEqualTo("30000.00");
        BigDecimal debt = new BigDecimal("2000").subtract(fees);
        assertThat(decimal(after, "figures.equity")
                        .subtract(decimal(before, "figures.equity").add(fees))
                        .abs())
                .isLessThanOrEqualTo(new BigDecimal("0.01"));
        assertThat(after.getString("figures.status")).isEqualTo("CALL");
        assertThat(decimal(after, "figures.callAmount").subtract(debt).abs())
                .isLessThanOrEqualTo(new BigDecimal("0.01"));
        assertThat(Margins.openCalls(isolated)).isEqualTo(1);

        // paid into the free collateral: the call is met, and what covers the debt cannot be withdrawn
        Api.deposit(isolated, "USD", "2100");
        Margins.awaitStatus(isolated, "HEALTHY");
        Eventually.until("the call met", () -> Margins.openCalls(isolated) == 0);
        as(member)
                .body(Map.of("asset", "USD", "quantity", "2100"))
                .post("/api/v1/accounts/{a}/withdrawals", isolated)
                .then()
                .statusCode(422)
                .body("code", equalTo("WITHDRAWAL_BREACHES_MARGIN"));
        as(member)
                .body(Map.of("asset", "USD", "quantity", "10"))
                .post("/api/v1/accounts/{a}/withdrawals", isolated)
                .then()
                .statusCode(201);
    }

    @Test
    void shouldNeverLetParallelWithdrawalsBreachInitialMarginOrOverdraw() throws Exception {
        Trading w = fundedPair("64000");
        JsonPath whatIf = Margins.whatIf(w.memberA, w.accountA, w.product, "1", "64000");
        BigDecimal im = decimal(whatIf, "after.im");
        Api.deposit(w.accountA, "USD", im.add(new BigDecimal("5000")).toPlainString());
        buyOneBtc(w, Trading.nextTradeId(), "64000");
        Margins.awaitQuiet();
        BigDecimal excess = ((BigDecimal) Margins.stored(w.accountA).get("equity"))
                .subtract((BigDecimal) Margins.stored(w.accountA).get("im"));

        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        String token = Tokens.member(w.memberA);
        for (int i = 0; i < 200; i++) {
            results.add(pool.submit(() -> as(token)
                    .body(Map.of("asset", "USD", "quantity", "100"))
                    .post("/api/v1/accounts/{a}/withdrawals", w.accountA)
                    .then()
                    .extract()
                    .statusCode()));
        }
        int accepted = 0;
        for (var r : results) {
            int status = r.get();
            assertThat(status).isIn(201, 422);
            accepted += status == 201 ? 1 : 0;
        }
        pool.shutdown();

        // exactly as many as the excess allows: 100 each, never past IM
        assertThat(accepted)
                .isEqualTo(excess.divide(new BigDecimal("100"), 0, RoundingMode.DOWN)
                        .intValue());
        Margins.awaitQuiet();
        Map<String, Object> after = Margins.stored(w.accountA);
        assertThat((BigDecimal) after.get("equity")).isGreaterThanOrEqualTo((BigDecimal) after.get("im"));
        assertThat(TestDatabase.decimal("""
                SELECT b.balance FROM ledger_balance b JOIN ledger_account la ON la.id = b.ledger_account_id
                  JOIN account a ON a.id = la.account_id JOIN asset s ON s.id = b.asset_id
                 WHERE a.code = ? AND la.kind = 'MEMBER_COLLATERAL' AND s.code = 'USD'""", w.accountA)).isNotNegative();
        as(token)
                .body(Map.of("asset", "USD", "quantity", "100"))
                .post("/api/v1/accounts/{a}/withdrawals", w.accountA)
                .then()
                .statusCode(422)
                .body("code", equalTo("WITHDRAWAL_BREACHES_MARGIN"));
    }

    @Test
    void shouldMarginIsolatedBucketsApartSoOneBucketsLossNeverTouchesAnother() {
        Trading w = fundedPair("64000");
        Trading eth = new Trading(); // a second product, on its own venues
        Margins.mark(eth.product, "3000");
        String isolated = Api.openAccount(w.memberA, "ISOLATED", "HOUSE");
        Api.deposit(isolated, "USD", "40000");
        String member = Tokens.member(w.memberA);
        as(member)
                .body(Map.of("asset", "USD", "quantity", "20000"))
                .post("/api/v1/accounts/{a}/buckets/{p}/allocate", isolated, w.product)
                .then()
                .statusCode(200)
                .body("quantity", equalTo("20000.00"));
        as(member)
                .body(Map.of("asset", "USD", "quantity", "15000"))
                .post("/api/v1/accounts/{a}/buckets/{p}/allocate", isolated, eth.product)
                .then()
                .statusCode(200);
        as(member)
                .body(Map.of("asset", "USD", "quantity", "5001"))
                .post("/api/v1/accounts/{a}/buckets/{p}/allocate", isolated, eth.product)
                .then()
                .statusCode(422)
                .body("code", equalTo("INSUFFICIENT_BALANCE"));
        as(member)
                .body(Map.of("asset", "USD", "quantity", "1"))
                .post("/api/v1/accounts/{a}/buckets/{p}/allocate", w.accountA, w.product)
                .then()
                .statusCode(409)
                .body("code", equalTo("ACCOUNT_NOT_ISOLATED"));

        Api.deposit(eth.accountB, "USD", "10000000");
        buyOneBtc(w, Trading.nextTradeId(), "64000");
        w.publishTrade(w.venueA, Trading.nextTradeId(), "64000", "1000", isolated, w.accountB);
        eth.publishTrade(eth.venueA, Trading.nextTradeId(), "3000", "5000", isolated, eth.accountB); // 5 units
        Eventually.until(
                "both isolated positions booked",
                () -> Trading.position(isolated, eth.product).signum() > 0
                        && Trading.position(isolated, w.product).signum() > 0);
        Margins.awaitQuiet();
        JsonPath before = as(member)
                .get("/api/v1/accounts/{a}/margin", isolated)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String ethBucket = "buckets.find { it.product == '%s' }".formatted(eth.product);
        String btcBucket = "buckets.find { it.product == '%s' }".formatted(w.product);

        Margins.mark(w.product, "40000"); // 24,000 lost in the BTC bucket: more than it holds
        Margins.awaitQuiet();
        JsonPath after = as(member)
                .get("/api/v1/accounts/{a}/margin", isolated)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(after.getString(btcBucket + ".status")).isEqualTo("LIQUIDATION");
        assertThat(after.getString(ethBucket + ".status")).isEqualTo("HEALTHY");
        assertThat(after.getString(ethBucket + ".equity")).isEqualTo(before.getString(ethBucket + ".equity"));
        assertThat(after.getString("figures.status")).isEqualTo("LIQUIDATION");

        // releasing from the healthy bucket is limited by that bucket's own IM
        BigDecimal ethExcess = new BigDecimal(after.getString(ethBucket + ".equity"))
                .subtract(new BigDecimal(after.getString(ethBucket + ".im")));
        as(member)
                .body(Map.of(
                        "asset",
                        "USD",
                        "quantity",
                        ethExcess.add(BigDecimal.ONE).toPlainString()))
                .post("/api/v1/accounts/{a}/buckets/{p}/release", isolated, eth.product)
                .then()
                .statusCode(422)
                .body("code", equalTo("RELEASE_BREACHES_MARGIN"));
        as(member)
                .body(Map.of(
                        "asset",
                        "USD",
                        "quantity",
                        ethExcess.subtract(BigDecimal.ONE).toPlainString()))
                .post("/api/v1/accounts/{a}/buckets/{p}/release", isolated, eth.product)
                .then()
                .statusCode(200);

        // the preview of the same account in cross mode pools everything
        as(member)
                .get("/api/v1/accounts/{a}/margin/mode-preview", isolated)
                .then()
                .statusCode(200)
                .body("currentMode", equalTo("ISOLATED"))
                .body("previewMode", equalTo("CROSS"));
    }

    @Test
    void shouldKeepMarginPrivateToTheMemberAndItsEndpointsToTheirRoles() {
        Trading w = fundedPair("64000");
        Margins.awaitQuiet();
        as(Tokens.member(w.memberA))
                .get("/api/v1/accounts/{a}/margin", w.accountA)
                .then()
                .statusCode(200)
                .body("account", equalTo(w.accountA))
                .body("figures.status", equalTo("HEALTHY"));
        for (String path : List.of(
                "/api/v1/accounts/{a}/margin",
                "/api/v1/accounts/{a}/margin/history",
                "/api/v1/accounts/{a}/margin-calls",
                "/api/v1/accounts/{a}/margin/liquidation-prices",
                "/api/v1/accounts/{a}/margin/mode-preview",
                "/api/v1/accounts/{a}/buckets")) {
            as(Tokens.member(w.memberB)).get(path, w.accountA).then().statusCode(404);
        }
        as(Tokens.member(w.memberB))
                .body(Map.of("account", w.accountA, "trades", List.of(Map.of("product", w.product, "quantity", "1"))))
                .post("/api/v1/margin/what-if")
                .then()
                .statusCode(404);
        as(Tokens.member(w.memberA))
                .body(Map.of("account", w.accountA, "trades", List.of(Map.of("product", "NOPE", "quantity", "1"))))
                .post("/api/v1/margin/what-if")
                .then()
                .statusCode(422)
                .body("code", equalTo("UNKNOWN_PRODUCT"));
        as(Tokens.member(w.memberA))
                .body(Map.of("account", w.accountA, "trades", List.of()))
                .post("/api/v1/margin/what-if")
                .then()
                .statusCode(400);
        as(Tokens.member(w.memberA))
                .get("/api/v1/admin/margin/accounts/{a}", w.accountA)
                .then()
                .statusCode(403);
        operator()
                .get("/api/v1/admin/margin/accounts/{a}", w.accountA)
                .then()
                .statusCode(200)
                .body("figures.status", equalTo("HEALTHY"));
        as(Tokens.member(w.memberA))
                .get("/api/v1/margin/schedule")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
    }

    @Test
    void shouldRunAFullMarginRunOverEveryAccountInChunks() {
        fundedPair("64000");
        // every open member account; the CCP's own default-management account is never margined
        long open = TestDatabase.count("SELECT count(*) FROM account a JOIN member m ON m.id = a.member_id "
                + "WHERE a.status <> 'CLOSED' AND NOT m.is_ccp");
        long id = operator()
                .post("/api/v1/admin/margin/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("id");
        Eventually.until(
                "the run finished",
                () -> operator()
                                .get("/api/v1/admin/margin/runs/{id}", id)
                                .then()
                                .extract()
                                .jsonPath()
                                .getString("finishedAt")
                        != null);
        JsonPath run = operator()
                .get("/api/v1/admin/margin/runs/{id}", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(run.getInt("accounts")).isGreaterThanOrEqualTo((int) open);
        assertThat(run.getInt("chunksDone")).isEqualTo(run.getInt("chunks"));
        assertThat(TestDatabase.count("SELECT count(*) FROM account a JOIN member mb ON mb.id = a.member_id "
                        + "WHERE a.status <> 'CLOSED' AND NOT mb.is_ccp AND NOT EXISTS "
                        + "(SELECT 1 FROM account_margin m WHERE m.account_id = a.id)"))
                .isZero();
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'START_MARGIN_RUN' AND object_code = ?",
                        String.valueOf(id)))
                .isEqualTo(1);
        as(Tokens.member(Api.createMember()))
                .post("/api/v1/admin/margin/runs")
                .then()
                .statusCode(403);
    }

    private static long openCallId(String account) {
        return TestDatabase.count("""
                SELECT mc.id FROM margin_call mc JOIN account a ON a.id = mc.account_id
                 WHERE a.code = ? AND mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')""", account);
    }
}
