package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.margin.Fixtures;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * docs/margin-model.md §5, the isolated account's free balance, over seeded random accounts: settlement releases each
 * bucket's variation margin into the free balance, so that across a cycle every bucket's equity falls by exactly what
 * it released and the account's total (buckets plus free balance) does not move; a positive free balance protects no
 * bucket, and a negative one (a debt beyond the free collateral) is called at the account, on top of the buckets.
 */
class IsolatedFreeBalanceTest {

    private static final Schedule SCHEDULE = Fixtures.defaultSchedule();
    private static final ScenarioSet SCENARIOS = Fixtures.randomScenarios("free-balance", 500, 20261205L);
    private static final MarginContext CTX = MarginContext.of(SCHEDULE, SCENARIOS, null);
    private static final MarginCalculator CALC = MarginCalculator.DEFAULT;
    private static final int ACCOUNTS = 2000;

    @Test
    void shouldReleaseEachBucketsVariationMarginExactlyAcrossACycleAndKeepTheAccountsTotal() {
        SplittableRandom rnd = new SplittableRandom(31);
        int debts = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            MarginAccount before = randomIsolated(rnd);
            MarginAccount after = settled(before);
            AccountMargin m0 = CALC.margin(before, CTX);
            AccountMargin m1 = CALC.margin(after, CTX);

            BigDecimal released = BigDecimal.ZERO;
            for (int b = 0; b < before.positions().size(); b++) {
                BigDecimal vm = before.positions().get(b).unrealizedPnl();
                released = released.add(vm);
                // cent-exact marks and quantities: the variation margin is whole cents, so no floor can differ
                assertThat(m1.buckets().get(b).equity())
                        .as("account %d bucket %d", i, b)
                        .isEqualByComparingTo(m0.buckets().get(b).equity().subtract(vm));
                assertThat(m1.buckets().get(b).im())
                        .isEqualByComparingTo(m0.buckets().get(b).im());
            }
            BigDecimal total0 = bucketEquity(m0).add(MarginCalculator.freeBalance(before, SCHEDULE));
            BigDecimal total1 = bucketEquity(m1).add(MarginCalculator.freeBalance(after, SCHEDULE));
            assertThat(total1).as("account %d total", i).isEqualByComparingTo(total0);
            assertThat(MarginCalculator.freeBalance(after, SCHEDULE))
                    .isEqualByComparingTo(
                            MarginCalculator.freeBalance(before, SCHEDULE).add(released));
            debts += checkFreeBalanceRule(after, m1) ? 1 : 0;
            checkFreeBalanceRule(before, m0);
        }
        assertThat(debts).as("accounts left owing after the cycle").isGreaterThan(ACCOUNTS / 10);
    }

    /** Checks the result against the rule, computed here from the buckets; returns whether the account owes. */
    private static boolean checkFreeBalanceRule(MarginAccount account, AccountMargin m) {
        BigDecimal free = MarginCalculator.freeBalance(account, SCHEDULE);
        BigDecimal calls = BigDecimal.ZERO;
        MarginStatus worst = MarginStatus.HEALTHY;
        for (BucketMargin b : m.buckets()) {
            calls = calls.add(b.callAmount());
            worst = worst.worse(b.status());
        }
        boolean owes = free.signum() < 0;
        assertThat(m.equity()).isEqualByComparingTo(bucketEquity(m).add(owes ? free : BigDecimal.ZERO));
        assertThat(m.callAmount()).isEqualByComparingTo(calls.add(owes ? free.negate() : BigDecimal.ZERO));
        assertThat(m.status()).isEqualTo(owes ? worst.worse(MarginStatus.CALL) : worst);
        if (!owes) {
            // a free balance that owes nothing leaves the account as margined without it: it protects no bucket
            List<CollateralHolding> allocated = account.collateral().stream()
                    .filter(c -> c.bucket() != null)
                    .toList();
            AccountMargin without = CALC.margin(MarginAccount.isolated(account.positions(), allocated), CTX);
            assertThat(m.equity()).isEqualByComparingTo(without.equity());
            assertThat(m.status()).isEqualTo(without.status());
        }
        return owes;
    }

    private static BigDecimal bucketEquity(AccountMargin m) {
        return m.buckets().stream().map(BucketMargin::equity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The account after a settlement cycle at the marks: every reference at the mark, the VM moved to cash. */
    private static MarginAccount settled(MarginAccount a) {
        List<Position> positions = new ArrayList<>();
        BigDecimal cash = a.cash();
        for (Position p : a.positions()) {
            cash = cash.add(p.unrealizedPnl());
            positions.add(new Position(p.product(), p.quantity(), p.mark(), p.mark()));
        }
        return new MarginAccount(MarginMode.ISOLATED, positions, a.collateral(), null, cash);
    }

    private static MarginAccount randomIsolated(SplittableRandom rnd) {
        List<Position> positions = new ArrayList<>();
        for (Position p : Fixtures.randomPositions(rnd, 4)) {
            // whole quantities and marks to the cent: q (S - S_ref) is whole cents
            BigDecimal q = p.quantity().setScale(0, RoundingMode.HALF_UP);
            if (q.signum() != 0) {
                positions.add(new Position(p.product(), q, p.mark(), p.ref()));
            }
        }
        if (positions.isEmpty()) {
            positions.add(new Position(
                    Fixtures.product("BTC", io.concordia.margin.model.ProductKind.PERPETUAL),
                    BigDecimal.ONE,
                    new BigDecimal("64000.00"),
                    new BigDecimal("63000.00")));
        }
        List<CollateralHolding> collateral = new ArrayList<>();
        for (Position p : positions) {
            collateral.add(CollateralHolding.of(
                    "USD",
                    String.valueOf(rnd.nextInt(200_000)),
                    "1",
                    p.product().id().code()));
        }
        if (rnd.nextBoolean()) {
            collateral.add(CollateralHolding.of("USDT", String.valueOf(rnd.nextInt(50_000)), "1"));
        }
        BigDecimal cash = BigDecimal.valueOf(rnd.nextInt(-50_000_00, 10_000_00), 2);
        return new MarginAccount(MarginMode.ISOLATED, positions, collateral, null, cash);
    }
}
