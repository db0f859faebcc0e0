package io.concordia.settlement.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.settlement.model.WaterfallInput;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaterfallLayerTest {

    @ParameterizedTest(name = "{0} is layer {1}")
    @CsvSource({
        "DEFAULTER_MARGIN,       1",
        "DEFAULTER_CONTRIBUTION, 2",
        "SKIN_IN_THE_GAME,       3",
        "MUTUAL_FUND,            4",
        "ASSESSMENTS,            5",
    })
    void shouldStandAtItsPlaceInTheWaterfall(WaterfallLayer layer, int position) {
        assertThat(layer.position()).isEqualTo(position);
    }

    @Test
    void shouldBeAllocatedInTheOrderOfItsPositions() {
        WaterfallResult r = WaterfallCalculator.DEFAULT.allocate(
                WaterfallInput.of("USD", 2, "D", "10", "1", "1", "1", Map.of("A", "1"), "1"));

        assertThat(r.layers())
                .extracting(LayerUse::layer)
                .containsExactlyElementsOf(Arrays.stream(WaterfallLayer.values())
                        .sorted(Comparator.comparingInt(WaterfallLayer::position))
                        .toList());
    }
}
