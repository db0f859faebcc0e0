package io.concordia.margin.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.Binding;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.OptionRight;
import io.concordia.margin.model.OptionTierParameters;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.ProductKind;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.UnderlyingId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The option fields of the replication format (docs/margin-model.md §8.6): read, written back, refused when wrong. */
class OptionCodecTest {

    private final ReplicationCodec codec = ReplicationCodec.DEFAULT;

    static String example(String name) throws Exception {
        Path dir = Path.of(System.getProperty("concordia.margin-examples", "../docs/margin-examples"));
        return Files.readString(dir.resolve(name + ".request.json"));
    }

    @Test
    void shouldReadAnOptionRequestAndWriteItBackUnchanged() throws Exception {
        ReplicationRequest r = codec.readRequest(example("options-short-minimum"));

        Position put = r.account().positions().get(0);
        assertThat(put.product().kind()).isEqualTo(ProductKind.OPTION);
        assertThat(put.product().option().strike()).isEqualByComparingTo("40000");
        assertThat(put.product().option().right()).isEqualTo(OptionRight.PUT);
        assertThat(put.product().option().expiry()).isEqualTo(Instant.parse("2026-12-08T08:00:00Z"));
        assertThat(put.iv()).isEqualByComparingTo("0.50");
        assertThat(r.account().market().valuationTime()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(r.account().market().forwardOf(UnderlyingId.of("ETH"))).isEqualByComparingTo("3000");
        assertThat(r.scenarios().horizonDays()).isEqualTo(1);
        assertThat(r.schedule().optionParametersOf(LiquidityTier.T1))
                .isEqualTo(OptionTierParameters.of("1.5", "0.50", "0.30", "0.010"));
        StressScenario crash = r.stress().scenarios().get(0);
        assertThat(crash.volShifts()).containsEntry(UnderlyingId.of("BTC"), 0.8);
        assertThat(crash.tierVolShifts()).containsEntry(LiquidityTier.T1, 0.6);
        assertThat(codec.readRequest(codec.writeRequest(r))).isEqualTo(r);
    }

    @Test
    void shouldWriteOptionComponentsAndReadTheResultBack() throws Exception {
        ReplicationRequest r = codec.readRequest(example("options-cross"));
        AccountMargin m = MarginCalculator.DEFAULT.margin(r.account(), r.schedule(), r.scenarios(), r.stress());

        AccountMargin back = codec.readResult(codec.writeResult(m));

        assertThat(back).isEqualTo(m);
        assertThat(m.components().imShortOption()).isEqualTo(6000.0);
        assertThat(m.components().greeks()).hasSize(1);
        assertThat(m.components().greeks().get(0).delta()).isCloseTo(3 - 10 * 0.3522260125, within(1e-9));
        assertThat(m.components().positionGreeks().get(1).modelValue()).isCloseTo(2237.8681554, within(1e-7));
        assertThat(m.components().positionGreeks().get(0).modelValue()).isNull();
    }

    @Test
    void shouldGiveMissingOptionParametersOfATierTheTiersDefaults() {
        Schedule s = codec.readSchedule("""
                {"version": "v", "confidence": "0.99", "stressWeight": "0.5", "mmRatio": "0.5",
                 "tiers": {"T2": {"edges": [], "rates": ["0.1"], "basis": "0.025", "stressShock": "0.36", "volUp": "0.9"},
                           "T3": {"edges": [], "rates": ["0.1"], "basis": "0.05", "stressShock": "0.5"}},
                 "underlyings": {"SOL": "T2", "DOGE": "T3"}, "haircuts": {"USD": "0"}}""");

        assertThat(s.optionParametersOf(LiquidityTier.T2))
                .isEqualTo(OptionTierParameters.of("1.5", "0.9", "0.35", "0.015"));
        assertThat(s.optionParametersOf(LiquidityTier.T3)).isEqualTo(OptionTierParameters.defaultFor(LiquidityTier.T3));
        assertThat(s.tiers().get(LiquidityTier.T3).options()).isNull();
        assertThat(codec.readSchedule(codec.writeSchedule(s))).isEqualTo(s);
    }

    @Test
    void aVersionOneResultShouldCarryNoOptionFields() throws Exception {
        ReplicationRequest r = codec.readRequest(example("spec-example"));
        String json = codec.writeResult(
                MarginCalculator.DEFAULT.margin(r.account(), r.schedule(), r.scenarios(), r.stress()));

        assertThat(json).doesNotContain("imShortOption", "greeks");
        assertThat(codec.writeRequest(r)).doesNotContain("horizonDays", "valuationTime", "volShifts");
    }

    @Test
    void bindingShouldNameTheShortOptionMinimumOnlyWhenItIsStrictlyLargest() {
        assertThat(Binding.of(1, 2, 3, 4)).isEqualTo(Binding.SHORT_OPTION_MINIMUM);
        assertThat(Binding.of(1, 2, 4, 4)).isEqualTo(Binding.FLOOR);
        assertThat(Binding.of(5, 2, 4, 0)).isEqualTo(Binding.HIST);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "option without iv|{\"product\": \"O\", \"underlying\": \"BTC\", \"kind\": \"OPTION\", \"strike\": \"1\", \"right\": \"CALL\", \"expiry\": \"2026-12-31T08:00:00Z\", \"quantity\": \"1\", \"mark\": \"1\", \"ref\": \"1\"}|needs strike, right, expiry and iv",
                "bad right|{\"product\": \"O\", \"underlying\": \"BTC\", \"kind\": \"OPTION\", \"strike\": \"1\", \"right\": \"STRADDLE\", \"expiry\": \"2026-12-31T08:00:00Z\", \"iv\": \"0.5\", \"quantity\": \"1\", \"mark\": \"1\", \"ref\": \"1\"}|right must be CALL or PUT",
                "expiry a date|{\"product\": \"O\", \"underlying\": \"BTC\", \"kind\": \"OPTION\", \"strike\": \"1\", \"right\": \"PUT\", \"expiry\": \"2026-12-31\", \"iv\": \"0.5\", \"quantity\": \"1\", \"mark\": \"1\", \"ref\": \"1\"}|ISO instant",
                "zero iv|{\"product\": \"O\", \"underlying\": \"BTC\", \"kind\": \"OPTION\", \"strike\": \"1\", \"right\": \"PUT\", \"expiry\": \"2026-12-31T08:00:00Z\", \"iv\": \"0\", \"quantity\": \"1\", \"mark\": \"1\", \"ref\": \"1\"}|iv of O",
                "negative strike|{\"product\": \"O\", \"underlying\": \"BTC\", \"kind\": \"OPTION\", \"strike\": \"-1\", \"right\": \"PUT\", \"expiry\": \"2026-12-31T08:00:00Z\", \"iv\": \"0.5\", \"quantity\": \"1\", \"mark\": \"1\", \"ref\": \"1\"}|strike",
                "iv on a perpetual|{\"product\": \"BTC-PERP\", \"underlying\": \"BTC\", \"iv\": \"0.5\", \"quantity\": \"1\", \"mark\": \"1\", \"ref\": \"1\"}|apply to kind OPTION only",
                "no forward for the option|{\"product\": \"O\", \"underlying\": \"ETH\", \"kind\": \"OPTION\", \"strike\": \"1\", \"right\": \"PUT\", \"expiry\": \"2026-12-31T08:00:00Z\", \"iv\": \"0.5\", \"quantity\": \"1\", \"mark\": \"1\", \"ref\": \"1\"}|no forward for ETH",
            })
    void shouldRefuseABadOptionPositionNamingIt(String what, String position, String message) {
        String json = """
                {"schedule": %s, "scenarios": {"id": "s", "returns": {"BTC": [0.01], "ETH": [0.02]}},
                 "portfolio": {"mode": "CROSS", "valuationTime": "2026-12-01T08:00:00Z", "forwards": {"BTC": "60000"},
                   "positions": [%s], "collateral": []}}""".formatted(codec.writeSchedule(codec.defaultSchedule()), position);

        assertThatThrownBy(() -> codec.readRequest(json))
                .as(what)
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("portfolio")
                .hasMessageContaining(message);
    }

