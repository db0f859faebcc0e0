package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerClassArchiveTest {

    private static final List<String> OPTIONS = List.of("-Xmx64m");

    @TempDir
    Path temp;

    @Test
    void shouldWriteTheArchiveAtTheFirstGracefulExitAndMapItAtTheNextStart() throws Exception {
        Path cache = temp.resolve("cache");
        Path jar = probeJar(temp.resolve("probe.jar"));

        BrokerClassArchive first =
                BrokerClassArchive.of(cache, List.of(jar), OPTIONS).orElseThrow();
        assertThat(first.jvmOptions()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
        Run written = java(first.jvmOptions(), jar);
        first.afterExit(written.exitCode());
        assertThat(written.exitCode()).isZero();
        assertThat(first.archive()).isRegularFile();
        assertThat(files(cache)).containsExactly(first.archive());

        BrokerClassArchive second =
                BrokerClassArchive.of(cache, List.of(jar), OPTIONS).orElseThrow();
        assertThat(second.archive()).isEqualTo(first.archive());
        assertThat(second.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + first.archive());
        List<String> mapped = new ArrayList<>(second.jvmOptions());
        mapped.add("-Xlog:class+load=info");
        Run read = java(mapped, jar);
        assertThat(read.exitCode()).isZero();
        assertThat(read.output())
                .as("the probe's class came from the archive")
                .containsPattern(ClassArchiveProbe.class.getName() + " source: shared objects file \\(top\\)");
    }

    @Test
    void shouldKeepNothingOfAJvmThatDidNotExitCleanly() throws Exception {
        Path cache = temp.resolve("cache");
        Path jar = probeJar(temp.resolve("probe.jar"));
        BrokerClassArchive archive =
                BrokerClassArchive.of(cache, List.of(jar), OPTIONS).orElseThrow();
        Path pending = Path.of(archive.jvmOptions().get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.writeString(pending, "half an archive");

        archive.afterExit(137);

        assertThat(files(cache)).isEmpty();
        assertThat(archive.jvmOptions().get(0)).startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void shouldNameAnArchiveByEveryClasspathEntrysSizeAndTimeAndTheJvmOptions() throws Exception {
        Path cache = temp.resolve("cache");
        Path jar = probeJar(temp.resolve("probe.jar"));
        Path before = BrokerClassArchive.of(cache, List.of(jar), OPTIONS)
                .orElseThrow()
                .archive();

        assertThat(BrokerClassArchive.of(cache, List.of(jar), List.of("-Xmx128m"))
                        .orElseThrow()
                        .archive())
                .isNotEqualTo(before);
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertThat(BrokerClassArchive.of(cache, List.of(jar), OPTIONS)
                        .orElseThrow()
                        .archive())
                .as("a rebuilt jar")
                .isNotEqualTo(before);
    }

    @Test
    void shouldArchiveNothingFromAClassesDirectory() throws Exception {
        Path classes = Files.createDirectories(temp.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "not empty");
        Path jar = probeJar(temp.resolve("probe.jar"));

        assertThat(BrokerClassArchive.of(temp.resolve("cache"), List.of(classes, jar), OPTIONS))
                .isEmpty();
    }

    @Test
    void shouldKeepTheArchivesUsedLastAndDropOrphansOlderThanADay() throws Exception {
        Path cache = Files.createDirectories(temp.resolve("cache"));
        long now = System.currentTimeMillis();
        List<Path> old = new ArrayList<>();
        for (int i = 0; i < BrokerClassArchive.KEPT + 2; i++) {
            Path a = Files.writeString(cache.resolve("old-" + i + ".jsa"), "archive " + i);
            Files.setLastModifiedTime(a, FileTime.fromMillis(now - (i + 1) * 3_600_000L));
            old.add(a);
        }
        Path orphan = Files.writeString(cache.resolve("x.1-2.jsa.tmp"), "left by a dead launcher");
        Files.setLastModifiedTime(orphan, FileTime.fromMillis(now - 2 * 86_400_000L));
        Path young = Files.writeString(cache.resolve("x.3-4.jsa.tmp"), "being written now");
        Path jar = probeJar(temp.resolve("probe.jar"));
        BrokerClassArchive archive =
                BrokerClassArchive.of(cache, List.of(jar), OPTIONS).orElseThrow();
        Path pending = Path.of(archive.jvmOptions().get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        Files.writeString(pending, "a whole archive");

        archive.afterExit(0);

        List<Path> kept = new ArrayList<>(List.of(archive.archive(), young));
        kept.addAll(old.subList(0, BrokerClassArchive.KEPT - 1));
        assertThat(files(cache)).containsExactlyInAnyOrderElementsOf(kept);
    }

    /** A jar holding {@link ClassArchiveProbe} only. */
    private static Path probeJar(Path jar) throws IOException {
        String entry = ClassArchiveProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                InputStream in = ClassArchiveProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private record Run(int exitCode, String output) {}

    private static Run java(List<String> archiveOptions, Path jar) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(OPTIONS);
        command.addAll(archiveOptions);
        command.add("-cp");
        command.add(jar.toString());
        command.add(ClassArchiveProbe.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
