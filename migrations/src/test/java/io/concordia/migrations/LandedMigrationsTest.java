package io.concordia.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations are forward-only: every script that has landed is pinned, by version, file name and SHA-256, in
 * {@code src/test/resources/landed-migrations.txt}. Flyway refuses to start on a database whose applied script
 * differs from the one it resolves, so an edited, renamed, renumbered or deleted landed script would stop every
 * database migrated before the change. A new script must be pinned deliberately, and must come after every pinned
 * one (Flyway does not apply a lower version to a database that already has a higher one).
 */
class LandedMigrationsTest {

    private static final String PIN_FILE = "/landed-migrations.txt";
    private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");

    /** One line of the pin file. */
    record Pin(String version, String file, String sha256) {}

    @Test
    void shouldFindEveryLandedMigrationUnchangedAndEveryScriptPinned() throws IOException {
        Path dir = Path.of(System.getProperty("concordia.migrations-dir", "src/main/resources/db/migration"));
        assertThat(dir.resolve("V0001__create_reference_data.sql"))
                .as("the migrations folder")
                .isRegularFile();

        List<Pin> pins = readPins();

        assertThat(pins).as("pinned migrations").isNotEmpty();
        assertThat(problems(dir, pins)).as("migrations in " + dir).isEmpty();
    }

    @Test
    void shouldRefuseAnEditedLandedMigration(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V0001__create_member.sql"), "CREATE TABLE member (id BIGINT);\n");
        List<Pin> pins = List.of(pin(dir, "V0001__create_member.sql"));
        Files.writeString(dir.resolve("V0001__create_member.sql"), "CREATE TABLE member (id BIGINT, name TEXT);\n");

        assertThat(problems(dir, pins))
                .singleElement()
                .asString()
                .contains("V0001__create_member.sql", "landed migration changed: add a new migration instead");
    }

    @Test
    void shouldRefuseARenamedOrDeletedLandedMigration(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V0001__create_member.sql"), "CREATE TABLE member (id BIGINT);\n");
        List<Pin> pins = List.of(pin(dir, "V0001__create_member.sql"));
        Files.move(dir.resolve("V0001__create_member.sql"), dir.resolve("V0002__create_member.sql"));

        assertThat(problems(dir, pins))
                .anySatisfy(p -> assertThat(p)
                        .contains("V0001__create_member.sql", "landed migration changed: add a new migration instead"))
                .anySatisfy(p -> assertThat(p).contains("V0002__create_member.sql", "is not pinned"));
    }

    @Test
    void shouldTellHowToPinANewMigration(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V0001__create_member.sql"), "CREATE TABLE member (id BIGINT);\n");
        List<Pin> pins = List.of(pin(dir, "V0001__create_member.sql"));
        Files.writeString(dir.resolve("V0002__add_member_name.sql"), "ALTER TABLE member ADD COLUMN name TEXT;\n");
        Pin expected = pin(dir, "V0002__add_member_name.sql");

        assertThat(problems(dir, pins))
                .singleElement()
                .asString()
                .contains(
                        "V0002__add_member_name.sql is not pinned",
                        "landed-migrations.txt",
                        expected.version() + " " + expected.file() + " " + expected.sha256());
    }

    @Test
    void shouldRefuseANewMigrationNumberedBeforeALandedOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("V0003__create_member.sql"), "CREATE TABLE member (id BIGINT);\n");
        List<Pin> pins = List.of(pin(dir, "V0003__create_member.sql"));
        Files.writeString(dir.resolve("V0002__add_member_name.sql"), "ALTER TABLE member ADD COLUMN name TEXT;\n");

        assertThat(problems(dir, pins))
                .singleElement()
                .asString()
                .contains("V0002__add_member_name.sql", "numbered below landed V0003", "next free number");
    }

    /** Every way the scripts in {@code dir} break the pins, one message each; empty when they keep them. */
    static List<String> problems(Path dir, List<Pin> pins) throws IOException {
        Map<String, Path> scripts = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().startsWith("V"))
                    .forEach(p -> scripts.put(p.getFileName().toString(), p));
        }
        String highestPinned = "0";
        for (Pin pin : pins) {
            Path script = scripts.remove(pin.file());
            if (script == null) {
                problems.add(pin.file() + " is missing (renamed, renumbered or deleted): landed migration changed: "
                        + "add a new migration instead, and restore the landed script as it was");
            } else if (!sha256(script).equals(pin.sha256())) {
                problems.add(pin.file() + " differs from the landed script (SHA-256 " + sha256(script) + ", pinned "
                        + pin.sha256() + "): landed migration changed: add a new migration instead, and restore the "
                        + "landed script as it was");
            }
            if (Integer.parseInt(pin.version()) > Integer.parseInt(highestPinned)) {
                highestPinned = pin.version();
            }
        }
        for (Path script : scripts.values()) {
            String name = script.getFileName().toString();
            Matcher m = SCRIPT.matcher(name);
            if (!m.matches()) {
                problems.add(name + " is not named V<4-digit version>__<verb_object>.sql");
            } else if (Integer.parseInt(m.group(1)) <= Integer.parseInt(highestPinned)) {
                problems.add(name + " is numbered below landed V" + highestPinned + ": Flyway will not apply it to a "
                        + "database already past it; take the next free number");
            } else {
                problems.add(name + " is not pinned. Once it is final (it lands with this change), pin it by appending "
                        + "this line to migrations/src/test/resources/landed-migrations.txt:\n" + m.group(1) + " "
                        + name
                        + " " + sha256(script));
            }
        }
        return problems;
    }

    static List<Pin> readPins() throws IOException {
        try (InputStream in = LandedMigrationsTest.class.getResourceAsStream(PIN_FILE)) {
            assertThat(in).as(PIN_FILE).isNotNull();
            List<Pin> pins = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                assertThat(fields)
                        .as("pin line '%s': version, file name, SHA-256", trimmed)
                        .hasSize(3);
                assertThat(fields[1]).as("pin line '%s'", trimmed).startsWith("V" + fields[0] + "__");
                pins.add(new Pin(fields[0], fields[1], fields[2]));
            }
            return pins;
        }
    }

    private static Pin pin(Path dir, String file) throws IOException {
        Matcher m = SCRIPT.matcher(file);
        assertThat(m.matches()).isTrue();
        return new Pin(m.group(1), file, sha256(dir.resolve(file)));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