    @Test
    void shouldRefuseAnOptionWithoutMarketInputsAndMarketInputsHalfGiven() {
        String schedule = codec.writeSchedule(codec.defaultSchedule());
        String option =
                "{\"product\": \"O\", \"underlying\": \"BTC\", \"kind\": \"OPTION\", \"strike\": \"1\", \"right\": \"PUT\","
                        + " \"expiry\": \"2026-12-31T08:00:00Z\", \"iv\": \"0.5\", \"quantity\": \"1\", \"mark\": \"1\", \"ref\": \"1\"}";
        String without = """
                {"schedule": %s, "scenarios": {"id": "s", "returns": {"BTC": [0.01]}},
                 "portfolio": {"mode": "CROSS", "positions": [%s], "collateral": []}}""".formatted(schedule, option);
        String half = """
                {"schedule": %s, "scenarios": {"id": "s", "returns": {"BTC": [0.01]}},
                 "portfolio": {"mode": "CROSS", "forwards": {"BTC": "1"}, "positions": [], "collateral": []}}""".formatted(schedule);
        String badShift = """
                {"schedule": %s, "scenarios": {"id": "s", "returns": {"BTC": [0.01]}},
                 "stress": [{"name": "x", "volShifts": {"BTC": -1}}],
                 "portfolio": {"mode": "CROSS", "positions": [], "collateral": []}}""".formatted(schedule);

        assertThatThrownBy(() -> codec.readRequest(without))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("valuationTime and forwards");
        assertThatThrownBy(() -> codec.readRequest(half))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> codec.readRequest(badShift))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("must be > -1");
    }
}
