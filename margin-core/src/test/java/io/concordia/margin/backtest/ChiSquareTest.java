package io.concordia.margin.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTest {

    @Test
    void shouldGiveTheTableCriticalValuesOfOneDegreeOfFreedom() {
        // Table values of chi-square(1): 3.841 at 5%, 6.635 at 1%, 10.828 at 0.1% (rounded to 3 decimals, hence the
        // tolerance of the last digit).
        assertThat(ChiSquare.oneDofSurvival(3.841)).isCloseTo(0.05, within(1e-4));
        assertThat(ChiSquare.oneDofSurvival(6.635)).isCloseTo(0.01, within(1e-5));
        assertThat(ChiSquare.oneDofSurvival(10.828)).isCloseTo(0.001, within(1e-6));
    }

    @Test
    void shouldBeTheTwoSidedNormalTail() {
        // X = Z^2: P(X > 1.96^2) = P(|Z| > 1.96) = 2 (1 - N(1.96)) = 0.0499957902...
        assertThat(ChiSquare.oneDofSurvival(1.96 * 1.96)).isCloseTo(0.04999579029644087, within(1e-14));
    }

    @Test
    void shouldGiveOneAtZeroAndRefuseNaN() {
        assertThat(ChiSquare.oneDofSurvival(0.0)).isEqualTo(1.0);
        assertThat(ChiSquare.oneDofSurvival(-1e-12)).isEqualTo(1.0);
        assertThat(ChiSquare.oneDofSurvival(1e4)).isEqualTo(0.0);
        assertThatThrownBy(() -> ChiSquare.oneDofSurvival(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
