package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.margin.Fixtures;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bulk margin run over cross accounts that mix perpetuals, futures and options (docs/margin-model.md §8): every
 * account's IM, MM, equity and status equal {@link MarginCalculator}'s to the cent, over seeded random books in which
 * many accounts hold the same option series (valued once per run) and some hold none (version-1 figures).
 */
class OptionMarginRunTest {

    private static final MarginCalculator CALC = MarginCalculator.DEFAULT;
    private static final int ACCOUNTS = 600;
    private static final int SERIES = 40;
    private static final ScenarioSet SCENARIOS =
            Fixtures.randomScenarios("opt-run", 500, 12L).withHorizonDays(2);
    private static final MarginContext CTX = MarginContext.of(Fixtures.defaultSchedule(), SCENARIOS, null);

    @Test
    void shouldGiveTheCalculatorsNumbersToTheCentOverSeededMixedBooks() {
        StressSet explicit = StressSet.of(List.of(
                new StressScenario(
                        "crash-vol",
                        Map.of(UnderlyingId.of("BTC"), -0.3),
                        Map.of(LiquidityTier.T2, -0.4),
                        Map.of(UnderlyingId.of("BTC"), 0.8),
                        Map.of(LiquidityTier.T3, 1.2)),
                new StressScenario("rally", Map.of(), Map.of(LiquidityTier.T1, 0.2, LiquidityTier.T2, 0.3))));
        for (MarginContext ctx : List.of(CTX, MarginContext.of(Fixtures.defaultSchedule(), SCENARIOS, explicit))) {
            SplittableRandom rnd = new SplittableRandom(ctx.stress().size() == 2 ? 5L : 6L);
            List<MarginAccount> accounts = randomBook(rnd);
            AccountBook book = AccountBook.withOptions(accounts, ctx);
            OptionValuation[] options =
                    book.valueOptions(OptionValuations.of(ctx, OptionMarginPropertiesTest.market()));
            long[] im = new long[ACCOUNTS];
            long[] mm = new long[ACCOUNTS];
            byte[] status = new byte[ACCOUNTS];

            // two runs on disjoint halves, as two threads would
            new MarginRun(ctx).run(book, options, 0, ACCOUNTS / 2, im, mm, status);
            new MarginRun(ctx).run(book, options, ACCOUNTS / 2, ACCOUNTS, im, mm, status);

            PortfolioEvaluator ev = new PortfolioEvaluator(ctx);
            Set<MarginStatus> seen = EnumSet.noneOf(MarginStatus.class);
            int withOptions = 0;
            for (int a = 0; a < ACCOUNTS; a++) {
                MarginAccount account = accounts.get(a);
                AccountMargin expected = CALC.marginOrFullNotional(account, ev);
                String what = "account " + a + " " + account.positions();
                assertThat(Money.ofCents(im[a])).as(what).isEqualTo(expected.im());
                assertThat(Money.ofCents(mm[a])).as(what).isEqualTo(expected.mm());
                assertThat(Money.ofCents(book.equityCents()[a])).as(what).isEqualTo(expected.equity());
                assertThat(MarginStatus.values()[status[a]]).as(what).isEqualTo(expected.status());
                seen.add(expected.status());
                withOptions += account.hasOptions() ? 1 : 0;
            }
            assertThat(seen).as("the books reach every status").containsExactlyInAnyOrder(MarginStatus.values());
            assertThat(withOptions).as("accounts with options").isBetween(ACCOUNTS / 2, ACCOUNTS - ACCOUNTS / 20);
            assertThat(book.optionCount())
                    .as("distinct series, each valued once")
                    .isLessThanOrEqualTo(SERIES);
        }
    }

