package io.concordia.clearing.margin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StoredBucketNamesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldShowABucketStoredUnderTheOldSpellingUnderTheContractsName() throws Exception {
        String stored =
                "[{\"product\":\"BTC-PERP\",\"unrealisedPnl\":\"0.25\"},{\"product\":\"ETH-PERP\",\"unrealizedPnl\":\"-1\"}]";

        String shown = json.writeValueAsString(MarginService.usNames(json.readTree(stored)));

        assertThat(shown)
                .isEqualTo(
                        "[{\"product\":\"BTC-PERP\",\"unrealizedPnl\":\"0.25\"},{\"product\":\"ETH-PERP\",\"unrealizedPnl\":\"-1\"}]");
    }
}
