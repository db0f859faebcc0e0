package io.concordia.margin.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CoverageTestTest {

    private static boolean[] series(int... days) {
        boolean[] out = new boolean[days.length];
        for (int i = 0; i < days.length; i++) {
            out[i] = days[i] == 1;
        }
        return out;
    }

    private static boolean[] exceedancesAt(int n, int... at) {
        boolean[] out = new boolean[n];
        for (int t : at) {
            out[t] = true;
        }
        return out;
    }

    @Test
    void shouldComputeKupiecByHand() {
        // n = 250, x = 5, p = 0.01, observed rate 5/250 = 0.02:
        // under the null  245 ln 0.99 + 5 ln 0.01 = 245 (-0.0100503359) + 5 (-4.6051701860) = -25.4881832
        // under observed  245 ln 0.98 + 5 ln 0.02 = 245 (-0.0202027073) + 5 (-3.9120230054) = -24.5097783
        // LR = 2 (-24.5097783 + 25.4881832) = 1.9568098; p = erfc(sqrt(1.9568098 / 2)) = 0.1618549
        CoverageTest test = CoverageTest.of(exceedancesAt(250, 10, 60, 110, 160, 210), 0.99);
        assertThat(test.observations()).isEqualTo(250);
        assertThat(test.exceedances()).isEqualTo(5);
        assertThat(test.expected()).isCloseTo(2.5, within(1e-12));
        assertThat(test.kupiecLr()).isCloseTo(1.956809788230622, within(1e-9));
        assertThat(test.kupiecP()).isCloseTo(0.1618549171960387, within(1e-9));
    }

    @Test
    void shouldComputeKupiecWithNoExceedanceAsZeroLogZero() {
        // x = 0: the observed term is 250 ln 1 + 0 ln 0 = 0, so LR = -2 (250 ln 0.99) = 5.0251679; p = 0.0249815
        CoverageTest test = CoverageTest.of(new boolean[250], 0.99);
        assertThat(test.kupiecLr()).isCloseTo(5.025167926750726, within(1e-9));
        assertThat(test.kupiecP()).isCloseTo(0.02498150305344973, within(1e-9));
        assertThat(test.christoffersenLr()).isEqualTo(0.0);
        assertThat(test.christoffersenP()).isEqualTo(1.0);
    }

    @Test
    void shouldComputeChristoffersenByHand() {
        // 0 0 1 1 1 0 0 0 0 1: transitions n00 = 4, n01 = 2, n10 = 1, n11 = 2;
        // pi01 = 2/6 = 1/3, pi11 = 2/3, pi = 4/9.
        // Markov:  4 ln(2/3) + 2 ln(1/3) + 1 ln(1/3) + 2 ln(2/3) = 6 ln(2/3) + 3 ln(1/3) = -5.7287620
        // null:    (4 + 1) ln(5/9) + (2 + 2) ln(4/9) = -6.1827887
        // LR = 2 (-5.7287620 + 6.1827887) = 0.9080533; p = 0.3406315
        CoverageTest test = CoverageTest.of(series(0, 0, 1, 1, 1, 0, 0, 0, 0, 1), 0.99);
        assertThat(test.christoffersenLr()).isCloseTo(0.9080533494451881, within(1e-9));
        assertThat(test.christoffersenP()).isCloseTo(0.34063145049126603, within(1e-9));
    }

    @Test
    void shouldComputeChristoffersenWithAnEmptyTransitionAsZeroLogZero() {
        // 1 0 0 1: n00 = 1, n01 = 1, n10 = 1, n11 = 0; pi01 = 1/2, pi11 = 0/1 = 0, pi = 1/3.
        // Markov: 1 ln(1/2) + 1 ln(1/2) + 1 ln(1) + 0 ln(0) = 2 ln(1/2) (0 ln 0 = 0)
        // null:   2 ln(2/3) + 1 ln(1/3)
        // LR = 2 (2 ln 0.5 - 2 ln(2/3) - ln(1/3)) = 1.0464963
        CoverageTest test = CoverageTest.of(series(1, 0, 0, 1), 0.99);
        assertThat(test.christoffersenLr()).isCloseTo(1.0464962875290962, within(1e-9));
        assertThat(test.christoffersenP()).isCloseTo(0.3063154055027336, within(1e-9));
    }

    @Test
    void shouldGiveFiniteStatisticsWhenEveryDayExceeds() {
        // x = n: Kupiec's observed term is 0 ln 0 + n ln 1 = 0, LR = -2 n ln p; Christoffersen: only n11, LR = 0.
        CoverageTest test = CoverageTest.of(series(1, 1, 1), 0.99);
        assertThat(test.kupiecLr()).isCloseTo(-2 * 3 * Math.log(0.01), within(1e-12));
        assertThat(test.christoffersenLr()).isEqualTo(0.0);
        assertThat(test.zoneLast250()).isEqualTo(TrafficLight.RED);
    }

    @Test
    void shouldZoneTheLast250DaysAndTheWorstWindow() {
        // 10 exceedances in days 0..99, then 4 in the last 250 days: worst window red, last window green.
        boolean[] days = new boolean[600];
        for (int t = 0; t < 10; t++) {
            days[t * 10] = true;
        }
        for (int t = 0; t < 4; t++) {
            days[400 + t * 50] = true;
        }
        CoverageTest test = CoverageTest.of(days, 0.99);
        assertThat(test.exceedances()).isEqualTo(14);
        assertThat(test.zoneLast250()).isEqualTo(TrafficLight.GREEN);
        assertThat(test.worstZone250()).isEqualTo(TrafficLight.RED);
        // a fifth exceedance in the last window turns it yellow
        days[599] = true;
        assertThat(CoverageTest.of(days, 0.99).zoneLast250()).isEqualTo(TrafficLight.YELLOW);
    }

    @Test
    void shouldRefuseAnEmptySeries() {
        assertThatThrownBy(() -> CoverageTest.of(new boolean[0], 0.99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CoverageTest.of(new boolean[3], 0.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
