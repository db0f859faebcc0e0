package io.concordia.margin.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.replication.PriceHistoryCsv;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Version 1.0's lenient reader of daily closes, kept for sets stored under 1.0 (1.1's checks: {@link PriceHistoryChecksTest}). */
class PriceHistoryCsvTest {

    @Test
    void shouldReadRowsInAnyOrderIntoAnAlignedHistory() {
        PriceHistory h = PriceHistoryCsv.readVersion10("date,underlying,close\n2026-11-02,BTC,101\n2026-11-01,BTC,100\n"
                + "2026-11-01,ETH,10\n2026-11-02,ETH,11\n2026-11-03,ETH,12\n2026-11-03,BTC,102.5\n");

        assertThat(h.dates())
                .containsExactly(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3));
        assertThat(h.closesOf(UnderlyingId.of("BTC"))).containsExactly(100, 101, 102.5);
        assertThat(h.closesOf(UnderlyingId.of("ETH"))).containsExactly(10, 11, 12);
    }

    @Test
    void shouldNameTheLineOfABadRow() {
        assertThatThrownBy(() -> PriceHistoryCsv.readVersion10("date,underlying,close\n2026-11-01,BTC,abc\n"))
                .hasMessageContaining("line 2: cannot parse 2026-11-01,BTC,abc");
        assertThatThrownBy(() ->
                        PriceHistoryCsv.readVersion10("date,underlying,close\n2026-11-01,BTC,1\n2026-11-01,BTC,2\n"))
                .hasMessageContaining("line 3: duplicate close for BTC on 2026-11-01");
        assertThatThrownBy(() -> PriceHistoryCsv.readVersion10("day,asset,price\n"))
                .hasMessageContaining("line 1: header must be date,underlying,close");
    }

    @Test
    void shouldRejectMisalignedUnderlyingsAndGaps() {
        assertThatThrownBy(() -> PriceHistoryCsv.readVersion10(
                        "date,underlying,close\n2026-11-01,BTC,1\n2026-11-02,BTC,2\n2026-11-02,ETH,2\n"))
                .hasMessageContaining("misaligned dates");
        assertThatThrownBy(() ->
                        PriceHistoryCsv.readVersion10("date,underlying,close\n2026-11-01,BTC,1\n2026-11-03,BTC,2\n"))
                .hasMessageContaining("gap in dates of BTC: 1 missing day(s) between 2026-11-01 and 2026-11-03");
        assertThatThrownBy(() ->
                        PriceHistoryCsv.readVersion10("date,underlying,close\n2026-11-01,BTC,1\n2026-11-02,BTC,-2\n"))
                .hasMessageContaining("close of BTC on 2026-11-02 must be a finite price > 0, got: -2.0");
    }
}
