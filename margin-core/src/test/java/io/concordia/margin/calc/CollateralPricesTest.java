package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollateralPricesTest {

    @ParameterizedTest(name = "{0} with mark {1} is priced {2}")
    @CsvSource(
            nullValues = "none",
            value = {
                // asset, mark,     USD price
                "USD,     none,     1",
                "USDC,    none,     1",
                "USDT,    none,     1",
                "USDC,    0.9712,   1",
                "USDT,    1.0031,   1",
                "BTC,     64250.5,  64250.5",
                "ETH,     3001.25,  3001.25",
                "BTC,     none,     none",
                "EUR,     none,     none",
            })
    void shouldPriceParAssetsAtOneAndOthersAtTheirMark(String asset, BigDecimal mark, BigDecimal expected) {
        BigDecimal price = CollateralPrices.usdPrice(AssetCode.of(asset), mark);

        if (expected == null) {
            assertThat(price).isNull();
        } else {
            assertThat(price).isEqualByComparingTo(expected);
        }
    }

    @Test
    void shouldHoldExactlyUsdAndTheUsdStablecoinsAtPar() {
        assertThat(CollateralPrices.PAR_ASSETS)
                .containsExactlyInAnyOrder(AssetCode.of("USD"), AssetCode.of("USDC"), AssetCode.of("USDT"));
        assertThat(CollateralPrices.isPar(AssetCode.of("DAI"))).isFalse();
    }

    @Test
    void shouldRefuseANullAsset() {
        assertThatThrownBy(() -> CollateralPrices.isPar(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asset");
    }
}
