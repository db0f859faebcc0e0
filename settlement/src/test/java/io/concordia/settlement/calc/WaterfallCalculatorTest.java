package io.concordia.settlement.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.WaterfallInput;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaterfallCalculatorTest {

    private static final MemberCode A = MemberCode.of("A");
    private static final MemberCode B = MemberCode.of("B");
    private static final MemberCode C = MemberCode.of("C");

    /** Defaulter D: margin 1000, contribution 500; CCP capital 300; A 100, B 200, C 300; assessments capped at 2x. */
    private static WaterfallInput withLoss(String loss) {
        return WaterfallInput.of(
                "USD", 2, "D", loss, "1000", "500", "300", Map.of("A", "100", "B", "200", "C", "300"), "2");
    }

    @ParameterizedTest(name = "loss {0} stops at {7}")
    @CsvSource({
        // loss, margin, defaulter DF, skin, mutual fund, assessments, uncovered, stops at
        "800,  800,  0,   0,   0,   0,    0,   DEFAULTER_MARGIN",
        "1000, 1000, 0,   0,   0,   0,    0,   DEFAULTER_MARGIN",
        "1200, 1000, 200, 0,   0,   0,    0,   DEFAULTER_CONTRIBUTION",
        "1700, 1000, 500, 200, 0,   0,    0,   SKIN_IN_THE_GAME",
        "2100, 1000, 500, 300, 300, 0,    0,   MUTUAL_FUND",
        "2500, 1000, 500, 300, 600, 100,  0,   ASSESSMENTS",
        "3600, 1000, 500, 300, 600, 1200, 0,   ASSESSMENTS",
        "4000, 1000, 500, 300, 600, 1200, 400, ASSESSMENTS",
    })
    void shouldStopTheLossAtEachLayerInTurn(
            String loss,
            String margin,
            String df,
            String skin,
            String mutual,
            String assessments,
            String uncovered,
            WaterfallLayer stop) {
        WaterfallResult r = WaterfallCalculator.DEFAULT.allocate(withLoss(loss));

        assertThat(r.layer(WaterfallLayer.DEFAULTER_MARGIN).used()).isEqualByComparingTo(margin);
        assertThat(r.layer(WaterfallLayer.DEFAULTER_CONTRIBUTION).used()).isEqualByComparingTo(df);
        assertThat(r.layer(WaterfallLayer.SKIN_IN_THE_GAME).used()).isEqualByComparingTo(skin);
        assertThat(r.layer(WaterfallLayer.MUTUAL_FUND).used()).isEqualByComparingTo(mutual);
        assertThat(r.layer(WaterfallLayer.ASSESSMENTS).used()).isEqualByComparingTo(assessments);
        assertThat(r.uncovered()).isEqualByComparingTo(uncovered);
        assertThat(r.covered().add(r.uncovered())).isEqualByComparingTo(loss);
        assertThat(r.stoppedAt()).hasValue(stop);
    }

    @Test
    void shouldShareTheMutualFundProRataToContributions() {
        WaterfallResult r = WaterfallCalculator.DEFAULT.allocate(withLoss("2100"));

        // 300 over 100:200:300
        assertThat(r.layer(WaterfallLayer.MUTUAL_FUND).shares())
                .isEqualTo(
                        Map.of(A, new BigDecimal("50.00"), B, new BigDecimal("100.00"), C, new BigDecimal("150.00")));
    }

    @Test
    void shouldGiveTheLastCentOfAnAssessmentToTheLargestRemainder() {
        WaterfallResult r = WaterfallCalculator.DEFAULT.allocate(withLoss("2500"));

        // 100 over caps 200:400:600 = 16.666.., 33.333.., 50; floors sum to 99.99; A's remainder is the largest
        assertThat(r.layer(WaterfallLayer.ASSESSMENTS).shares())
                .isEqualTo(Map.of(A, new BigDecimal("16.67"), B, new BigDecimal("33.33"), C, new BigDecimal("50.00")));
        assertThat(r.memberCharges())
                .isEqualTo(
                        Map.of(A, new BigDecimal("116.67"), B, new BigDecimal("233.33"), C, new BigDecimal("350.00")));
    }

    @Test
    void shouldReportAnUncoveredRemainderWhenEveryLayerIsExhausted() {
        WaterfallResult r = WaterfallCalculator.DEFAULT.allocate(withLoss("4000"));

        assertThat(r.uncovered()).isEqualByComparingTo("400");
        assertThat(r.layer(WaterfallLayer.ASSESSMENTS).shares())
                .isEqualTo(
                        Map.of(A, new BigDecimal("200.00"), B, new BigDecimal("400.00"), C, new BigDecimal("600.00")));
    }

    @Test
    void shouldUseNoLayerForAZeroLoss() {
        WaterfallResult r = WaterfallCalculator.DEFAULT.allocate(withLoss("0"));

        assertThat(r.stoppedAt()).isEmpty();
        assertThat(r.layers()).allSatisfy(l -> assertThat(l.used()).isZero());
    }

    @Test
    void shouldRoundTheLossUpAndTheResourcesDown() {
        WaterfallResult r = WaterfallCalculator.DEFAULT.allocate(
                WaterfallInput.of("USD", 2, "D", "10.001", "10.009", "0", "0", Map.of(), "0"));

        assertThat(r.loss()).isEqualByComparingTo("10.01");
        assertThat(r.layer(WaterfallLayer.DEFAULTER_MARGIN).capacity()).isEqualByComparingTo("10.00");
        assertThat(r.uncovered()).isEqualByComparingTo("0.01");
    }

    @Test
    void shouldNeverExceedALayerOrAMemberCapacityAndCoverExactlyTheSmallerOfLossAndCapacity() {
        for (int seed = 0; seed < 5_000; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            int scale = rng.nextInt(0, 7);
            Map<MemberCode, BigDecimal> contributions = new TreeMap<>();
            int members = rng.nextInt(0, 7);
            for (int i = 0; i < members; i++) {
                contributions.put(MemberCode.of("M" + i), rng.nextInt(5) == 0 ? BigDecimal.ZERO : amount(rng));
            }
            WaterfallInput in = new WaterfallInput(
                    AssetCode.of("USD"),
                    scale,
                    MemberCode.of("D"),
                    amount(rng).multiply(BigDecimal.valueOf(rng.nextInt(1, 8))),
                    amount(rng),
                    amount(rng),
                    amount(rng),
                    contributions,
                    BigDecimal.valueOf(rng.nextLong(0, 400), 2));

            WaterfallResult r = WaterfallCalculator.DEFAULT.allocate(in);

            String at = "seed " + seed;
            BigDecimal capacity = BigDecimal.ZERO;
            BigDecimal used = BigDecimal.ZERO;
            boolean previousFull = true;
            for (LayerUse l : r.layers()) {
                assertThat(l.used()).as(at).isBetween(BigDecimal.ZERO, l.capacity());
                if (l.used().signum() > 0) {
                    assertThat(previousFull)
                            .as(at + ": a layer is used only once the previous ones are full")
                            .isTrue();
                }
                previousFull = previousFull && l.used().compareTo(l.capacity()) == 0;
                if (!l.shares().isEmpty()) {
                    assertThat(l.shares().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                            .as(at)
                            .isEqualByComparingTo(l.used());
                }
                capacity = capacity.add(l.capacity());
                used = used.add(l.used());
            }
            in.contributions().forEach((m, c) -> {
                assertThat(r.layer(WaterfallLayer.MUTUAL_FUND).shares().get(m))
                        .as(at)
                        .isBetween(BigDecimal.ZERO, c);
                assertThat(r.layer(WaterfallLayer.ASSESSMENTS).shares().get(m))
                        .as(at)
                        .isBetween(BigDecimal.ZERO, c.multiply(in.assessmentMultiple()));
            });
            assertThat(used).as(at).isEqualByComparingTo(in.loss().min(capacity));
            assertThat(r.covered()).as(at).isEqualByComparingTo(used);
            assertThat(r.uncovered()).as(at).isEqualByComparingTo(in.loss().subtract(used));
        }
    }

    private static BigDecimal amount(SplittableRandom rng) {
        return BigDecimal.valueOf(rng.nextLong(0, 1_000_000_000L), rng.nextInt(0, 9));
    }
}
