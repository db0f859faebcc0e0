package io.concordia.margin.option;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The normal distribution function against published values (Abramowitz and Stegun, Handbook of Mathematical
 * Functions, table 26.1, and the 25-digit values of the standard tables), to 1e-14 absolute and, in the tails, to
 * 1e-13 relative.
 */
class NormalDistributionTest {

    @ParameterizedTest(name = "N({0}) = {1}")
    @CsvSource({
        "-37, 5.725571222524576822683193e-300",
        "-30, 4.906713927148187059533809e-198",
        "-20, 2.753624118606233695075623e-89",
        "-10, 7.619853024160526065973343e-24",
        "-8, 6.220960574271784123515995e-16",
        "-6, 9.865876450376981407008641e-10",
        "-5, 2.866515718791939116737523e-7",
        "-3, 0.001349898031630094526651815",
        "-2, 0.02275013194817920720028264",
        "-1.96, 0.02499789514822043621282369",
        "-1, 0.1586552539314570514147675",
        "-0.5, 0.3085375387259868963622954",
        "-0.2, 0.420740290560896972616116",
        "0, 0.5",
        "0.2, 0.579259709439103027383884",
        "0.5, 0.6914624612740131036377046",
        "1, 0.8413447460685429485852325",
        "1.5, 0.933192798731141933995506",
        "2, 0.9772498680518207927997174",
        "3, 0.9986501019683699054733482",
        "5, 0.9999997133484281208060883",
        "8, 0.9999999999999993779039426",
    })
    void shouldMatchPublishedValuesTo1eMinus14(double x, double expected) {
        // beyond x = -37.5 the function underflows below the smallest normal double and only the absolute bound applies
        double n = NormalDistribution.cdf(x);

        assertThat(n).isCloseTo(expected, within(1e-14));
        if (x < -1) {
            assertThat(n).as("relative accuracy in the lower tail").isCloseTo(expected, within(1e-13 * expected));
        }
    }

    @ParameterizedTest(name = "erfc({0}) = {1}")
    @CsvSource({
        "0.1, 0.8875370839817151",
        "0.46875, 0.50738652678206201",
        "1, 0.15729920705028513",
        "4, 1.5417257900280019e-8",
        "10, 2.0884875837625448e-45",
        "-1, 1.8427007929497149",
    })
    void shouldMatchPublishedComplementaryErrorFunctionOnEachInterval(double x, double expected) {
        assertThat(NormalDistribution.erfc(x)).isCloseTo(expected, within(2e-16 + 1e-14 * Math.abs(expected)));
    }

    @Test
    void shouldBeSymmetricMonotoneAndBoundedOverSeededPoints() {
        SplittableRandom rnd = new SplittableRandom(20261205L);
        for (int i = 0; i < 10_000; i++) {
            double x = rnd.nextDouble(-12, 12);
            double dx = rnd.nextDouble(1e-6, 0.5);
            assertThat(NormalDistribution.cdf(x) + NormalDistribution.cdf(-x)).isCloseTo(1.0, within(2e-16 * 4));
            assertThat(NormalDistribution.cdf(x + dx)).isGreaterThanOrEqualTo(NormalDistribution.cdf(x));
            assertThat(NormalDistribution.cdf(x)).isBetween(0.0, 1.0);
        }
        assertThat(NormalDistribution.cdf(Double.NEGATIVE_INFINITY)).isZero();
        assertThat(NormalDistribution.cdf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(NormalDistribution.cdf(Double.NaN)).isNaN();
    }

    @Test
    void densityShouldBeTheDerivativeOfTheDistributionFunction() {
        for (double x = -6; x <= 6; x += 0.25) {
            double h = 1e-5;
            double numeric = (NormalDistribution.cdf(x + h) - NormalDistribution.cdf(x - h)) / (2 * h);
            assertThat(NormalDistribution.pdf(x)).as("x = " + x).isCloseTo(numeric, within(1e-9));
        }
        assertThat(NormalDistribution.pdf(0)).isCloseTo(0.3989422804014327, within(1e-16));
    }
}
