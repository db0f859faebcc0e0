package io.concordia.margin.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrafficLightTest {

    @Test
    void shouldReproduceTheBaselZonesAt250Days() {
        for (int x = 0; x <= 4; x++) {
            assertThat(TrafficLight.of(x, 250, 0.99)).as("%d exceedances", x).isEqualTo(TrafficLight.GREEN);
        }
        for (int x = 5; x <= 9; x++) {
            assertThat(TrafficLight.of(x, 250, 0.99)).as("%d exceedances", x).isEqualTo(TrafficLight.YELLOW);
        }
        for (int x = 10; x <= 250; x++) {
            assertThat(TrafficLight.of(x, 250, 0.99)).as("%d exceedances", x).isEqualTo(TrafficLight.RED);
        }
    }

    @Test
    void shouldUseTheSameCumulativeThresholdsAtOtherConfidences() {
        // n = 250, p = 0.025: P(X <= 10) = 0.94846 (< 95%: green), P(X <= 11) = 0.97530 (yellow);
        // P(X <= 16) = 0.99978 (< 99.99%: yellow), P(X <= 17) = 0.99993 (red).
        assertThat(TrafficLight.of(10, 250, 0.975)).isEqualTo(TrafficLight.GREEN);
        assertThat(TrafficLight.of(11, 250, 0.975)).isEqualTo(TrafficLight.YELLOW);
        assertThat(TrafficLight.of(16, 250, 0.975)).isEqualTo(TrafficLight.YELLOW);
        assertThat(TrafficLight.of(17, 250, 0.975)).isEqualTo(TrafficLight.RED);
    }

    @Test
    void shouldKeepAShortCleanRecordGreenAndJudgeItsFirstExceedances() {
        for (int n = 1; n <= 10; n++) {
            assertThat(TrafficLight.of(0, n, 0.99))
                    .as("no exceedance in %d days", n)
                    .isEqualTo(TrafficLight.GREEN);
        }
        // n = 1: P(X <= 1) = 1, red; n = 20: P(X <= 1) = 0.99^20 + 20 x 0.01 x 0.99^19 = 0.98314, yellow
        assertThat(TrafficLight.of(1, 1, 0.99)).isEqualTo(TrafficLight.RED);
        assertThat(TrafficLight.of(1, 20, 0.99)).isEqualTo(TrafficLight.YELLOW);
    }

    @Test
    void shouldRefuseImpossibleCounts() {
        assertThatThrownBy(() -> TrafficLight.of(5, 4, 0.99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficLight.of(0, 0, 0.99)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficLight.of(0, 10, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
