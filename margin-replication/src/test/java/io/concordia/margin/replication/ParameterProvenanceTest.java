package io.concordia.margin.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.HistoryChecks;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every default of the schedule and of the scenario builder names its source and when it was last reviewed. */
class ParameterProvenanceTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> parameters() {
        Map<String, Object> root = (Map<String, Object>) Json.parse(ReplicationCodec.DEFAULT.parameterProvenance());
        assertThat(root.get("model")).isEqualTo("docs/margin-model.md, version 1.1");
        return (Map<String, Map<String, Object>>) root.get("parameters");
    }

    @Test
    void shouldNameASourceAndAReviewDateForEveryDefault() {
        Map<String, Map<String, Object>> p = parameters();

        assertThat(p)
                .containsOnlyKeys(
                        "confidence",
                        "stressWeight",
                        "mmRatio",
                        "tiers",
                        "basis",
                        "stressShock",
                        "haircuts",
                        "defaultHaircut",
                        "horizon",
                        "lambda",
                        "phi",
                        "floorLookback",
                        "window",
                        "calendar",
                        "minHistory",
                        "badPrint",
                        "spotVolBeta",
                        "volUp",
                        "volDown",
                        "shortOptionMinimum");
        p.forEach((name, entry) -> {
            assertThat(entry).as(name).containsOnlyKeys("default", "source", "reviewed");
            assertThat((String) entry.get("source")).as(name).contains("docs/margin-model.md");
            assertThat(LocalDate.parse((String) entry.get("reviewed")))
                    .as(name)
                    .isAfterOrEqualTo(LocalDate.of(2026, 11, 25));
        });
    }

    @Test
    void shouldStateTheDefaultsTheCodeActuallyHas() {
        Map<String, Map<String, Object>> p = parameters();
        Schedule s = ReplicationCodec.DEFAULT.defaultSchedule();

        assertThat(p.get("confidence").get("default")).isEqualTo(s.confidence().toPlainString());
        assertThat(p.get("stressWeight").get("default"))
                .isEqualTo(s.stressWeight().toPlainString());
        assertThat(p.get("mmRatio").get("default")).isEqualTo(s.mmRatio().toPlainString());
        assertThat(p.get("defaultHaircut").get("default"))
                .isEqualTo(s.defaultHaircut().toPlainString());
        assertThat(p.get("stressShock").get("default"))
                .isEqualTo("T1 " + s.tiers().get(LiquidityTier.T1).stressShock().toPlainString()
                        + ", T2 "
                        + s.tiers().get(LiquidityTier.T2).stressShock().toPlainString() + ", T3 "
                        + s.tiers().get(LiquidityTier.T3).stressShock().toPlainString());
        assertThat(p.get("basis").get("default"))
                .isEqualTo("T1 " + s.tiers().get(LiquidityTier.T1).basis().toPlainString()
                        + ", T2 " + s.tiers().get(LiquidityTier.T2).basis().toPlainString() + ", T3 "
                        + s.tiers().get(LiquidityTier.T3).basis().toPlainString());
        assertThat(p.get("horizon").get("default")).isEqualTo(String.valueOf(FhsParameters.DEFAULT.horizon()));
        assertThat(p.get("lambda").get("default"))
                .isEqualTo(FhsParameters.DEFAULT.lambda().toPlainString());
        assertThat(p.get("phi").get("default"))
                .isEqualTo(FhsParameters.DEFAULT.phi().toPlainString());
        assertThat(p.get("floorLookback").get("default"))
                .isEqualTo(String.valueOf(FhsParameters.DEFAULT.floorLookback()));
        assertThat(p.get("calendar").get("default"))
                .isEqualTo(HistoryChecks.DEFAULT.calendar().name());
        assertThat(p.get("minHistory").get("default")).isEqualTo(HistoryChecks.MIN_SCENARIO_DAYS + " + horizon");
        assertThat(p.get("spotVolBeta").get("default")).isEqualTo(perTier(s, o -> o.spotVolBeta()));
        assertThat(p.get("volUp").get("default")).isEqualTo(perTier(s, o -> o.volUp()));
        assertThat(p.get("volDown").get("default")).isEqualTo(perTier(s, o -> o.volDown()));
        assertThat(p.get("shortOptionMinimum").get("default")).isEqualTo(perTier(s, o -> o.shortOptionMinimum()));
    }

    /** "T1 x, T2 y, T3 z" of one option parameter in force in the default schedule. */
    private static String perTier(
            Schedule s,
            java.util.function.Function<io.concordia.margin.model.OptionTierParameters, java.math.BigDecimal>
                    parameter) {
        return "T1 " + parameter.apply(s.optionParametersOf(LiquidityTier.T1)).toPlainString()
                + ", T2 "
                + parameter.apply(s.optionParametersOf(LiquidityTier.T2)).toPlainString()
                + ", T3 "
                + parameter.apply(s.optionParametersOf(LiquidityTier.T3)).toPlainString();
    }
}
