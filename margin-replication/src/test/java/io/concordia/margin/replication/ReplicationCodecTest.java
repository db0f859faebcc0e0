package io.concordia.margin.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.margin.Fixtures;
import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.TierParameters;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replication-format codec: schedule, scenario set, stress set, request and result, on their own. */
class ReplicationCodecTest {

    private final ReplicationCodec codec = ReplicationCodec.DEFAULT;

    @Test
    void shouldShipTheSpecDefaultsInTheDefaultSchedule() {
        Schedule s = codec.defaultSchedule();

        assertThat(s.confidence()).isEqualByComparingTo("0.99");
        assertThat(s.stressWeight()).isEqualByComparingTo("0.5");
        assertThat(s.mmRatio()).isEqualByComparingTo("0.5");
        TierParameters t1 = s.tiers().get(LiquidityTier.T1);
        assertThat(t1.table().edges())
                .extracting(BigDecimal::toPlainString)
                .containsExactly("1000000", "10000000", "50000000");
        assertThat(t1.table().rates())
                .extracting(BigDecimal::toPlainString)
                .containsExactly("0.02", "0.05", "0.10", "0.25");
        assertThat(t1.basis()).isEqualByComparingTo("0.01");
        assertThat(t1.stressShock()).isEqualByComparingTo("0.24");
        TierParameters t2 = s.tiers().get(LiquidityTier.T2);
        assertThat(t2.table().edges())
                .extracting(BigDecimal::toPlainString)
                .containsExactly("250000", "2500000", "10000000");
        assertThat(t2.table().rates())
                .extracting(BigDecimal::toPlainString)
                .containsExactly("0.05", "0.10", "0.20", "0.50");
        assertThat(t2.basis()).isEqualByComparingTo("0.025");
        assertThat(t2.stressShock()).isEqualByComparingTo("0.36");
        TierParameters t3 = s.tiers().get(LiquidityTier.T3);
        assertThat(t3.table().edges()).extracting(BigDecimal::toPlainString).containsExactly("100000", "1000000");
        assertThat(t3.table().rates()).extracting(BigDecimal::toPlainString).containsExactly("0.10", "0.20", "0.50");
        assertThat(t3.basis()).isEqualByComparingTo("0.05");
        assertThat(t3.stressShock()).isEqualByComparingTo("0.50");
        assertThat(s.haircutOf(AssetCode.of("USD"))).isEqualByComparingTo("0");
        assertThat(s.haircutOf(AssetCode.of("USDC"))).isEqualByComparingTo("0.02");
        assertThat(s.haircutOf(AssetCode.of("USDT"))).isEqualByComparingTo("0.05");
        assertThat(s.haircutOf(AssetCode.of("BTC"))).isEqualByComparingTo("0.20");
        assertThat(s.haircutOf(AssetCode.of("ETH"))).isEqualByComparingTo("0.25");
        assertThat(s.haircutOf(AssetCode.of("SOL"))).isEqualByComparingTo("0.40");
        assertThat(s.tierOf(UnderlyingId.of("BTC"))).isEqualTo(LiquidityTier.T1);
    }

    @Test
    void shouldLetCallersOverrideTheDefaultSchedule() {
        Schedule s = codec.defaultSchedule()
                .withVersion("custom.2")
                .withConfidence(new BigDecimal("0.975"))
                .withUnderlying(UnderlyingId.of("LTC"), LiquidityTier.T2)
                .withHaircut(AssetCode.of("SOL"), new BigDecimal("0.3"));

        assertThat(s.tailCount(1000)).isEqualTo(25);
        assertThat(s.tierOf(UnderlyingId.of("LTC"))).isEqualTo(LiquidityTier.T2);
        assertThat(codec.readSchedule(codec.writeSchedule(s))).isEqualTo(s);
    }

    @Test
    void shouldRoundTripAScheduleOnItsOwn() {
        Schedule s = codec.defaultSchedule();

        assertThat(codec.readSchedule(codec.writeSchedule(s))).isEqualTo(s);
    }

    @Test
    void shouldRoundTripAScenarioSetExactly() {
        ScenarioSet set = Fixtures.randomScenarios("rt", 500, 5);

        assertThat(codec.readScenarios(codec.writeScenarios(set))).isEqualTo(set);
    }

    @Test
    void shouldRoundTripAStressSet() {
        StressSet st = StressSet.defaultFor(codec.defaultSchedule());

        assertThat(codec.readStress(codec.writeStress(st))).isEqualTo(st);
    }

    @Test
    void shouldRoundTripRequestsAndResults() throws Exception {
        for (String f : List.of(
                "examples/isolated-example.json", "examples/stress-set-example.json", "examples/spec-example.json")) {
            ReplicationRequest req = codec.readRequest(Files.readString(Path.of(f)));
            ReplicationRequest again = codec.readRequest(codec.writeRequest(req));
            assertThat(again).isEqualTo(req);

            AccountMargin m =
                    MarginCalculator.DEFAULT.margin(req.account(), req.schedule(), req.scenarios(), req.stress());
            assertThat(codec.readResult(codec.writeResult(m))).isEqualTo(m);
            assertThat(Json.parse(codec.writeBuckets(m)))
                    .isEqualTo(((java.util.Map<?, ?>) Json.parse(codec.writeResult(m))).get("buckets"));
        }
    }

