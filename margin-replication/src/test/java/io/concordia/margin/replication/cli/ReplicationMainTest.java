package io.concordia.margin.replication.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.margin.replication.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replication command line, run in-process. */
class ReplicationMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String[] args, String stdin) {
        return ReplicationMain.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String specExample() throws IOException {
        return Files.readString(Path.of("examples/spec-example.json"));
    }

    @Test
    void shouldMarginRequestNamedByFileArgument() {
        int code = run(new String[] {"examples/spec-example.json"}, "");

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        Map<?, ?> result = (Map<?, ?>) Json.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(result.get("im")).isEqualTo("24000.00");
        assertThat(result.get("status")).isEqualTo("HEALTHY");
        assertThat(result.get("scheduleVersion")).isEqualTo("2026-11-25.1");
        assertThat(result.get("scenarioSetId")).isEqualTo("fhs-2026-11-25");
        assertThat(((Map<?, ?>) result.get("components")).get("bindingStress")).isEqualTo("crash");
    }

    @Test
    void shouldReadRequestFromStandardInputWhenNoFileIsNamed() throws IOException {
        int code = run(new String[0], specExample());

        assertThat(code).isZero();
        assertThat(((Map<?, ?>) Json.parse(out.toString(StandardCharsets.UTF_8))).get("mm"))
                .isEqualTo("12000.00");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "examples/spec-example.json",
                "examples/isolated-example.json",
                "examples/stress-set-example.json",
                "examples/default-stress-example.json"
            })
    void shouldRunEveryShippedExample(String file) {
        assertThat(run(new String[] {file}, ""))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
    }

    @Test
    void shouldExitNonZeroWithMessageOnMalformedJson() {
        int code = run(new String[0], "{\"schedule\": {\"version\": \"x\",}");

        assertThat(code).isEqualTo(ReplicationMain.BAD_REQUEST);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("malformed JSON at line 1, column");
    }

    @Test
    void shouldExitNonZeroNamingTheFieldOnInvalidRequest() throws IOException {
        String bad = specExample().replace("\"confidence\": \"0.99\"", "\"confidence\": \"1.5\"");

        int code = run(new String[0], bad);

        assertThat(code).isEqualTo(ReplicationMain.BAD_REQUEST);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("schedule")
                .contains("confidence")
                .contains("1.5");
    }

    @Test
    void shouldMarginAnUnknownUnderlyingAtItsFullNotionalAndWarn() throws IOException {
        String unknown = specExample().replace("\"underlying\": \"BTC\"", "\"underlying\": \"LTC\"");

        int code = run(new String[0], unknown);

        assertThat(code).isEqualTo(ReplicationMain.OK);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("warning")
                .contains("[LTC]")
                .contains("full notional");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"binding\": \"FULL_NOTIONAL\"");
    }

    @Test
    void shouldRejectAbsurdlyLargeDecimalsInsteadOfComputingWithThem() throws IOException {
        String bad = specExample().replace("\"quantity\": \"50000\"", "\"quantity\": \"1e999999999\"");

        int code = run(new String[0], bad);

        assertThat(code).isEqualTo(ReplicationMain.BAD_REQUEST);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("portfolio.collateral[0].quantity: decimal out of range");
    }

    @Test
    void shouldExitNonZeroWhenFileIsMissing(@TempDir Path dir) {
        int code = run(new String[] {dir.resolve("nope.json").toString()}, "");

        assertThat(code).isEqualTo(ReplicationMain.IO_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not found");
    }

    @Test
    void shouldPrintUsageOnTooManyArguments() {
        assertThat(run(new String[] {"a", "b"}, "")).isEqualTo(ReplicationMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage");
    }

    @Test
    void shouldRejectEmptyInput() {
        assertThat(run(new String[0], "  ")).isEqualTo(ReplicationMain.BAD_REQUEST);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("empty input");
    }

    @Test
    void shouldMarginAnOptionRequestFromStandardInputWithItsGreeks() throws IOException {
        String request = Files.readString(ReplicationExamplesTest.examplesDir().resolve("options-cross.request.json"));

        int code = run(new String[0], request);

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Map<?, ?> result = (Map<?, ?>) Json.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(result.get("im")).isEqualTo("18464.16");
        Map<?, ?> components = (Map<?, ?>) result.get("components");
        assertThat(components.get("binding")).isEqualTo("STRESS");
        assertThat(components.get("bindingStress")).isEqualTo("ALL-UP");
        assertThat((List<?>) components.get("positionGreeks")).hasSize(2);
        assertThat(((Map<?, ?>) ((List<?>) components.get("greeks")).get(0)).get("underlying"))
                .isEqualTo("BTC");
    }

    @Test
    void shouldRefuseAnOptionWithoutImpliedVolatilityNamingItsPath() throws IOException {
        String request = Files.readString(ReplicationExamplesTest.examplesDir().resolve("options-cross.request.json"))
                .replace("\"iv\": \"0.60\", ", "");

        int code = run(new String[0], request);

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("portfolio.positions[1]")
                .contains("iv");
    }
}
