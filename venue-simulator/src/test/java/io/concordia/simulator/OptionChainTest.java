package io.concordia.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.margin.model.OptionRight;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionChainTest {

    private static final Instant WEDNESDAY_NOON = Instant.parse("2026-11-25T12:00:00Z");

    @ParameterizedTest(name = "last trade {0}: first expiry {1}")
    @CsvSource({
        "2026-11-25T12:00:00Z, 2026-12-04T08:00:00Z", // Wednesday noon: Friday 27 Nov is less than 2 days away
        "2026-11-25T08:00:00Z, 2026-11-27T08:00:00Z", // exactly 2 days before a Friday 08:00
        "2026-11-25T08:00:01Z, 2026-12-04T08:00:00Z",
        "2026-11-27T09:00:00Z, 2026-12-04T08:00:00Z", // a Friday, after its expiry time
        "2013-12-01T16:02:05Z, 2013-12-06T08:00:00Z"
    }) // the Bitstamp history's last trade
    void shouldListThreeWeeklyExpiriesOnFridaysAtLeastTwoDaysAfterTheLastTrade(Instant lastTrade, Instant first) {
        List<Instant> expiries = OptionChain.expiries(lastTrade);

        assertThat(expiries).containsExactly(first, first.plus(Duration.ofDays(7)), first.plus(Duration.ofDays(14)));
        assertThat(expiries).allSatisfy(expiry -> {
            assertThat(expiry.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
            assertThat(expiry).isAfterOrEqualTo(lastTrade.plus(Duration.ofDays(2)));
        });
    }

    @ParameterizedTest(name = "price {0}: step {1}")
    @CsvSource({
        "800.01, 50", // 5 % = 40: 50 is nearer than 25 by ratio
        "1163.00, 50",
        "100, 5",
        "20, 1",
        "3.10, 1", // never below 1 USD: strikes stay whole numbers
        "30000, 2000",
        "60000, 2500",
        "97000, 5000"
    })
    void shouldStepStrikesByTheRoundNumberNearestToFivePercentOfThePrice(BigDecimal price, BigDecimal step) {
        assertThat(OptionChain.strikeStep(price)).isEqualByComparingTo(step);
    }

    @Test
    void shouldListACallAndAPutAtNineStrikesAroundTheFirstPriceForEveryExpiry() {
        OptionChain chain = OptionChain.of("BTC", new BigDecimal("800.01"), WEDNESDAY_NOON);

        assertThat(chain.strikes())
                .extracting(BigDecimal::toPlainString)
                .containsExactly("600", "650", "700", "750", "800", "850", "900", "950", "1000");
        assertThat(chain.options()).hasSize(3 * 9 * 2).doesNotHaveDuplicates();
        assertThat(chain.options().subList(0, 4))
                .extracting(ListedOption::symbol)
                .containsExactly("BTC-04DEC26-600-C", "BTC-04DEC26-600-P", "BTC-04DEC26-650-C", "BTC-04DEC26-650-P");
        assertThat(chain.options().get(53).symbol()).isEqualTo("BTC-18DEC26-1000-P");
        assertThat(OptionChain.strikes(new BigDecimal("3.10")))
                .extracting(BigDecimal::intValue)
                .containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void shouldNameOptionsTheDeribitWayAndParseTheSymbolsBackToTheirTerms() {
        OptionChain chain = OptionChain.of("ETH", new BigDecimal("3012.40"), Instant.parse("2027-02-22T00:00:00Z"));

        for (ListedOption option : chain.options()) {
            assertThat(ListedOption.parse(option.symbol())).as(option.symbol()).isEqualTo(option);
        }
        ListedOption call = ListedOption.parse("BTC-27DEC26-70000-C");
        assertThat(call.underlying()).isEqualTo("BTC");
        assertThat(call.expiry()).isEqualTo("2026-12-27T08:00:00Z");
        assertThat(call.strike()).isEqualByComparingTo("70000");
        assertThat(call.right()).isEqualTo(OptionRight.CALL);
        assertThat(ListedOption.parse("BTC-4DEC26-800-P"))
                .isEqualTo(ListedOption.parse("BTC-04DEC26-800-P"))
                .extracting(ListedOption::symbol)
                .isEqualTo("BTC-04DEC26-800-P");
    }

    @Test
    void shouldRefuseSymbolsAndTermsThatDoNotNameAListedOption() {
        for (String bad : List.of(
                "BTC-31FEB26-800-C",
                "BTC-04DEC26-800.5-C",
                "BTC-04DEC26-0800-C",
                "btc-04DEC26-800-C",
                "BTC-04DEC26-800-X",
                "BTC-04DECEMBER26-800-C",
                "BTC-PERP")) {
            assertThatThrownBy(() -> ListedOption.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() ->
                        new ListedOption("BTC", Instant.parse("2026-12-04T09:00:00Z"), BigDecimal.TEN, OptionRight.PUT))
                .hasMessageContaining("expiry must be at 08:00 UTC");
        assertThatThrownBy(() -> new ListedOption(
                        "BTC", Instant.parse("2026-12-04T08:00:00Z"), new BigDecimal("10.5"), OptionRight.PUT))
                .hasMessageContaining("strike must be a whole number");
    }

    @ParameterizedTest(name = "iv({0}, F {1}) = {2}")
    @CsvSource({
        "800, 800, 0.6000",
        // x = ln 0.8 = -0.2231436: 0.60 + 0.0223144 + 0.5 * 0.0497930
        "640, 800, 0.6472",
        // x = ln 1.2 = 0.1823216: 0.60 - 0.0182322 + 0.5 * 0.0332412
        "960, 800, 0.5984",
        // x = ln(1000/1163) = -0.1510034: 0.60 + 0.0151003 + 0.5 * 0.0228020
        "1000, 1163.00, 0.6265"
    })
    void shouldQuoteTheSmileRoundedToFourDecimals(BigDecimal strike, BigDecimal forward, BigDecimal iv) {
        assertThat(VolatilitySmile.DEFAULT.iv(strike, forward)).isEqualTo(iv);
    }

    @Test
    void shouldShapeTheSmileWithDearerPutsThanCallsAndAFloor() {
        VolatilitySmile smile = VolatilitySmile.DEFAULT;
        BigDecimal forward = new BigDecimal("1000");
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1_000; i++) {
            // at equal distance in log-moneyness, the low strike's iv is above the high strike's (negative skew)
            double x = 0.01 + random.nextDouble(0.5);
            BigDecimal low = smile.iv(BigDecimal.valueOf(1000 * Math.exp(-x)), forward);
            BigDecimal high = smile.iv(BigDecimal.valueOf(1000 * Math.exp(x)), forward);
            assertThat(low).as("x %s", x).isGreaterThan(high);
            // convex: both wings above the lowest point, at x = -skew / (2 curvature) = 0.1
            assertThat(low).isGreaterThanOrEqualTo(smile.iv(BigDecimal.valueOf(1000 * Math.exp(0.1)), forward));
            assertThat(high).isGreaterThanOrEqualTo(smile.iv(BigDecimal.valueOf(1000 * Math.exp(0.1)), forward));
        }
        VolatilitySmile steep = new VolatilitySmile(0.10, -1.0, 0.0);
        assertThat(steep.iv(new BigDecimal("2000"), forward)).isEqualTo("0.0500");
        assertThat(VolatilitySmile.parse("0.8, -0.2, 1")).isEqualTo(new VolatilitySmile(0.8, -0.2, 1.0));
        assertThatThrownBy(() -> VolatilitySmile.parse("0.6,-0.1")).hasMessageContaining("atm,skew,curvature");
        assertThatThrownBy(() -> new VolatilitySmile(0.6, -0.1, -0.5)).hasMessageContaining("curvature >= 0");
    }

    @Test
    void shouldPriceTheMarginModelsWorkedExampleToTheCent() {
        // margin model §8.3: F 60000, K 65000, sigma 0.60, tau 30/365: call 2237.8681554, put 7237.8681554
        Instant expiry = Instant.parse("2027-01-29T08:00:00Z");
        Instant at = expiry.minus(Duration.ofDays(30));
        ListedOption call = new ListedOption("BTC", expiry, new BigDecimal("65000"), OptionRight.CALL);
        ListedOption put = new ListedOption("BTC", expiry, new BigDecimal("65000"), OptionRight.PUT);

        assertThat(call.modelPrice(new BigDecimal("60000"), new BigDecimal("0.60"), at))
                .isEqualTo("2237.87");
        assertThat(put.modelPrice(new BigDecimal("60000"), new BigDecimal("0.60"), at))
                .isEqualTo("7237.87");
        // worth less than a cent: quoted at the minimum tick
        assertThat(call.modelPrice(new BigDecimal("20000"), new BigDecimal("0.60"), at))
                .isEqualTo("0.01");
    }

    @Test
    void shouldParseOptionVenues() {
        assertThat(OptionVenue.parseList(OptionVenue.DEFAULTS_TEXT)).isEqualTo(OptionVenue.DEFAULTS);
        assertThat(OptionVenue.parse("venue-c:0.01").contractSize()).isEqualByComparingTo("0.01");
        assertThatThrownBy(() -> OptionVenue.parseList("venue-a:1,venue-a:2")).hasMessageContaining("venue-a twice");
        assertThatThrownBy(() -> OptionVenue.parse("venue-a")).hasMessageContaining("code:contractSize");
        assertThatThrownBy(() -> OptionVenue.parse("venue-a:0")).hasMessageContaining("contractSize must be > 0");
    }
}
