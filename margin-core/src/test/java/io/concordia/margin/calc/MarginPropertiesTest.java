package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.Fixtures;
import io.concordia.margin.NaiveMarginReference;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ProductKind;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random property tests (plain JUnit, fixed seeds, thousands of portfolios) of docs/margin-model.md's
 * requirement: sub-additivity, positive homogeneity, ordering of IM and MM, permutation invariance, the flat book,
 * the incremental path and the naive reference.
 */
class MarginPropertiesTest {

    private static final int PORTFOLIOS = 2000;
    private static final Schedule SCHEDULE = Fixtures.defaultSchedule();
    private static final ScenarioSet SCENARIOS = Fixtures.randomScenarios("prop-1000", 1000, 20261125L);
    private static final StressSet STRESS = StressSet.of(List.of(
            StressScenario.of(
                    "crash",
                    Map.of(UnderlyingId.of("BTC"), -0.3),
                    Map.of(
                            io.concordia.margin.model.LiquidityTier.T1,
                            -0.25,
                            io.concordia.margin.model.LiquidityTier.T2,
                            -0.4,
                            io.concordia.margin.model.LiquidityTier.T3,
                            -0.55)),
            StressScenario.of(
                    "squeeze",
                    Map.of(),
                    Map.of(
                            io.concordia.margin.model.LiquidityTier.T2,
                            0.35,
                            io.concordia.margin.model.LiquidityTier.T3,
                            0.6)),
            StressScenario.of(
                    "decouple", Map.of(UnderlyingId.of("BTC"), -0.15, UnderlyingId.of("ETH"), 0.1), Map.of())));
    private static final MarginContext CTX = MarginContext.of(SCHEDULE, SCENARIOS, STRESS);
    private static final MarginCalculator CALC = MarginCalculator.DEFAULT;

    private static double scale(List<Position> ps) {
        double s = 1;
        for (Position p : ps) {
            s += Math.abs(p.notional().doubleValue());
        }
        return s;
    }