    @Test
    void shouldCarryRealizedVariationThroughTheRequest() throws Exception {
        String json = Files.readString(Path.of("examples/spec-example.json"));
        ReplicationRequest plain = codec.readRequest(json);
        ReplicationRequest withRealized = codec.readRequest(
                json.replaceFirst("\"ref\": \"([0-9.]+)\"", "\"ref\": \"$1\", \"realized\": \"-1234.56\""));

        assertThat(withRealized.account().positions().get(0).realized()).isEqualByComparingTo("-1234.56");
        assertThat(codec.readRequest(codec.writeRequest(withRealized))).isEqualTo(withRealized);
        assertThat(codec.writeRequest(plain)).doesNotContain("realized");
        AccountMargin a =
                MarginCalculator.DEFAULT.margin(plain.account(), plain.schedule(), plain.scenarios(), plain.stress());
        AccountMargin b = MarginCalculator.DEFAULT.margin(
                withRealized.account(), withRealized.schedule(), withRealized.scenarios(), withRealized.stress());
        assertThat(a.equity().subtract(b.equity())).isEqualByComparingTo("1234.56");
    }

    @Test
    void shouldCountCashOutsideCollateralInACrossAccountsEquity() throws Exception {
        String json = Files.readString(Path.of("examples/spec-example.json"));
        ReplicationRequest plain = codec.readRequest(json);
        ReplicationRequest owing =
                codec.readRequest(json.replaceFirst("\"positions\"", "\"cash\": \"-2500.55\", \"positions\""));

        assertThat(owing.account().cash()).isEqualByComparingTo("-2500.55");
        assertThat(codec.readRequest(codec.writeRequest(owing))).isEqualTo(owing);
        AccountMargin a =
                MarginCalculator.DEFAULT.margin(plain.account(), plain.schedule(), plain.scenarios(), plain.stress());
        AccountMargin b =
                MarginCalculator.DEFAULT.margin(owing.account(), owing.schedule(), owing.scenarios(), owing.stress());
        assertThat(a.equity().subtract(b.equity())).isEqualByComparingTo("2500.55");
        assertThat(b.im()).isEqualByComparingTo(a.im());
        // isolated, the same cash and the unallocated collateral are the free balance, outside every bucket (§5)
        ReplicationRequest isolated =
                codec.readRequest(codec.writeRequest(owing).replace("\"CROSS\"", "\"ISOLATED\""));
        assertThat(MarginCalculator.freeBalance(isolated.account(), isolated.schedule()))
                .isEqualByComparingTo(a.collateralValue().subtract(new BigDecimal("2500.55")));
    }

    @Test
    void shouldRejectUnknownAndMissingFieldsByPath() {
        String s = codec.writeSchedule(codec.defaultSchedule());
        assertThatThrownBy(() -> codec.readSchedule(s.replace("\"confidence\"", "\"confidance\"")))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("schedule: unknown field \"confidance\"");
        assertThatThrownBy(() -> codec.readSchedule(s.replace("\"mmRatio\": \"0.5\",", "")))
                .hasMessageContaining("schedule.mmRatio: required field is missing");
        assertThatThrownBy(
                        () -> codec.readSchedule(s.replace("\"stressWeight\": \"0.5\"", "\"stressWeight\": \"half\"")))
                .hasMessageContaining("schedule.stressWeight: expected a decimal string, got: \"half\"");
        assertThatThrownBy(() -> codec.readSchedule(s.replace("\"BTC\": \"T1\"", "\"BTC\": \"T9\"")))
                .hasMessageContaining("schedule.underlyings.BTC: tier must be one of T1, T2, T3, got: T9");
    }

    @Test
    void shouldRejectRaggedScenarioArraysInJson() {
        assertThatThrownBy(() ->
                        codec.readScenarios("{\"id\": \"x\", \"returns\": {\"BTC\": [0.1, 0.2], \"ETH\": [0.1]}}"))
                .hasMessageContaining("scenarios: scenario arrays must have the same length: BTC has 2, ETH has 1");
        assertThatThrownBy(() -> codec.readScenarios("{\"id\": \"x\", \"returns\": {\"BTC\": []}}"))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> codec.readScenarios("{\"id\": \"x\", \"returns\": {\"BTC\": [\"0.1\"]}}"))
                .hasMessageContaining("scenarios.returns.BTC[0]: expected a finite number");
    }

    @Test
    void shouldReadTheDefaultScheduleAsItWasShippedInTheFormat() throws Exception {
        // the defaults moved from a JSON resource into Schedule.defaults(): the same values, scales included
        String shipped = new String(
                getClass().getResourceAsStream("/default-schedule.json").readAllBytes(), StandardCharsets.UTF_8);

        assertThat(codec.defaultSchedule()).isEqualTo(codec.readSchedule(shipped));
        assertThat(codec.readSchedule(codec.writeSchedule(codec.defaultSchedule())))
                .isEqualTo(Schedule.defaults());
    }

    @Test
    void shouldRejectNanInJsonReturns() {
        String json = "{\"id\": \"s\", \"returns\": {\"BTC\": [0.01, NaN]}}";
        assertThatThrownBy(() -> ReplicationCodec.DEFAULT.readScenarios(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed JSON at line 1, column 39");
        String huge = "{\"id\": \"s\", \"returns\": {\"BTC\": [1e999]}}";
        assertThatThrownBy(() -> ReplicationCodec.DEFAULT.readScenarios(huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scenarios.returns.BTC[0]")
                .hasMessageContaining("finite");
    }
}
