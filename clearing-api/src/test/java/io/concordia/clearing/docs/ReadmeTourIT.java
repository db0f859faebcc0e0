package io.concordia.clearing.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.concordia.clearing.support.PackagedApplication;
import io.concordia.kafka.embedded.LocalPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's tour, as a new user runs it: every {@code bash} block of README.md, read at test time and run in
 * order in one shell against the packaged application on a fresh data folder. Only the ports differ from a
 * default start: {@code curl} and {@code kcat} are wrapped to send {@code localhost:8080} and {@code 19092} to
 * this run's ports, and {@code data/} is the run's data folder (the shell's working directory). A block the tour
 * cannot run (building, starting the application) is preceded by the comment {@code <!-- tour: skip ... -->}.
 *
 * <p>Each block must run to its end ({@code set -e}); every request must answer a 2xx status; and each
 * {@code # expect: TEXT} comment line of a block names a text that block's output must contain. {@code curl},
 * {@code kcat} and {@code python3} must be installed: a missing one fails the test ({@code .ci/run} installs them).
 */
class ReadmeTourIT {

    private static final String SKIP = "<!-- tour: skip";
    private static final String EXPECT = "# expect: ";
    private static final Duration START_WITHIN = Duration.ofSeconds(120);
    private static final Duration TOUR_WITHIN = Duration.ofMinutes(5);

    /** Defines the wrappers: the README's ports become this run's, and every request's status is recorded. */
    private static final String PREAMBLE = """
            set -eo pipefail
            trap 'echo "tour: block $TOUR_BLOCK stopped at: $BASH_COMMAND" >&2' ERR
            curl() {
              local args=() a body code
              for a in "$@"; do args+=("${a//localhost:8080/localhost:$TOUR_HTTP_PORT}"); done
              body=$(mktemp)
              code=$(command curl "${args[@]}" -o "$body" -w '%{http_code}') || { cat "$body"; rm -f "$body"; return 1; }
              cat "$body"
              rm -f "$body"
              printf '%s %s %s\\n' "$TOUR_BLOCK" "$code" "$(printf '%s ' "${args[@]}" | sed -E 's/Bearer [^ ]+/Bearer .../g')" >> "$TOUR_STATUS"
            }
            kcat() {
              local args=() a
              for a in "$@"; do a="${a//127.0.0.1:19092/127.0.0.1:$TOUR_KAFKA_PORT}"; args+=("${a//localhost:19092/localhost:$TOUR_KAFKA_PORT}"); done
              command kcat "${args[@]}"
            }
            """;

    /** A bash block of the README: its number among the blocks, the line of its fence, its text, whether it is run. */
    record Block(int number, int line, String text, boolean skipped) {

        List<String> expectations() {
            return text.lines()
                    .map(String::strip)
                    .filter(l -> l.startsWith(EXPECT))
                    .map(l -> l.substring(EXPECT.length()).strip())
                    .toList();
        }
    }

    @Test
    void shouldRunEveryCommandOfTheReadmeAsWrittenOnAFreshStart() throws Exception {
        for (String tool : List.of("curl", "kcat", "python3")) {
            if (!onPath(tool)) {
                fail(tool
                        + " is not installed, and the README's tour uses it: install it (on Debian: apt-get install -y "
                        + tool + "; .ci/run does this)");
            }
        }
        Path readme = readme();
        List<Block> blocks = blocks(Files.readAllLines(readme, StandardCharsets.UTF_8));
        List<Block> run = blocks.stream().filter(b -> !b.skipped()).toList();
        assertThat(run).as("bash blocks of " + readme + " to run").hasSizeGreaterThan(3);

        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "readme-tour");
        int postgresPort = LocalPorts.free();
        int kafkaPort = LocalPorts.freeOtherThan(List.of(postgresPort));
        Map<String, String> config = Map.of(
                "concordia.data-dir", root.resolve("data").toString(),
                "concordia.embedded.postgres-port", Integer.toString(postgresPort),
                "concordia.embedded.kafka-port", Integer.toString(kafkaPort),
                "concordia.settlement.cron", "off"); // no scheduled cycle may take an instruction id the tour names
        try (PackagedApplication app = PackagedApplication.start(config, root.resolve("app.log"), START_WITHIN)) {
            Path status = root.resolve("statuses.txt");
            Files.createFile(status);
            StringBuilder script = new StringBuilder(PREAMBLE);
            for (Block b : run) {
                script.append("\nTOUR_BLOCK=")
                        .append(b.number())
                        .append("\necho '::tour-block ")
                        .append(b.number())
                        .append("::'\n")
                        .append(b.text())
                        .append('\n');
            }
            script.append("\necho '::tour-end::'\n");
            Path scriptFile = root.resolve("tour.sh");
            Files.writeString(scriptFile, script);
            ProcessBuilder pb = new ProcessBuilder("bash", scriptFile.toString())
                    .directory(root.toFile())
                    .redirectOutput(root.resolve("tour.out").toFile())
                    .redirectError(root.resolve("tour.err").toFile());
            pb.environment().put("TOUR_HTTP_PORT", app.url().substring(app.url().lastIndexOf(':') + 1));
            pb.environment().put("TOUR_KAFKA_PORT", Integer.toString(kafkaPort));
            pb.environment().put("TOUR_STATUS", status.toString());
            Process bash = pb.start();
            if (!bash.waitFor(TOUR_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                bash.destroyForcibly();
                fail("the tour did not finish within " + TOUR_WITHIN + "\n" + report(root, app));
            }
            String out = Files.readString(root.resolve("tour.out"));
            assertThat(bash.exitValue())
                    .as("exit status of the tour\n" + report(root, app))
                    .isZero();
            assertThat(out).as("the tour ran to its end\n" + report(root, app)).contains("::tour-end::");

            List<String> failed = new ArrayList<>();
            for (String line : Files.readAllLines(status)) {
                String[] parts = line.split(" ", 3);
                if (!parts[1].startsWith("2")) {
                    failed.add("block " + parts[0] + " (README line " + lineOf(blocks, parts[0]) + "): HTTP " + parts[1]
                            + " for " + parts[2]);
                }
            }
            assertThat(failed)
                    .as("requests of the tour that did not succeed\n" + report(root, app))
                    .isEmpty();
            for (Block b : run) {
                String output = outputOf(out, b.number());
                if (b.text().contains("curl ")) {
                    assertThat(Files.readString(status))
                            .as("requests recorded for block " + b.number())
                            .containsPattern("(?m)^" + b.number() + " ");
                }
                for (String expected : b.expectations()) {
                    assertThat(output)
                            .as("output of the README's bash block at line " + b.line() + " (expect: " + expected
                                    + ")\n" + report(root, app))
                            .contains(expected);
                }
            }
        }
        deleteTree(root); // kept after a failure, with the application's log and the tour's output
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** README.md of the repository: the module's parent folder, or the {@code concordia.readme} system property. */
    private static Path readme() {
        Path path = Path.of(System.getProperty("concordia.readme", "../README.md"))
                .toAbsolutePath()
                .normalize();
        assertThat(path).as("README.md of the repository").isRegularFile();
        return path;
    }

    /** The README's {@code bash} blocks, in order; a block right after a {@code <!-- tour: skip ... -->} line is skipped. */
    static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().equals("```bash")) {
                int start = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(
                        blocks.size() + 1,
                        start + 1,
                        text.toString(),
                        previous.strip().startsWith(SKIP)));
            }
            if (!line.isBlank()) {
                previous = line;
            }
        }
        return blocks;
    }

    private static String outputOf(String out, int block) {
        String marker = "::tour-block " + block + "::";
        int from = out.indexOf(marker);
        if (from < 0) {
            return "";
        }
        int to = out.indexOf("::tour-", from + marker.length());
        return out.substring(from + marker.length(), to < 0 ? out.length() : to);
    }

    private static String lineOf(List<Block> blocks, String number) {
        return blocks.stream()
                .filter(b -> Integer.toString(b.number()).equals(number))
                .map(b -> Integer.toString(b.line()))
                .findFirst()
                .orElse("?");
    }

    private static String report(Path root, PackagedApplication app) {
        try {
            return "--- tour output (" + root + ")\n" + tail(Files.readString(root.resolve("tour.out")), 6000)
                    + "\n--- tour errors\n"
                    + tail(Files.readString(root.resolve("tour.err")), 3000) + "\n--- requests\n"
                    + tail(Files.readString(root.resolve("statuses.txt")), 4000)
                    + "\n--- application log\n" + app.logTail(30);
        } catch (IOException e) {
            return "(no report: " + e + ")";
        }
    }

    private static String tail(String s, int chars) {
        return s.length() <= chars ? s : "..." + s.substring(s.length() - chars);
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
