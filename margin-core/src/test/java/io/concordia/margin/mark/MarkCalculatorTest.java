package io.concordia.margin.mark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.margin.mark.MarkCalculator.Decision;
import io.concordia.margin.mark.MarkCalculator.Held;
import io.concordia.margin.mark.MarkCalculator.Marked;
import io.concordia.margin.mark.MarkCalculator.MoveWindow;
import io.concordia.margin.mark.MarkCalculator.Rules;
import io.concordia.margin.mark.MarkCalculator.Stale;
import io.concordia.margin.mark.MarkCalculator.StaleReason;
import io.concordia.margin.mark.MarkCalculator.VenuePrice;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mark decision as a table, and its guarantees over seeded random venues and sequences. */
class MarkCalculatorTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(5);
    /** max age 60 s, band 5 %, two sources, max move 10 %: the defaults. */
    private static final Rules RULES =
            Rules.of(Duration.ofSeconds(60), new BigDecimal("0.05"), 2, new BigDecimal("0.10"));

    private static final MarkCalculator CALC = MarkCalculator.DEFAULT;

    /**
     * Venue prices as {@code price@ageSeconds} separated by spaces; the window as {@code low..high} or {@code -} for a
     * product without a mark; the expected decision as {@code MARKED price sources}, {@code STALE reason sources} or
     * {@code HELD price sources reference}.
     */
    @ParameterizedTest(name = "{0}: {1} against {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            two venues, median                         | 64000@0 64100@5          | -               | MARKED 64050 2
            the attack: one listing, one crash         | 30000@0                  | 64050..64050    | STALE TOO_FEW_FRESH_PRICES 1
            one venue alone never makes a first mark   | 64000@0                  | -               | STALE TOO_FEW_FRESH_PRICES 1
            the other venue is stale                   | 64000@0 64200@61         | 64100..64100    | STALE TOO_FEW_FRESH_PRICES 1
            exactly max age is still fresh             | 64000@0 64200@60         | 64100..64100    | MARKED 64100 2
            a third venue's outlier is dropped         | 64000@0 64100@0 30000@0  | 64050..64050    | MARKED 64050 2
            two venues disagree beyond the band        | 64000@0 80000@0          | 64000..64000    | STALE VENUES_DISAGREE 0
            one of two within the band moves the mark  | 100@0 110@0              | 100..100        | MARKED 105 2
            a crash on every venue is held             | 30000@0 30100@0          | 64050..64050    | HELD 30050 2 64050
            a rise to exactly max move is applied      | 110@0 110@0              | 100..100        | MARKED 110 2
            a rise just beyond max move is held        | 110.01@0 110.01@0        | 100..100        | HELD 110.01 2 100
            a fall to exactly max move is applied      | 90@0 90@0                | 100..100        | MARKED 90 2
            a fall just beyond max move is held        | 89.99@0 89.99@0          | 100..100        | HELD 89.99 2 100
            checked against the lowest mark in force   | 104.6@0 104.6@0          | 95..105         | HELD 104.6 2 95
            checked against the highest mark in force  | 94.4@0 94.4@0            | 95..105         | HELD 94.4 2 105
            within max move of every mark in force     | 104@0 104@0              | 95..105         | MARKED 104 2
            a first mark is not move-checked           | 30000@0 30100@0          | -               | MARKED 30050 2
            half-sum rounded half-even at 18 decimals  | 1.000000000000000001@0 1.000000000000000002@0 | - | MARKED 1.000000000000000002 2
            """)
    void shouldDecideTheMark(String name, String venues, String window, String expected) {
        List<VenuePrice> prices = new ArrayList<>();
        long venue = 1;
        for (String v : venues.trim().split("\\s+")) {
            String[] p = v.split("@");
            prices.add(new VenuePrice(venue++, new BigDecimal(p[0]), NOW.minusSeconds(Long.parseLong(p[1]))));
        }
        MoveWindow w = window.equals("-")
                ? null
                : MoveWindow.of(new BigDecimal(window.split("\\.\\.")[0]), new BigDecimal(window.split("\\.\\.")[1]));

        Decision d = CALC.decide(RULES, prices, NOW, w);

        String[] e = expected.split(" ");
        switch (e[0]) {
            case "MARKED" -> {
                assertThat(d).isInstanceOf(Marked.class);
                assertThat(((Marked) d).price()).isEqualByComparingTo(e[1]);
            }
            case "STALE" -> {
                assertThat(d).isInstanceOf(Stale.class);
                assertThat(((Stale) d).reason()).isEqualTo(StaleReason.valueOf(e[1]));
            }
            case "HELD" -> {
                assertThat(d).isInstanceOf(Held.class);
                assertThat(((Held) d).price()).isEqualByComparingTo(e[1]);
                assertThat(((Held) d).reference()).isEqualByComparingTo(e[3]);
            }
            default -> throw new IllegalArgumentException(expected);
        }
        assertThat(d.sources()).isEqualTo(Integer.parseInt(e[2]));
    }

    @Test
    void shouldDescribeAHoldForTheOperator() {
        Held held = (Held) CALC.decide(
                RULES,
                List.of(
                        new VenuePrice(1, new BigDecimal("30000"), NOW),
                        new VenuePrice(2, new BigDecimal("30100"), NOW)),
                NOW,
                MoveWindow.at(new BigDecimal("64050")));

        assertThat(held.move())
                .isEqualByComparingTo(new BigDecimal("-34000").divide(new BigDecimal("64050"), MathContext.DECIMAL64));
        assertThat(held.describe(RULES, INTERVAL)).isEqualTo("moves -53.1% from 64050 within PT5M (band 10%)");
    }

    @Test
    void shouldRefuseRulesThatCannotGuardAnything() {
        assertThatThrownBy(() -> Rules.of(Duration.ofSeconds(60), new BigDecimal("0.05"), 0, new BigDecimal("0.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minSources");
        assertThatThrownBy(() -> Rules.of(Duration.ofSeconds(60), new BigDecimal("0.05"), 2, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMove");
        assertThatThrownBy(() -> Rules.of(Duration.ZERO, new BigDecimal("0.05"), 2, new BigDecimal("0.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge");
        assertThatThrownBy(() -> MoveWindow.of(new BigDecimal("2"), BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** With two or more other venues agreeing on a price, a single venue cannot move the mark off it at all. */
    @Test
    void shouldNotLetOneVenueMoveTheMarkOffOthersThatAgree() {
        Random random = new Random(20261201L);
        for (int i = 0; i < 5_000; i++) {
            BigDecimal agreed = randomPrice(random);
            List<VenuePrice> prices = new ArrayList<>();
            int others = 2 + random.nextInt(4);
            for (int v = 0; v < others; v++) {
                prices.add(new VenuePrice(v, agreed, NOW.minusSeconds(random.nextInt(61))));
            }
            prices.add(new VenuePrice(99, rogue(random, agreed), NOW.minusSeconds(random.nextInt(61))));

            Decision d = CALC.decide(RULES, prices, NOW, random.nextBoolean() ? null : MoveWindow.at(agreed));

            assertThat(d).as("case %d: %s", i, prices).isInstanceOf(Marked.class);
            assertThat(((Marked) d).price()).as("case %d: %s", i, prices).isEqualByComparingTo(agreed);
        }
    }

    /**
     * No single venue price can move the mark beyond the band, whatever the sequence: over seeded random paths — honest
     * venues drifting (and now and then all moving together, a real dislocation), one venue sending anything, time
     * advancing, an operator accepting some holds — every mark in force (a) lies within {@code band / (1 − band)} of the
     * honest venues' prices, and (b) is within max move of every mark in force during the interval before it since the
     * last operator decision, checked pair by pair against the whole history.
     */
    @Test
    void shouldKeepEveryMarkWithinTheBandsWhateverOneVenueSends() {
        Random random = new Random(42L);
        BigDecimal band = RULES.band();
        BigDecimal reach = band.divide(BigDecimal.ONE.subtract(band), MathContext.DECIMAL64);
        int held = 0;
        int marked = 0;
        for (int path = 0; path < 200; path++) {
            int honest = 1 + random.nextInt(3);
            BigDecimal[] honestPrices = new BigDecimal[honest];
            BigDecimal market = randomPrice(random);
            List<Point> history = new ArrayList<>();
            Instant now = NOW;
            for (int step = 0; step < 150; step++) {
                now = now.plusSeconds(random.nextInt(40));
                double move = random.nextInt(25) == 0 ? -0.3 : (random.nextDouble() - 0.5) * 0.02;
                market = scale(market.multiply(BigDecimal.valueOf(1 + move)));
                for (int v = 0; v < honest; v++) {
                    honestPrices[v] =
                            scale(market.multiply(BigDecimal.valueOf(1 + (random.nextDouble() - 0.5) * 0.02)));
                }
                List<VenuePrice> prices = new ArrayList<>();
                for (int v = 0; v < honest; v++) {
                    prices.add(new VenuePrice(v, honestPrices[v], now));
                }
                prices.add(new VenuePrice(99, rogue(random, honestPrices[0]), now.minusSeconds(random.nextInt(70))));

                Decision d = CALC.decide(RULES, prices, now, window(history, now));

                if (d instanceof Held h) {
                    held++;
                    if (random.nextInt(4) == 0) {
                        history.add(new Point(now, h.price(), true)); // an operator accepts the hold
                    }
                }
                if (d instanceof Marked m) {
                    marked++;
                    BigDecimal low = min(honestPrices).multiply(BigDecimal.ONE.subtract(reach));
                    BigDecimal high = max(honestPrices).multiply(BigDecimal.ONE.add(reach));
                    assertThat(m.price())
                            .as("path %d step %d: %s", path, step, prices)
                            .isBetween(low, high);
                    assertWithinMaxMoveOfRecentMarks(history, now, m.price());
                    history.add(new Point(now, m.price(), false));
                }
            }
        }
        assertThat(held).as("the paths exercise holds").isGreaterThan(100);
        assertThat(marked).as("the paths exercise marks").isGreaterThan(10_000);
    }

    private record Point(Instant at, BigDecimal price, boolean decision) {}

    /** The reference rule: the mark in force at {@code now − interval} and every mark since, from the last decision. */
    private static MoveWindow window(List<Point> history, Instant now) {
        if (history.isEmpty()) {
            return null;
        }
        int from = 0;
        for (int i = 0; i < history.size(); i++) {
            if (!history.get(i).at().isAfter(now.minus(INTERVAL))
                    || history.get(i).decision()) {
                from = i;
            }
        }
        BigDecimal low = null;
        BigDecimal high = null;
        for (Point p : history.subList(from, history.size())) {
            low = low == null ? p.price() : low.min(p.price());
            high = high == null ? p.price() : high.max(p.price());
        }
        return MoveWindow.of(low, high);
    }

    /** Naively, pair by pair: {@code |new − old| <= maxMove × old} for every old mark in force within the interval. */
    private static void assertWithinMaxMoveOfRecentMarks(List<Point> history, Instant now, BigDecimal mark) {
        int lastDecision = 0;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).decision()) {
                lastDecision = i;
            }
        }
        for (int i = lastDecision; i < history.size(); i++) {
            Point old = history.get(i);
            boolean inForceDuringInterval = old.at().isAfter(now.minus(INTERVAL))
                    || i + 1 == history.size()
                    || history.get(i + 1).at().isAfter(now.minus(INTERVAL));
            if (inForceDuringInterval) {
                assertThat(mark.subtract(old.price()).abs())
                        .as("%s after %s at %s", mark, old.price(), old.at())
                        .isLessThanOrEqualTo(RULES.maxMove().multiply(old.price()));
            }
        }
    }

    /** Anything from a near copy to a fat finger or a crash. */
    private static BigDecimal rogue(Random random, BigDecimal around) {
        double factor = switch (random.nextInt(4)) {
            case 0 -> 1 + (random.nextDouble() - 0.5) * 0.2;
            case 1 -> Math.pow(10, random.nextDouble() * 8 - 4);
            case 2 -> 0.47;
            default -> 1 + (random.nextDouble() - 0.5) * 0.02;
        };
        return scale(around.multiply(BigDecimal.valueOf(factor)).max(new BigDecimal("0.00000001")));
    }

    private static BigDecimal randomPrice(Random random) {
        return scale(BigDecimal.valueOf(Math.pow(10, random.nextDouble() * 6 - 1)));
    }

    private static BigDecimal scale(BigDecimal d) {
        return d.setScale(8, java.math.RoundingMode.HALF_EVEN);
    }

    private static BigDecimal min(BigDecimal[] values) {
        BigDecimal m = values[0];
        for (BigDecimal v : values) {
            m = m.min(v);
        }
        return m;
    }

    private static BigDecimal max(BigDecimal[] values) {
        BigDecimal m = values[0];
        for (BigDecimal v : values) {
            m = m.max(v);
        }
        return m;
    }
}
