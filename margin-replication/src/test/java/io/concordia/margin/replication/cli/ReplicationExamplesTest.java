package io.concordia.margin.replication.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.replication.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every worked example of docs/margin-examples (read from the repository: the build passes the folder as
 * {@code concordia.margin-examples}; run from the module folder without it, {@code ../docs/margin-examples}), run
 * through the replication command line, reproduces its expected im, mm, equity, callAmount and status to the cent, and every
 * bucket's figures; the option examples ({@code options-*}) also their short option minimum.
 */
class ReplicationExamplesTest {

    static Stream<String> examples() throws IOException {
        Path dir = examplesDir();
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".request.json"))
                    .map(n -> n.substring(0, n.length() - ".request.json".length()))
                    .sorted()
                    .toList();
            assertThat(names).hasSize(11);
            return names.stream();
        }
    }

    static Path examplesDir() {
        Path dir = Path.of(System.getProperty("concordia.margin-examples", "../docs/margin-examples"));
        assertThat(dir.resolve("spec-example.request.json"))
                .as("the worked examples of docs/margin-examples")
                .isRegularFile();
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void shouldReproduceExpectedResultToTheCentThroughTheCommandLine(String name) throws Exception {
        Path request = examplesDir().resolve(name + ".request.json");
        Map<String, Object> expected =
                obj(Json.parse(Files.readString(examplesDir().resolve(name + ".expected.json"))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = ReplicationMain.run(
                new String[] {request.toString()},
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Object> actual = obj(Json.parse(out.toString(StandardCharsets.UTF_8)));
        for (String money : List.of("im", "mm", "equity", "callAmount")) {
            assertThat(actual.get(money)).as(money).isEqualTo(expected.get(money));
        }
        assertThat(actual.get("status")).isEqualTo(expected.get("status"));
        if (expected.containsKey("buckets")) {
            List<Object> eb = (List<Object>) expected.get("buckets");
            List<Object> ab = (List<Object>) actual.get("buckets");
            assertThat(ab).hasSameSizeAs(eb);
            for (int i = 0; i < eb.size(); i++) {
                Map<String, Object> e = obj(eb.get(i));
                Map<String, Object> a = obj(ab.get(i));
                for (String f : List.of("product", "im", "mm", "equity", "callAmount", "status")) {
                    assertThat(a.get(f)).as("bucket " + i + " " + f).isEqualTo(e.get(f));
                }
                assertComponents(obj(a.get("components")), e, name + " bucket " + i);
            }
        } else {
            assertComponents(obj(actual.get("components")), expected, name);
        }
    }

    private static void assertComponents(Map<String, Object> actual, Map<String, Object> expected, String what) {
        for (String f : List.of("var", "es", "imHist", "imStress", "imFloor", "imSpread")) {
            double e = ((BigDecimal) expected.get(f)).doubleValue();
            double a = ((BigDecimal) actual.get(f)).doubleValue();
            assertThat(a).as(what + " " + f).isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
        }
        if (expected.containsKey("imShortOption")) {
            double e = ((BigDecimal) expected.get("imShortOption")).doubleValue();
            assertThat(((BigDecimal) actual.get("imShortOption")).doubleValue())
                    .as(what + " imShortOption")
                    .isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
        }
        assertThat(actual.get("bindingStress")).as(what + " bindingStress").isEqualTo(expected.get("bindingStress"));
        assertThat(actual.get("binding")).as(what + " binding").isEqualTo(expected.get("binding"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }
}
