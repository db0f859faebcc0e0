package io.concordia.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VenueSimulatorTest {

    private static final Instant END = Instant.parse("2026-11-25T12:00:00.123Z");
    private static final List<String> ACCOUNTS = List.of("ACME-H1", "BETA-H1", "GAMMA-C1");

    private static VenueSimulator simulator(long seed, long trades) {
        return VenueSimulator.bitstamp(VenueSpec.DEFAULTS, ACCOUNTS, SimulationOptions.of(seed, trades, END));
    }

    @Test
    void shouldReplayTheWholeHistoryAsRecordsThatFollowTheMessageSchemas() {
        // given
        SchemaRules tradeSchema = SchemaRules.load("trade");
        SchemaRules priceSchema = SchemaRules.load("price");
        Map<String, Set<String>> idsPerVenue = new TreeMap<>();
        long trades = 0;
        long prices = 0;

        // when
        for (VenueRecord record : simulator(7, SimulationOptions.HISTORY_TRADES)) {
            String json = record.toJson();
            // then
            if (record instanceof TradeRecord trade) {
                trades++;
                assertThat(tradeSchema.violations(json)).as(json).isEmpty();
                assertThat(trade.topic()).isEqualTo("trades." + trade.venue());
                assertThat(trade.key()).isEqualTo(trade.tradeId());
                assertThat(trade.buyer()).isNotEqualTo(trade.seller());
                assertThat(trade.quantity().signum()).isPositive();
                assertThat(trade.quantity().stripTrailingZeros().scale())
                        .as(json)
                        .isLessThanOrEqualTo(0);
                assertThat(trade.price().signum()).isPositive();
                assertThat(trade.executedAt()).isBeforeOrEqualTo(END);
                assertThat(idsPerVenue
                                .computeIfAbsent(trade.venue(), v -> new HashSet<>())
                                .add(trade.tradeId()))
                        .as("unique id %s on %s", trade.tradeId(), trade.venue())
                        .isTrue();
            } else {
                prices++;
                assertThat(priceSchema.violations(json)).as(json).isEmpty();
                assertThat(record.key()).isEqualTo(((PriceRecord) record).symbol());
                assertThat(record.topic()).isEqualTo("prices." + record.venue());
            }
        }
        assertThat(trades).isEqualTo(100_000);
        assertThat(idsPerVenue).containsOnlyKeys("venue-a", "venue-b", "venue-c");
        assertThat(idsPerVenue.values()).extracting(Set::size).containsExactly(33_334, 33_333, 33_333);
        // each venue: after its trade 1, 101, 201, ...
        assertThat(prices).isEqualTo(334 + 334 + 334);
    }

    @Test
    void shouldWriteTheSchemaFieldsAsStrings() throws Exception {
        TradeRecord first = simulator(7, 1).trades().findFirst().orElseThrow();

        var node = SchemaRules.MAPPER.readTree(first.toJson());

        assertThat(node.get("venue").asText()).isEqualTo("venue-a");
        assertThat(node.get("tradeId").asText()).isEqualTo("s7-1");
        assertThat(node.get("symbol").asText()).isEqualTo("XBTUSD");
        assertThat(node.get("price").isTextual()).isTrue();
        assertThat(node.get("price").asText()).isEqualTo("800.01");
        assertThat(node.get("quantity").asText()).isEqualTo("100");
        assertThat(node.get("executedAt").asText()).isEqualTo("2026-11-25T12:00:00.123Z");
        assertThat(node.size()).isEqualTo(8);
    }

    @Test
    void shouldConvertHistoricalAmountsToWholeContractsOfTheVenue() {
        // given the first three rows: 0.1, 0.27838049 and 0.27436926 BTC, on venue-a (0.001), -b (0.01), -c (1)
        List<TradeRecord> trades = simulator(1, 3).trades().toList();

        assertThat(trades).extracting(TradeRecord::venue).containsExactly("venue-a", "venue-b", "venue-c");
        assertThat(trades).extracting(t -> t.quantity().toPlainString()).containsExactly("100", "28", "1");
        assertThat(trades).extracting(t -> t.price().toPlainString()).containsExactly("800.01", "800.05", "800.05");
    }

    @Test
    void shouldRoundHalfUpAndNeverGoBelowOneContract() {
        assertThat(VenueSimulator.contracts(0, 100_000)).isEqualTo(1);
        assertThat(VenueSimulator.contracts(49_999, 100_000)).isEqualTo(1);
        assertThat(VenueSimulator.contracts(149_999, 100_000)).isEqualTo(1);
        assertThat(VenueSimulator.contracts(150_000, 100_000)).isEqualTo(2);
        assertThat(VenueSimulator.contracts(93_850_663_268L, 1)).isEqualTo(93_850_663_268L);
    }

    @Test
    void shouldAssignTradesByWeight() {
        List<VenueSpec> venues =
                List.of(VenueSpec.parse("venue-a:XBTUSD:0.001:3"), VenueSpec.parse("venue-b:BTC-PERP:0.01"));

        List<String> assigned = VenueSimulator.bitstamp(venues, ACCOUNTS, SimulationOptions.of(1, 8, END))
                .trades()
                .map(TradeRecord::venue)
                .toList();

        assertThat(assigned)
                .containsExactly(
                        "venue-a", "venue-a", "venue-b", "venue-a", "venue-a", "venue-a", "venue-b", "venue-a");
    }

    @Test
    void shouldGiveTheSameRecordsForTheSameSeedAndOtherAccountsForAnotherSeed() {
        List<String> first =
                simulator(7, 5_000).records().map(VenueRecord::toJson).toList();
        List<String> again =
                simulator(7, 5_000).records().map(VenueRecord::toJson).toList();
        List<TradeRecord> seven = simulator(7, 5_000).trades().toList();
        List<TradeRecord> eight = simulator(8, 5_000).trades().toList();

        assertThat(again).isEqualTo(first);
        // the same history: prices, quantities, venues and times agree, the counterparties and ids do not
        assertThat(eight)
                .extracting(TradeRecord::price, TradeRecord::quantity, TradeRecord::venue, TradeRecord::executedAt)
                .isEqualTo(seven.stream()
                        .map(t ->
                                org.assertj.core.groups.Tuple.tuple(t.price(), t.quantity(), t.venue(), t.executedAt()))
                        .toList());
        long sameCounterparties = java.util.stream.IntStream.range(0, seven.size())
                .filter(i -> seven.get(i).buyer().equals(eight.get(i).buyer())
                        && seven.get(i).seller().equals(eight.get(i).seller()))
                .count();
        assertThat(sameCounterparties).isBetween(500L, 1_300L); // about 1 in 6 by chance with 3 accounts
        assertThat(eight.get(0).tradeId()).isEqualTo("s8-1");
    }

    @Test
    void shouldDrawEveryOrderedPairOfAccountsAboutEquallyOften() {
        Map<String, Long> pairs = simulator(3, 60_000)
                .trades()
                .collect(Collectors.groupingBy(t -> t.buyer() + ">" + t.seller(), Collectors.counting()));

        assertThat(pairs).hasSize(6);
        assertThat(pairs.values()).allSatisfy(n -> assertThat(n).isBetween(9_500L, 10_500L));
    }

    @Test
    void shouldCycleThroughTheHistoryWithFreshIdsAndContinuingTimes() {
        // given 2.5 times the history
        VenueSimulator simulator = simulator(5, 250_000);
        Map<String, Set<String>> idsPerVenue = new HashMap<>();
        List<TradeRecord> boundary = new ArrayList<>();
        Instant previous = Instant.MIN;
        long count = 0;

        // when
        for (TradeRecord trade : (Iterable<TradeRecord>) simulator.trades()::iterator) {
            assertThat(idsPerVenue
                            .computeIfAbsent(trade.venue(), v -> new HashSet<>())
                            .add(trade.tradeId()))
                    .as("id %s on %s", trade.tradeId(), trade.venue())
                    .isTrue();
            assertThat(trade.executedAt()).isAfterOrEqualTo(previous);
            previous = trade.executedAt();
            if (count == 99_999 || count == 100_000) {
                boundary.add(trade);
            }
            count++;
        }

        // then
        assertThat(count).isEqualTo(250_000);
        assertThat(idsPerVenue.values().stream().mapToInt(Set::size).sum()).isEqualTo(250_000);
        assertThat(previous).isEqualTo(END);
        assertThat(boundary.get(1).price()).isEqualByComparingTo("800.01");
        assertThat(boundary.get(1).executedAt())
                .isEqualTo(boundary.get(0).executedAt().plusSeconds(1));
    }

    @Test
    void shouldPublishAVenuesMarkAfterItsFirstAndEveryKthTradeCloseToItsLastPrice() {
        VenueSimulator simulator = VenueSimulator.bitstamp(
                VenueSpec.DEFAULTS,
                ACCOUNTS,
                SimulationOptions.of(11, 3_000, END).withPriceEvery(10));
        List<VenueRecord> records = simulator.records().toList();

        Map<String, Integer> pricesPerVenue = new HashMap<>();
        Set<BigDecimal> deviations = new HashSet<>();
        for (int r = 0; r < records.size(); r++) {
            if (records.get(r) instanceof PriceRecord price) {
                TradeRecord trade = (TradeRecord) records.get(r - 1);
                assertThat(price.venue()).isEqualTo(trade.venue());
                assertThat(price.symbol()).isEqualTo(trade.symbol());
                assertThat(price.at()).isEqualTo(trade.executedAt());
                BigDecimal deviation =
                        price.price().subtract(trade.price()).divide(trade.price(), MathContext.DECIMAL64);
                assertThat(deviation.abs()).isLessThanOrEqualTo(new BigDecimal("0.00031"));
                deviations.add(price.price().subtract(trade.price()));
                pricesPerVenue.merge(price.venue(), 1, Integer::sum);
            }
        }
        // 1,000 trades per venue: after trades 1, 11, ..., 991
        assertThat(pricesPerVenue)
                .containsOnly(Map.entry("venue-a", 100), Map.entry("venue-b", 100), Map.entry("venue-c", 100));
        assertThat(deviations).hasSizeGreaterThan(5);
        assertThat(simulator.prices().map(PriceRecord::toJson).toList())
                .isEqualTo(records.stream()
                        .filter(PriceRecord.class::isInstance)
                        .map(VenueRecord::toJson)
                        .toList());
    }

    @Test
    void shouldPublishNoPricesWhenPriceEveryIsZero() {
        assertThat(VenueSimulator.bitstamp(
                                VenueSpec.DEFAULTS,
                                ACCOUNTS,
                                SimulationOptions.of(1, 500, END).withPriceEvery(0))
                        .prices()
                        .count())
                .isZero();
    }

    @Test
    void shouldShiftTimesAsAsked() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<TradeRecord> historical = VenueSimulator.bitstamp(
                        VenueSpec.DEFAULTS,
                        ACCOUNTS,
                        SimulationOptions.of(1, 100_000, END).withTimeShift(TimeShift.historical()))
                .trades()
                .toList();
        List<TradeRecord> fromStart = VenueSimulator.bitstamp(
                        VenueSpec.DEFAULTS,
                        ACCOUNTS,
                        SimulationOptions.of(1, 10, END).withTimeShift(TimeShift.startingAt(start)))
                .trades()
                .toList();
        List<TradeRecord> toEnd = simulator(1, 10).trades().toList();

        assertThat(historical.get(0).executedAt()).isEqualTo("2013-11-25T00:00:00Z");
        assertThat(historical.get(99_999).executedAt()).isEqualTo("2013-12-01T16:02:05Z");
        assertThat(fromStart.get(0).executedAt()).isEqualTo(start);
        assertThat(fromStart.get(1).executedAt()).isEqualTo(start.plusSeconds(13));
        assertThat(toEnd.get(9).executedAt()).isEqualTo(END);
        assertThat(toEnd.get(0).executedAt())
                .isEqualTo(END.minusSeconds(historical.get(9).executedAt().getEpochSecond()
                        - historical.get(0).executedAt().getEpochSecond()));
    }

    @Test
    void shouldUseTheGivenIdPrefix() {
        assertThat(VenueSimulator.bitstamp(
                                VenueSpec.DEFAULTS,
                                ACCOUNTS,
                                SimulationOptions.of(1, 4, END).withIdPrefix(""))
                        .trades()
                        .map(TradeRecord::tradeId))
                .containsExactly("1", "1", "1", "2");
        assertThat(VenueSimulator.bitstamp(
                                VenueSpec.DEFAULTS,
                                ACCOUNTS,
                                SimulationOptions.of(1, 1, END).withIdPrefix("run42-"))
                        .trades()
                        .map(TradeRecord::tradeId))
                .containsExactly("run42-1");
    }

    @Test
    void shouldRefuseInvalidArgumentsNamingThem() {
        SimulationOptions options = SimulationOptions.of(1, 1, END);
        assertThatThrownBy(() -> VenueSimulator.bitstamp(VenueSpec.DEFAULTS, List.of("ACME-H1"), options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accounts");
        assertThatThrownBy(() -> VenueSimulator.bitstamp(VenueSpec.DEFAULTS, List.of("A", "A"), options))
                .hasMessageContaining("accounts must be distinct: A");
        assertThatThrownBy(() -> VenueSimulator.bitstamp(
                        List.of(VenueSpec.parse("v:X:1"), VenueSpec.parse("v:Y:1")), ACCOUNTS, options))
                .hasMessageContaining("venue codes must be distinct: v");
        assertThatThrownBy(() -> VenueSpec.parse("venue-a:XBTUSD:0.000000001"))
                .hasMessageContaining("whole number of satoshis");
        assertThatThrownBy(() -> VenueSpec.parse("Venue-A:XBTUSD:1")).hasMessageContaining("code");
        assertThatThrownBy(() -> VenueSpec.parse("venue-a:XBTUSD")).hasMessageContaining("code:symbol:contractSize");
        assertThatThrownBy(() -> options.withTrades(-1)).hasMessageContaining("trades must be >= 0: -1");
        assertThatThrownBy(() -> new TradeRecord("v", "1", "X", BigDecimal.ONE, BigDecimal.ONE, "A", "A", END))
                .hasMessageContaining("buyer and seller must differ: A");
        assertThatThrownBy(() -> new TradeRecord("v", "1", "X", BigDecimal.ONE, BigDecimal.ZERO, "A", "B", END))
                .hasMessageContaining("quantity must be > 0: 0");
    }

    @Test
    void shouldParseAndPrintVenueLists() {
        List<VenueSpec> venues = VenueSpec.parseList(VenueSpec.DEFAULTS_TEXT);

        assertThat(venues).isEqualTo(VenueSpec.DEFAULTS);
        assertThat(venues)
                .extracting(VenueSpec::toText)
                .containsExactly("venue-a:XBTUSD:0.001", "venue-b:BTC-PERP:0.01", "venue-c:BTCUSDT:1");
        assertThat(VenueSpec.parse("venue-c:BTCUSDT:1:2").weight()).isEqualTo(2);
        assertThat(VenueSpec.DEFAULTS)
                .extracting(VenueSpec::contractSizeSatoshis)
                .containsExactly(100_000L, 1_000_000L, 100_000_000L);
    }
}