    @Test
    void shouldMatchTheNaiveReferenceToTheCent() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < PORTFOLIOS; i++) {
            List<Position> ps = Fixtures.randomPositions(rnd, 8);

            PortfolioRequirement r = CALC.requirement(ps, CTX);
            NaiveMarginReference.Result ref = NaiveMarginReference.requirement(ps, SCHEDULE, SCENARIOS, STRESS);

            assertThat(r.im()).as("portfolio %d im", i).isEqualTo(ref.im());
            assertThat(r.mm()).as("portfolio %d mm", i).isEqualTo(ref.mm());
            assertThat(r.es()).isEqualTo(ref.es());
            assertThat(r.var()).isEqualTo(ref.var());
            assertThat(r.imStress()).isEqualTo(ref.imStress());
            assertThat(r.bindingStress()).isEqualTo(ref.bindingStress());
            assertThat(r.imFloor()).isCloseTo(ref.imFloor(), within(1e-9 * scale(ps)));
            assertThat(r.imSpread()).isCloseTo(ref.imSpread(), within(1e-9 * scale(ps)));
        }
    }

    @Test
    void shouldMatchTheNaiveReferenceAtOtherConfidencesAndSizes() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (String alpha : List.of("0.975", "0.995", "0.9", "0.5")) {
            for (int n : new int[] {100, 250, 2500}) {
                Schedule s = SCHEDULE.withConfidence(new BigDecimal(alpha));
                ScenarioSet set = Fixtures.randomScenarios("p" + n, n, n * 31L);
                MarginContext ctx = MarginContext.of(s, set, null);
                for (int i = 0; i < 100; i++) {
                    List<Position> ps = Fixtures.randomPositions(rnd, 6);
                    PortfolioRequirement r = CALC.requirement(ps, ctx);
                    NaiveMarginReference.Result ref = NaiveMarginReference.requirement(ps, s, set, null);
                    assertThat(r.im()).as("alpha %s n %d #%d", alpha, n, i).isEqualTo(ref.im());
                    assertThat(r.es()).isEqualTo(ref.es());
                    assertThat(r.var()).isEqualTo(ref.var());
                }
            }
        }
    }

    @Test
    void shouldKeepEsAndStressSubAdditiveAcrossPortfolios() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < PORTFOLIOS; i++) {
            List<Position> a = Fixtures.randomPositions(rnd, 5);
            List<Position> b = Fixtures.randomPositions(rnd, 5);
            List<Position> both = merge(a, b);

            PortfolioRequirement ra = CALC.requirement(a, CTX);
            PortfolioRequirement rb = CALC.requirement(b, CTX);
            PortfolioRequirement rab = CALC.requirement(both, CTX);

            double tol = 1e-9 * (scale(a) + scale(b));
            assertThat(rab.es()).isLessThanOrEqualTo(ra.es() + rb.es() + tol);
            assertThat(rab.imHist()).isLessThanOrEqualTo(ra.imHist() + rb.imHist() + tol);
            assertThat(rab.imStress()).isLessThanOrEqualTo(ra.imStress() + rb.imStress() + tol);
        }
    }

    /** Sums two portfolios product by product (same mark per product in the sum). */
    private static List<Position> merge(List<Position> a, List<Position> b) {
        List<Position> out = new ArrayList<>(a);
        for (Position p : b) {
            int j = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).product().id().equals(p.product().id())) {
                    j = i;
                }
            }
            if (j < 0) {
                out.add(p);
            } else {
                // express b's notional at a's mark so that n_(a+b) = n_a + n_b exactly in decimal
                Position q = out.get(j);
                BigDecimal qty = q.quantity().add(p.notional().divide(q.mark(), 30, RoundingMode.HALF_EVEN));
                out.set(j, q.withQuantity(qty));
            }
        }
        return out;
    }

    @Test
    void shouldScaleHistoricalAndStressTermsWithPositionSize() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int i = 0; i < PORTFOLIOS; i++) {
            List<Position> ps = Fixtures.randomPositions(rnd, 6);
            BigDecimal c = BigDecimal.valueOf(1 + rnd.nextInt(4000), 2); // 0.01 .. 40.00
            List<Position> scaled = ps.stream().map(p -> p.scaledBy(c)).toList();

            PortfolioRequirement r = CALC.requirement(ps, CTX);
            PortfolioRequirement rs = CALC.requirement(scaled, CTX);

            double cd = c.doubleValue();
            double tol = 1e-9 * scale(scaled);
            assertThat(rs.imHist()).isCloseTo(cd * r.imHist(), within(tol));
            assertThat(rs.es()).isCloseTo(cd * r.es(), within(tol));
            assertThat(rs.imStress()).isCloseTo(cd * r.imStress(), within(tol));
            assertThat(rs.imSpread()).isCloseTo(cd * r.imSpread(), within(tol));
        }
    }

    @Test
    void shouldKeepImAtLeastMmAndMmAtLeastZero() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < PORTFOLIOS; i++) {
            AccountMargin m = CALC.margin(Fixtures.randomCross(rnd, 8), CTX);

            assertThat(m.mm().signum()).isGreaterThanOrEqualTo(0);
            assertThat(m.im()).isGreaterThanOrEqualTo(m.mm());
            assertThat(m.callAmount().signum()).isGreaterThanOrEqualTo(0);
            assertThat(m.im().scale()).isEqualTo(2);
        }
    }

    @Test
    void shouldNotDependOnTheOrderOfPositions() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (int i = 0; i < PORTFOLIOS; i++) {
            List<Position> ps = Fixtures.randomPositions(rnd, 8);
            List<Position> shuffled = new ArrayList<>(ps);
            Collections.shuffle(shuffled, new Random(i));

            PortfolioRequirement r = CALC.requirement(ps, CTX);
            PortfolioRequirement rs = CALC.requirement(shuffled, CTX);

            double tol = 1e-9 * scale(ps);
            assertThat(rs.im()).isEqualTo(r.im());
            assertThat(rs.mm()).isEqualTo(r.mm());
            assertThat(rs.es()).isCloseTo(r.es(), within(tol));
            assertThat(rs.imStress()).isCloseTo(r.imStress(), within(tol));
            assertThat(rs.imFloor()).isCloseTo(r.imFloor(), within(tol));
        }
    }

    @Test
    void shouldNotDependOnTheOrderOfScenarios() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = SCENARIOS.size();
        int[] order = new int[n];
        List<Integer> perm = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            perm.add(s);
        }
        Collections.shuffle(perm, new Random(99));
        for (int s = 0; s < n; s++) {
            order[s] = perm.get(s);
        }
        MarginContext permuted = MarginContext.of(SCHEDULE, SCENARIOS.permuted("prop-1000-shuffled", order), STRESS);
        for (int i = 0; i < PORTFOLIOS; i++) {
            List<Position> ps = Fixtures.randomPositions(rnd, 8);

            PortfolioRequirement r = CALC.requirement(ps, CTX);
            PortfolioRequirement rp = CALC.requirement(ps, permuted);

            assertThat(rp.es()).isEqualTo(r.es());
            assertThat(rp.var()).isEqualTo(r.var());
            assertThat(rp.im()).isEqualTo(r.im());
            assertThat(rp.mm()).isEqualTo(r.mm());
        }
    }

    @Test
    void shouldChargeAFlatBookOnlyItsBasis() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < PORTFOLIOS; i++) {
            List<Position> half = Fixtures.randomPositions(rnd, 5);
            List<Position> flat = new ArrayList<>();
            double basis = 0;
            for (Position p : half) {
                if (p.product().kind() != ProductKind.PERPETUAL) {
                    continue;
                }
                Product fut = Fixtures.product(p.underlying().code(), ProductKind.FUTURE);
                flat.add(p);
                flat.add(new Position(fut, p.quantity().negate(), p.mark(), p.ref()));
                basis += SCHEDULE.parametersOf(p.underlying()).basis().doubleValue()
                        * Math.abs(p.notional().doubleValue());
            }

            PortfolioRequirement r = CALC.requirement(flat, CTX);

            assertThat(r.es()).isEqualTo(0.0);
            assertThat(r.imStress()).isEqualTo(0.0);
            assertThat(r.imFloor()).isEqualTo(0.0);
            assertThat(r.imSpread()).isCloseTo(basis, within(1e-9 * (1 + basis)));
            assertThat(r.im()).isEqualTo(Money.ceilCents(r.imSpread()));
        }
    }

    @Test
    void shouldGiveTheSameNumbersOnTheIncrementalPathAsOnTheFullPath() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < PORTFOLIOS / 2; i++) {
            List<Position> ps = Fixtures.randomPositions(rnd, 8);
            IncrementalPortfolio inc = IncrementalPortfolio.of(CTX, ps);
            for (int t = 0; t < 6; t++) {
                Position trade = Fixtures.randomPositions(rnd, 1).get(0);
                BigDecimal dq = trade.quantity();
                inc.trade(trade.product(), dq, trade.mark());

                PortfolioRequirement full = CALC.requirement(inc.positions(), CTX);
                PortfolioRequirement fast = inc.requirement();
                RiskFigures f = inc.evaluate(new RiskFigures());

                double tol = 1e-8 * scale(inc.positions());
                assertThat(fast.im()).as("portfolio %d trade %d", i, t).isEqualTo(full.im());
                assertThat(fast.mm()).isEqualTo(full.mm());
                assertThat(f.imCents()).isEqualTo(full.im().unscaledValue().longValueExact());
                assertThat(fast.es()).isCloseTo(full.es(), within(tol));
                assertThat(fast.var()).isCloseTo(full.var(), within(tol));
                assertThat(fast.imStress()).isCloseTo(full.imStress(), within(tol));
                assertThat(fast.imFloor()).isCloseTo(full.imFloor(), within(tol));
                assertThat(fast.binding()).isEqualTo(full.binding());
            }
        }
    }

    @Test
    void shouldGiveTheSameNumbersInABatchRunAsAccountByAccount() {
        SplittableRandom rnd = new SplittableRandom(10);
        List<MarginAccount> accounts = new ArrayList<>();
        for (int i = 0; i < PORTFOLIOS; i++) {
            MarginAccount a = Fixtures.randomCross(rnd, 6);
            // unpaid settlement cash of either sign is part of equity in both paths
            BigDecimal cash = BigDecimal.valueOf(rnd.nextLong(-5_000_000, 5_000_000), 2);
            accounts.add(new MarginAccount(a.mode(), a.positions(), a.collateral(), a.markSnapshotId(), cash));
        }
        AccountBook book = AccountBook.of(accounts, CTX);
        long[] im = new long[accounts.size()];
        long[] mm = new long[accounts.size()];
        byte[] status = new byte[accounts.size()];

        new MarginRun(CTX).run(book, 0, accounts.size(), im, mm, status);

        PortfolioEvaluator reused = new PortfolioEvaluator(CTX);
        for (int i = 0; i < accounts.size(); i++) {
            AccountMargin m = CALC.margin(accounts.get(i), CTX);
            assertThat(CALC.margin(accounts.get(i), reused))
                    .as("a reused evaluator, account %d", i)
                    .isEqualTo(m);
            assertThat(Money.ofCents(book.equityCents()[i])).isEqualTo(m.equity());
            assertThat(Money.ofCents(im[i])).isEqualTo(m.im());
            assertThat(Money.ofCents(mm[i])).isEqualTo(m.mm());
            assertThat(MarginStatus.values()[status[i]]).isEqualTo(m.status());
        }
    }

    @Test
    void shouldAddUpPositionContributionsToTheEs() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int i = 0; i < PORTFOLIOS; i++) {
            List<Position> ps = Fixtures.randomPositions(rnd, 8);

            PortfolioRequirement r = CALC.requirement(ps, CTX);

            double sum = r.contributions().stream()
                    .mapToDouble(PositionContribution::esContribution)
                    .sum();
            assertThat(sum).isCloseTo(r.es(), within(1e-9 * scale(ps)));
            assertThat(r.contributions()).hasSameSizeAs(ps);
        }
    }

    @Test
    void shouldRoundCentsFastExactlyAsTheDecimalRoundingDoes() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 4) {
                case 0 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(12));
                case 1 -> rnd.nextInt(1_000_000_000) / 100.0;
                case 2 -> rnd.nextInt(100_000) / 100.0 + 1e-9;
                default -> (rnd.nextInt(1000) * 0.1) + (rnd.nextInt(100) * 0.01);
            };
            assertThat(Money.ceilCentsLong(x))
                    .as("x = %s", x)
                    .isEqualTo(Money.ceilCents(x).unscaledValue().longValueExact());
        }
    }

    @Test
    void shouldRoundHalfEvenCentsFastExactlyAsTheDecimalRoundingDoes() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            double sign = rnd.nextBoolean() ? 1 : -1;
            double x = sign
                    * switch (i % 5) {
                        case 0 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(16));
                        case 1 -> rnd.nextInt(1_000_000_000) / 100.0;
                        // half cents, where the rounding turns on the last digit and ties go to the even cent
                        case 2 -> (rnd.nextInt(1_000_000) + 0.5) / 100.0;
                        case 3 -> rnd.nextInt(100_000) / 1000.0 + (rnd.nextBoolean() ? 1e-9 : -1e-9);
                        default -> (rnd.nextInt(1000) * 0.1) + (rnd.nextInt(100) * 0.005);
                    };
            BigDecimal expected = BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_EVEN);
            assertThat(Money.halfEvenCents(x)).as("x = %s", x).isEqualTo(expected);
        }
        assertThat(Money.halfEvenCents(0.125)).isEqualTo(new BigDecimal("0.12"));
        assertThat(Money.halfEvenCents(0.135)).isEqualTo(new BigDecimal("0.14"));
        assertThat(Money.halfEvenCents(-0.0)).isEqualTo(new BigDecimal("0.00"));
    }
}