    @Test
    void shouldGiveTheSameMarginWithValuationsSharedAcrossAccountsCrossOrIsolated() {
        SplittableRandom rnd = new SplittableRandom(7L);
        List<MarginAccount> accounts = randomBook(rnd);
        OptionValuations shared = OptionValuations.of(CTX, OptionMarginPropertiesTest.market());
        PortfolioEvaluator ev = new PortfolioEvaluator(CTX);
        int compared = 0;
        for (MarginAccount cross : accounts) {
            for (MarginAccount account : List.of(cross, cross.withMode(MarginMode.ISOLATED))) {
                AccountMargin alone = CALC.marginOrFullNotional(account, ev);
                AccountMargin withShared = CALC.marginOrFullNotional(account, shared, ev);
                String what = account.mode() + " " + account.positions();
                assertThat(withShared.im()).as(what).isEqualTo(alone.im());
                assertThat(withShared.mm()).as(what).isEqualTo(alone.mm());
                assertThat(withShared.equity()).as(what).isEqualTo(alone.equity());
                assertThat(withShared.status()).as(what).isEqualTo(alone.status());
                compared++;
            }
        }
        assertThat(compared).isEqualTo(2 * ACCOUNTS);
        assertThat(shared.size())
                .as("each distinct series valued once for the whole book")
                .isLessThanOrEqualTo(2 * SERIES);
    }

    @Test
    void shouldKeepTheLinearBookRunForABookWithoutOptions() {
        SplittableRandom rnd = new SplittableRandom(9L);
        List<MarginAccount> accounts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            accounts.add(Fixtures.randomCross(rnd, 6));
        }
        MarginContext ctx = CTX;
        AccountBook linear = AccountBook.of(accounts, ctx);
        AccountBook same = AccountBook.withOptions(accounts, ctx);
        long[] im = new long[accounts.size()];
        long[] mm = new long[accounts.size()];
        byte[] status = new byte[accounts.size()];
        long[] im2 = new long[accounts.size()];
        long[] mm2 = new long[accounts.size()];
        byte[] status2 = new byte[accounts.size()];

        new MarginRun(ctx).run(linear, 0, accounts.size(), im, mm, status);
        new MarginRun(ctx).run(same, new OptionValuation[0], 0, accounts.size(), im2, mm2, status2);

