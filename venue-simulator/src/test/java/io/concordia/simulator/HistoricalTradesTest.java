package io.concordia.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoricalTradesTest {

    @Test
    void shouldParseTheBitstampFileIntoExactly100000Trades() {
        // when
        HistoricalTrades history = HistoricalTrades.bitstamp();

        // then: the first and last rows of bitstamp_trades_from_20131125_usd.csv
        assertThat(history.size()).isEqualTo(100_000);
        assertThat(Instant.ofEpochSecond(history.epochSecond(0))).isEqualTo("2013-11-25T00:00:00Z");
        assertThat(history.price(0)).isEqualByComparingTo("800.01");
        assertThat(history.amount(0)).isEqualByComparingTo("0.1");
        assertThat(Instant.ofEpochSecond(history.epochSecond(99_999))).isEqualTo("2013-12-01T16:02:05Z");
        assertThat(history.price(99_999)).isEqualByComparingTo("999.00");
        assertThat(history.amount(99_999)).isEqualByComparingTo("1.2926331");
        assertThat(history.spanSeconds()).isEqualTo(1385913725L - 1385337600L);
    }

    @Test
    void shouldHoldTheHistorysRangeInOrder() {
        HistoricalTrades history = HistoricalTrades.bitstamp();

        long minPrice = Long.MAX_VALUE;
        long maxPrice = 0;
        int zeroAmounts = 0;
        for (int i = 0; i < history.size(); i++) {
            minPrice = Math.min(minPrice, history.priceCents(i));
            maxPrice = Math.max(maxPrice, history.priceCents(i));
            zeroAmounts += history.amountSatoshis(i) == 0 ? 1 : 0;
            if (i > 0) {
                assertThat(history.epochSecond(i)).isGreaterThanOrEqualTo(history.epochSecond(i - 1));
            }
        }
        assertThat(minPrice).isEqualTo(77_010);
        assertThat(maxPrice).isEqualTo(116_300);
        assertThat(zeroAmounts).isEqualTo(18);
    }

    @Test
    void shouldLoadTheHistoryOnceAndShareIt() {
        assertThat(HistoricalTrades.bitstamp()).isSameAs(HistoricalTrades.bitstamp());
    }

    @Test
    void shouldReadCrLfFilesAndRejectRowsThatAreNotWholeCentsAndSatoshis() throws Exception {
        HistoricalTrades small = HistoricalTrades.read(
                new StringReader("timestamp,price,amount\r\n1,800.010000,0.00000001\r\n2,801.5,2\r\n"), "small");
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.price(1)).isEqualTo(new BigDecimal("801.50"));
        assertThat(small.amountSatoshis(0)).isEqualTo(1);

        assertThatThrownBy(
                        () -> HistoricalTrades.read(new StringReader("timestamp,price,amount\n1,800.001,1\n"), "bad"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad line 2");
        assertThatThrownBy(() -> HistoricalTrades.read(
                        new StringReader("timestamp,price,amount\n2,800,1\n1,800,1\n"), "unordered"))
                .hasMessageContaining("timestamps must not decrease");
        assertThatThrownBy(() -> HistoricalTrades.read(new StringReader("a,b,c\n"), "header"))
                .hasMessageContaining("expected the header");
    }
}
