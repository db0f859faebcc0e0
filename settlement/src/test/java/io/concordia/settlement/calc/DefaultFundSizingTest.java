package io.concordia.settlement.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.settlement.model.Cover2Input;
import io.concordia.settlement.model.MemberCode;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DefaultFundSizingTest {

    private static final MemberCode A = MemberCode.of("A");
    private static final MemberCode B = MemberCode.of("B");
    private static final MemberCode C = MemberCode.of("C");

    @Test
    void shouldSizeTheFundToTheTwoLargestStressedLossesAndAllocateItProRataToIm() {
        Cover2Input in = new Cover2Input(
                AssetCode.of("USD"),
                2,
                Map.of(A, new BigDecimal("500"), B, new BigDecimal("300.004"), C, new BigDecimal("200")),
                Map.of(A, new BigDecimal("1000"), B, new BigDecimal("1000"), C, new BigDecimal("1000")));

        Cover2Result r = DefaultFundSizing.DEFAULT.cover2(in);

        // 500 + 300.004 = 800.004, rounded up (a requirement) to 800.01; equal IMs: 800.01 / 3 = 266.67 each, exactly
        assertThat(r.largest()).containsExactly(A, B);
        assertThat(r.fundSize()).isEqualByComparingTo("800.01");
        assertThat(r.contributions())
                .isEqualTo(
                        Map.of(A, new BigDecimal("266.67"), B, new BigDecimal("266.67"), C, new BigDecimal("266.67")));
    }

    @Test
    void shouldGiveTheRemainingCentsToTheLargestRemaindersThenTheSmallerMemberCode() {
        Cover2Input in = new Cover2Input(
                AssetCode.of("USD"),
                2,
                Map.of(A, new BigDecimal("100"), B, new BigDecimal("0")),
                Map.of(A, new BigDecimal("1"), B, new BigDecimal("1"), C, new BigDecimal("1")));

        Cover2Result r = DefaultFundSizing.DEFAULT.cover2(in);

        // 100 / 3 = 33.333..: floors 99.99, one cent to the tie's smallest code A
        assertThat(r.contributions())
                .isEqualTo(Map.of(A, new BigDecimal("33.34"), B, new BigDecimal("33.33"), C, new BigDecimal("33.33")));
    }

    @Test
    void shouldSizeAnEmptyMembershipAtZero() {
        Cover2Result r = DefaultFundSizing.DEFAULT.cover2(new Cover2Input(AssetCode.of("USD"), 2, Map.of(), Map.of()));

        assertThat(r.fundSize()).isZero();
        assertThat(r.largest()).isEqualTo(List.of());
    }

    @Test
    void shouldAllocateContributionsThatSumExactlyToTheFund() {
        for (int seed = 0; seed < 2_000; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            Map<MemberCode, BigDecimal> loss = new TreeMap<>();
            Map<MemberCode, BigDecimal> im = new TreeMap<>();
            int n = rng.nextInt(1, 12);
            for (int i = 0; i < n; i++) {
                loss.put(
                        MemberCode.of("M" + i), BigDecimal.valueOf(rng.nextLong(0, 1_000_000_000L), rng.nextInt(0, 6)));
                im.put(MemberCode.of("M" + i), BigDecimal.valueOf(rng.nextLong(1, 1_000_000_000L), rng.nextInt(0, 6)));
            }
            Cover2Result r = DefaultFundSizing.DEFAULT.cover2(new Cover2Input(AssetCode.of("USD"), 2, loss, im));

            BigDecimal top2 = loss.values().stream()
                    .sorted((a, b) -> b.compareTo(a))
                    .limit(2)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(r.fundSize())
                    .as("seed " + seed)
                    .isGreaterThanOrEqualTo(top2)
                    .isLessThan(top2.add(new BigDecimal("0.01")));
            assertThat(r.contributions().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("seed " + seed)
                    .isEqualByComparingTo(r.fundSize());
        }
    }
}