        assertThat(same.hasOptions()).isFalse();
        assertThat(im2).isEqualTo(im);
        assertThat(mm2).isEqualTo(mm);
        assertThat(status2).isEqualTo(status);
    }

    @Test
    void shouldRefuseABookWithOptionsWithoutTheirValuations() {
        MarginContext ctx = CTX;
        List<MarginAccount> accounts = randomBook(new SplittableRandom(3L)).subList(0, 20);
        AccountBook book = AccountBook.withOptions(accounts, ctx);
        long[] im = new long[20];
        long[] mm = new long[20];
        byte[] status = new byte[20];
        MarginRun run = new MarginRun(ctx);
        OptionValuation[] options = book.valueOptions(OptionValuations.of(ctx, OptionMarginPropertiesTest.market()));
        MarginContext other = MarginContext.of(Fixtures.defaultSchedule(), SCENARIOS, null);
        OptionValuation[] elsewhere =
                book.valueOptions(OptionValuations.of(other, OptionMarginPropertiesTest.market()));
        OptionValuation[] shifted = options.clone();
        shifted[0] = options[options.length - 1];

        assertThatThrownBy(() -> run.run(book, 0, 20, im, mm, status)).hasMessageContaining("with their valuations");
        assertThatThrownBy(() -> run.run(book, new OptionValuation[1], 0, 20, im, mm, status))
                .hasMessageContaining("one valuation per option series");
        assertThatThrownBy(() -> run.run(book, shifted, 0, 20, im, mm, status))
                .hasMessageContaining("options[0] must be");
        assertThatThrownBy(() -> run.run(book, elsewhere, 0, 20, im, mm, status))
                .hasMessageContaining("another margin context");
        assertThatThrownBy(() -> AccountBook.withOptions(List.of(accounts.get(0).withMode(MarginMode.ISOLATED)), ctx))
                .hasMessageContaining("CROSS accounts only");
        int wrongRow = (ctx.rowOf(book.option(0).product().underlying()) + 1) % ctx.rowCount();
        assertThatThrownBy(() -> AccountBook.of(
                        new int[] {0, 1},
                        new int[] {wrongRow},
                        new double[] {0},
                        new int[] {0},
                        new double[] {1},
                        List.of(book.option(0)),
                        new long[] {0},
                        ctx))
                .hasMessageContaining("must be the row of the underlying");
        assertThatThrownBy(() -> AccountBook.of(
                        new int[] {0, 1},
                        new int[] {0},
                        new double[] {0},
                        new int[] {1},
                        new double[] {1},
                        List.of(book.option(0)),
                        new long[] {0},
                        ctx))
                .hasMessageContaining("optionOf[0] must be -1 or an index");
    }

    /**
     * Accounts of 1..5 linear positions (one in ten with none) and, for nine in ten, 1..6 positions drawn from a
     * pool of {@link #SERIES} option series, so that series are shared; the same series is sometimes quoted with a
     * trailing zero in its iv. Collateral spreads the accounts over every status.
     */
    private static List<MarginAccount> randomBook(SplittableRandom rnd) {
        List<Position> pool = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            int u = rnd.nextInt(Fixtures.UNDERLYINGS.size());
            pool.add(OptionMarginPropertiesTest.randomOption(rnd, u, "-" + i, 1));
        }
        OptionMarket market = OptionMarginPropertiesTest.market();
        List<MarginAccount> accounts = new ArrayList<>();
        for (int a = 0; a < ACCOUNTS; a++) {
            List<Position> positions = new ArrayList<>();
            if (rnd.nextInt(10) > 0) {
                positions.addAll(Fixtures.randomPositions(rnd, 5));
            }
            if (positions.isEmpty() || rnd.nextInt(10) > 0) {
                List<Integer> taken = new ArrayList<>();
                int count = 1 + rnd.nextInt(6);
                for (int i = 0; i < count; i++) {
                    int pick = rnd.nextInt(SERIES);
                    if (!taken.contains(pick)) {
                        taken.add(pick);
                        positions.add(sized(pool.get(pick), rnd));
                    }
                }
            }
            BigDecimal usd =
                    BigDecimal.valueOf(Math.pow(10, 1 + 6 * rnd.nextDouble())).setScale(2, RoundingMode.DOWN);
            BigDecimal cash = BigDecimal.valueOf(rnd.nextLong(-50_000, 50_000), 2);
            List<CollateralHolding> collateral = List.of(CollateralHolding.of("USD", usd.toPlainString(), "1"));
            accounts.add(new MarginAccount(MarginMode.CROSS, positions, collateral, "snap-1", cash, market));
        }
        return accounts;
    }

    /** A position in a pool series with a random signed size, a ref a little off its mark, and sometimes its iv as 0.x0. */
    private static Position sized(Position template, SplittableRandom rnd) {
        double forward = OptionMarginPropertiesTest.market()
                .forwardOf(template.underlying())
                .doubleValue();
        double notional = Math.pow(10, 2 + 5 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
        BigDecimal q = BigDecimal.valueOf(notional / forward).setScale(4, RoundingMode.HALF_UP);
        if (q.signum() == 0) {
            q = new BigDecimal("0.0001");
        }
        BigDecimal ref = template.mark()
                .multiply(BigDecimal.valueOf(0.9 + 0.2 * rnd.nextDouble()))
                .setScale(2, RoundingMode.HALF_UP);
        BigDecimal iv =
                rnd.nextInt(4) == 0 ? template.iv().setScale(template.iv().scale() + 1) : template.iv();
        return new Position(
                template.product(), q, template.mark(), ref.signum() > 0 ? ref : template.mark(), BigDecimal.ZERO, iv);
    }
}
