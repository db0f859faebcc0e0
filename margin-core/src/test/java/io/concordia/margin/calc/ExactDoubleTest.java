package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactDoubleTest {

    @Test
    void shouldEqualTheDecimalsOwnConversionOnSeededDecimals() {
        SplittableRandom rnd = new SplittableRandom(29);
        for (int i = 0; i < 300_000; i++) {
            BigDecimal x = switch (i % 4) {
                // any width and scale
                case 0 ->
                    new BigDecimal(
                            new BigInteger(1 + rnd.nextInt(160), new java.util.Random(rnd.nextLong())),
                            rnd.nextInt(-30, 60));
                // a position's notional as the service reads it: quantity NUMERIC(38, 18) times a mark
                case 1 ->
                    BigDecimal.valueOf(rnd.nextLong(1, 1_000_000_000_000L), 12)
                            .setScale(18)
                            .multiply(BigDecimal.valueOf(rnd.nextLong(1, 10_000_000_000L), rnd.nextInt(0, 9)));
                // narrow values, the fast path
                case 2 -> BigDecimal.valueOf(rnd.nextLong(-(1L << 53), 1L << 53), rnd.nextInt(-22, 23));
                // exact ties: halfway between two neighbouring doubles, 2^e (1 + m 2^-52) + 2^e 2^-53, in decimal
                default -> {
                    int e = rnd.nextInt(-60, 60);
                    yield new BigDecimal(Math.scalb(1.0 + rnd.nextInt(1 << 20) * 0x1p-52, e))
                            .add(new BigDecimal(Math.scalb(0x1p-53, e)));
                }
            };
            if (rnd.nextBoolean()) {
                x = x.negate();
            }
            assertThat(ExactDouble.of(x)).as("x = %s", x).isEqualTo(x.doubleValue());
        }
    }

    @Test
    void shouldRoundTiesToEven() {
        BigInteger twoTo53 = BigInteger.TWO.pow(53);
        // 2^53 + 1 lies halfway between 2^53 and 2^53 + 2: the even one wins; 2^53 + 3 goes up to 2^53 + 4
        assertThat(ExactDouble.of(new BigDecimal(twoTo53.add(BigInteger.ONE)).setScale(5)))
                .isEqualTo(0x1p53);
        assertThat(ExactDouble.of(new BigDecimal(twoTo53.add(BigInteger.valueOf(3))).setScale(5)))
                .isEqualTo(0x1p53 + 4);
        assertThat(ExactDouble.of(new BigDecimal("0.1"))).isEqualTo(0.1);
        assertThat(ExactDouble.of(new BigDecimal("-64000.123456789012345678901234")))
                .isEqualTo(-64000.123456789012345678901234);
        assertThat(ExactDouble.of(BigDecimal.ZERO.setScale(30))).isEqualTo(0.0);
    }
}
