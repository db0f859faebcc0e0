package io.concordia.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.margin.model.OptionRight;
import io.concordia.margin.option.Black76;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The option chain a replay adds with {@link VenueSimulator#withOptions(OptionSettings)}. */
class OptionReplayTest {

    private static final Instant END = Instant.parse("2026-11-25T12:00:00Z");
    private static final List<String> ACCOUNTS = List.of("ACME-H1", "BETA-H1", "GAMMA-C1");
    private static final Pattern DECIMAL = Pattern.compile("^[0-9]{1,20}(\\.[0-9]{1,18})?$");

    private static VenueSimulator linear(long seed, long trades) {
        return VenueSimulator.bitstamp(VenueSpec.DEFAULTS, ACCOUNTS, SimulationOptions.of(seed, trades, END));
    }

    private static VenueSimulator withOptions(long seed, long trades, OptionSettings settings) {
        return linear(seed, trades).withOptions(settings);
    }

    private static boolean isOption(VenueRecord record) {
        String symbol = record instanceof TradeRecord t ? t.symbol() : ((PriceRecord) record).symbol();
        return symbol.startsWith("BTC-") && !symbol.equals("BTC-PERP");
    }

    @Test
    void shouldGiveTheSameBytesForTheSameArgumentsAndKeepTheLinearRecordsOfAReplayWithoutOptions() {
        List<String> first = withOptions(7, 20_000, OptionSettings.DEFAULTS)
                .records()
                .map(VenueRecord::toJson)
                .toList();
        List<String> again = withOptions(7, 20_000, OptionSettings.DEFAULTS)
                .records()
                .map(VenueRecord::toJson)
                .toList();
        List<VenueRecord> records =
                withOptions(7, 20_000, OptionSettings.DEFAULTS).records().toList();
        List<VenueRecord> otherSeed =
                withOptions(8, 20_000, OptionSettings.DEFAULTS).records().toList();

        assertThat(again).isEqualTo(first);
        assertThat(records.stream()
                        .filter(r -> !isOption(r))
                        .map(VenueRecord::toJson)
                        .toList())
                .isEqualTo(linear(7, 20_000).records().map(VenueRecord::toJson).toList());
        // another seed: other options, venues and counterparties
        assertThat(otherSeed.stream()
                        .filter(OptionReplayTest::isOption)
                        .map(VenueRecord::toJson)
                        .toList())
                .isNotEqualTo(records.stream()
                        .filter(OptionReplayTest::isOption)
                        .map(VenueRecord::toJson)
                        .toList());
    }

    @Test
    void shouldFollowEveryNthTradeWithAnOptionTradeBetweenTwoAccountsOnAnOptionVenue() {
        // given an option trade every 7 trades
        VenueSimulator simulator = withOptions(3, 10_000, OptionSettings.DEFAULTS.withTradeEvery(7));
        OptionChain chain = simulator.optionChain().orElseThrow();
        Set<String> symbols =
                new HashSet<>(chain.options().stream().map(ListedOption::symbol).toList());
        SchemaRules tradeSchema = SchemaRules.load("trade");
        Map<String, Set<String>> idsPerVenue = new HashMap<>();
        Map<String, Integer> optionTradesPerVenue = new HashMap<>();
        Set<Long> quantities = new HashSet<>();
        int linearTrades = 0;
        TradeRecord lastLinear = null;

        // when
        for (VenueRecord record : simulator) {
            if (!(record instanceof TradeRecord trade)) {
                continue;
            }
            if (!isOption(trade)) {
                linearTrades++;
                lastLinear = trade;
                continue;
            }
            // then
            assertThat(linearTrades % 7)
                    .as("option trade after linear trade %d", linearTrades)
                    .isZero();
            assertThat(trade.executedAt()).isEqualTo(lastLinear.executedAt());
            assertThat(tradeSchema.violations(trade.toJson()))
                    .as(trade.toJson())
                    .isEmpty();
            assertThat(trade.venue()).isIn("venue-a", "venue-b");
            assertThat(trade.symbol()).isIn(symbols);
            assertThat(trade.buyer()).isNotEqualTo(trade.seller()).isIn(ACCOUNTS);
            assertThat(trade.seller()).isIn(ACCOUNTS);
            assertThat(trade.quantity().stripTrailingZeros().scale()).isLessThanOrEqualTo(0);
            quantities.add(trade.quantity().longValueExact());
            int n = optionTradesPerVenue.merge(trade.venue(), 1, Integer::sum);
            assertThat(trade.tradeId()).isEqualTo("s3-o" + n);
            assertThat(idsPerVenue
                            .computeIfAbsent(trade.venue(), v -> new HashSet<>())
                            .add(trade.tradeId()))
                    .isTrue();
        }
        assertThat(linearTrades).isEqualTo(10_000);
        assertThat(optionTradesPerVenue.values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(10_000 / 7);
        assertThat(optionTradesPerVenue.get("venue-a")).isBetween(600, 830);
        assertThat(quantities).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void shouldPriceEveryOptionTradeAtBlack76OfItsInputsToTheCent() {
        int checked = 0;
        Set<String> rights = new HashSet<>();
        for (long seed = 1; seed <= 4; seed++) {
            // given replays over the whole price range of the history (770 - 1163 USD)
            VenueSimulator simulator = withOptions(
                    seed,
                    100_000,
                    OptionSettings.DEFAULTS
                            .withTradeEvery(50)
                            .withPriceEvery(0)
                            .withSmile(new VolatilitySmile(0.5 + seed / 10.0, -0.2, 0.8)));
            VolatilitySmile smile = simulator.optionSettings().orElseThrow().smile();
            TradeRecord lastLinear = null;
            for (VenueRecord record : simulator) {
                if (!(record instanceof TradeRecord trade)) {
                    continue;
                }
                if (!isOption(trade)) {
                    lastLinear = trade;
                    continue;
                }
                // then: F the replayed price, sigma the smile's iv at 4 decimals, tau to the expiry at 08:00 UTC
                ListedOption option = ListedOption.parse(trade.symbol());
                double forward = lastLinear.price().doubleValue();
                double x = Math.log(option.strike().doubleValue() / forward);
                double sigma = BigDecimal.valueOf(smile.atm() + smile.skew() * x + smile.curvature() * x * x)
                        .setScale(4, RoundingMode.HALF_EVEN)
                        .doubleValue();
                double tau = Black76.yearsToExpiry(trade.executedAt(), option.expiry());
                BigDecimal expected = BigDecimal.valueOf(Black76.value(
                                option.right(), forward, option.strike().doubleValue(), sigma, tau))
                        .setScale(2, RoundingMode.HALF_EVEN);
                assertThat(trade.price()).as(trade.toJson()).isEqualTo(expected.max(new BigDecimal("0.01")));
                assertThat(tau).isGreaterThan(2.0 / 365);
                rights.add(option.right().name());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4 * 2_000);
        assertThat(rights).containsExactlyInAnyOrder("CALL", "PUT");
    }

    @Test
    void shouldPublishTheMarksOfTheOptionsAVenueHasTradedWithTheirIvAndPutCallParity() {
        // given an option trade every 3 trades and a venue's marks after each of its option trades
        VenueSimulator simulator =
                withOptions(5, 6_000, OptionSettings.DEFAULTS.withTradeEvery(3).withPriceEvery(1));
        List<VenueRecord> records = simulator.records().toList();
        Map<String, Set<String>> tradedPerVenue = new HashMap<>();
        int publications = 0;
        int parities = 0;

        for (int r = 0; r < records.size(); r++) {
            if (!(records.get(r) instanceof TradeRecord trade) || !isOption(trade)) {
                continue;
            }
            tradedPerVenue.computeIfAbsent(trade.venue(), v -> new HashSet<>()).add(trade.symbol());
            BigDecimal forward = lastLinearPrice(records, r);
            // the venue's view of the underlying: its bias of -1.5 bp (venue-a) or +0.5 bp (venue-b)
            BigDecimal venueForward = forward.multiply(
                            trade.venue().equals("venue-a") ? new BigDecimal("0.99985") : new BigDecimal("1.00005"))
                    .setScale(2, RoundingMode.HALF_EVEN);
            List<PriceRecord> marks = new ArrayList<>();
            for (int m = r + 1;
                    m < records.size() && records.get(m) instanceof PriceRecord mark && isOption(mark);
                    m++) {
                marks.add(mark);
            }
            publications++;

            // then: one mark per option the venue has traded, at the trade's time, with the model's price and iv
            assertThat(marks)
                    .extracting(PriceRecord::symbol)
                    .containsExactlyInAnyOrderElementsOf(tradedPerVenue.get(trade.venue()));
            Map<String, BigDecimal> markPrices = new HashMap<>();
            for (PriceRecord mark : marks) {
                ListedOption option = ListedOption.parse(mark.symbol());
                assertThat(mark.venue()).isEqualTo(trade.venue());
                assertThat(mark.at()).isEqualTo(trade.executedAt());
                assertThat(mark.iv()).isEqualTo(VolatilitySmile.DEFAULT.iv(option.strike(), venueForward));
                assertThat(mark.price())
                        .as("%s after %s at F %s", mark.toJson(), trade.toJson(), venueForward)
                        .isEqualTo(option.modelPrice(venueForward, mark.iv(), mark.at()));
                markPrices.put(mark.symbol(), mark.price());
            }
            // put-call parity of futures-style options at zero rates: C - P = F - K, to the cents of rounding
            for (PriceRecord mark : marks) {
                ListedOption option = ListedOption.parse(mark.symbol());
                if (option.right() != OptionRight.CALL) {
                    continue;
                }
                BigDecimal put = markPrices.get(
                        new ListedOption(option.underlying(), option.expiry(), option.strike(), OptionRight.PUT)
                                .symbol());
                if (put != null
                        && put.compareTo(new BigDecimal("0.01")) > 0
                        && mark.price().compareTo(new BigDecimal("0.01")) > 0) {
                    BigDecimal parity = mark.price().subtract(put).subtract(venueForward.subtract(option.strike()));
                    assertThat(parity.abs())
                            .as("%s at %s", mark.symbol(), venueForward)
                            .isLessThanOrEqualTo(new BigDecimal("0.01"));
                    parities++;
                }
            }
        }
        assertThat(publications).isEqualTo(2_000);
        assertThat(parities).isGreaterThan(1_000);
    }

    @Test
    void shouldWriteAnOptionsMarkWithItsIvAfterThePriceAndAsTheMessageSchemaOtherwiseRequires() throws Exception {
        SchemaRules priceSchema = SchemaRules.load("price");
        List<PriceRecord> marks = withOptions(9, 2_000, OptionSettings.DEFAULTS)
                .prices()
                .filter(OptionReplayTest::isOption)
                .toList();

        assertThat(marks).hasSizeGreaterThan(20).allSatisfy(mark -> {
            String json = mark.toJson();
            assertThat(json)
                    .matches("\\{\"venue\":\"venue-[ab]\",\"symbol\":\"BTC-\\d\\dDEC26-\\d+-[CP]\","
                            + "\"price\":\"\\d+\\.\\d\\d\",\"iv\":\"0\\.\\d{4}\",\"at\":\"2026-11-2\\dT[0-9:]+Z\"}");
            // the linear schema's fields, as clearing-api's price.schema.json requires them; iv is a decimal string
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) SchemaRules.MAPPER.readTree(json);
            assertThat(DECIMAL.matcher(node.remove("iv").asText()).matches())
                    .as(json)
                    .isTrue();
            assertThat(priceSchema.violations(node.toString())).as(json).isEmpty();
        });
        assertThat(withOptions(9, 2_000, OptionSettings.DEFAULTS).prices().filter(p -> !isOption(p)))
                .allSatisfy(linear -> assertThat(linear.iv()).isNull())
                .allSatisfy(linear -> assertThat(linear.toJson()).doesNotContain("\"iv\""));
    }

    @Test
    void shouldListTheChainBeforeTheFirstTradeFromTheFirstPriceAndTheLastTradesTime() {
        VenueSimulator simulator = withOptions(1, 1_000, OptionSettings.DEFAULTS);

        OptionChain chain = simulator.optionChain().orElseThrow();
        assertThat(chain)
                .isEqualTo(VenueSimulator.optionChain(
                        HistoricalTrades.bitstamp(), SimulationOptions.of(1, 1_000, END), "BTC"));
        assertThat(chain.expiries())
                .containsExactly(
                        Instant.parse("2026-12-04T08:00:00Z"),
                        Instant.parse("2026-12-11T08:00:00Z"),
                        Instant.parse("2026-12-18T08:00:00Z"));
        assertThat(new LinkedHashSet<>(chain.strikes())).hasSize(9);
        assertThat(linear(1, 1_000).optionChain()).isEmpty();
    }

    @Test
    void shouldRefuseOptionVenuesThatAreNotVenues() {
        assertThatThrownBy(() -> withOptions(
                        1, 10, OptionSettings.DEFAULTS.withVenues(OptionVenue.parseList("venue-a:1,venue-z:0.1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option venue venue-z must be one of the venues: venue-a, venue-b, venue-c");
        assertThatThrownBy(() -> OptionSettings.DEFAULTS.withTradeEvery(0))
                .hasMessageContaining("tradeEvery must be >= 1");
        assertThatThrownBy(() -> OptionSettings.DEFAULTS.withUnderlying("btc")).hasMessageContaining("underlying");
    }

    private static BigDecimal lastLinearPrice(List<VenueRecord> records, int before) {
        for (int r = before - 1; r >= 0; r--) {
            if (records.get(r) instanceof TradeRecord trade && !isOption(trade)) {
                return trade.price();
            }
        }
        throw new AssertionError("no linear trade before record " + before);
    }
}
