package io.concordia.kafka.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The classpath of the broker's child JVM: this module's own jar (or classes directory), then the Kafka jars that
 * Maven resolved for this module at build time.
 *
 * <p>The build writes the jars into the resource {@value #CLASSPATH_RESOURCE} as paths relative to the local Maven
 * repository ({@code M2_REPO/org/apache/kafka/...}), and the repository it used into {@value #BUILD_RESOURCE}. The
 * jars are not copied anywhere: they stay in the local repository, which exists wherever Maven built the project.
 * This works the same from {@code target/classes} in a reactor build and from the jar inside a packaged Quarkus
 * application, which does not carry the broker's jars (they are optional dependencies).
 *
 * <p>Two system properties override the defaults: {@value #REPOSITORY_PROPERTY} names another local repository,
 * {@value #CLASSPATH_PROPERTY} replaces the Kafka jars altogether (a path list in the platform's format).
 */
final class BrokerClasspath {

    static final String CLASSPATH_RESOURCE = "broker.classpath";
    static final String BUILD_RESOURCE = "broker-build.properties";
    static final String REPOSITORY_PROPERTY = "concordia.kafka.m2-repository";
    static final String CLASSPATH_PROPERTY = "concordia.kafka.broker-classpath";
    private static final String REPOSITORY_TOKEN = "M2_REPO";

    private BrokerClasspath() {}

    /** The classpath for {@code java -cp}, with the platform's path separator. */
    static String asArgument() {
        return entries().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** This module's location first, then every Kafka jar; each entry is checked to exist. */
    static List<Path> entries() {
        List<Path> entries = new ArrayList<>();
        entries.add(ownLocation());
        entries.addAll(kafkaJars());
        List<Path> missing =
                entries.stream().filter(path -> !Files.exists(path)).toList();
        if (!missing.isEmpty()) {
            throw new BrokerStartException("The embedded Kafka broker's classpath names " + missing.size()
                    + " file(s) that do not exist, for example " + missing.get(0) + ". The jars are read from the"
                    + " local Maven repository that built this module (" + repository() + "). Build the project"
                    + " on this machine (mvn -pl embedded-kafka -am install), or set -D" + REPOSITORY_PROPERTY
                    + "=<local repository> or -D" + CLASSPATH_PROPERTY + "=<Kafka " + kafkaVersion() + " jars>.");
        }
        return List.copyOf(entries);
    }

    /** The Kafka version the broker classpath was built for. */
    static String kafkaVersion() {
        return buildProperties().getProperty("kafka.version", "unknown");
    }

    static List<Path> kafkaJars() {
        String override = System.getProperty(CLASSPATH_PROPERTY);
        if (override != null && !override.isBlank()) {
            return split(override, File.pathSeparator).stream().map(Path::of).toList();
        }
        Path repository = repository();
        return split(readResource(CLASSPATH_RESOURCE), ":").stream()
                .map(entry -> entry.startsWith(REPOSITORY_TOKEN + "/")
                        ? repository.resolve(entry.substring(REPOSITORY_TOKEN.length() + 1))
                        : Path.of(entry))
                .toList();
    }

    /**
     * The local Maven repository: the override property, else the one that built this module if it still exists,
     * else {@code ~/.m2/repository}.
     */
    static Path repository() {
        String override = System.getProperty(REPOSITORY_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String built = buildProperties().getProperty("m2.repository");
        if (built != null && !built.isBlank() && Files.isDirectory(Path.of(built))) {
            return Path.of(built);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * The jar or classes directory holding this module, which carries {@code BrokerMain}. Quarkus's class loaders,
     * like the JDK's, give a class a code source; the class file's own URL is the fallback.
     */
    static Path ownLocation() {
        CodeSource codeSource = BrokerClasspath.class.getProtectionDomain().getCodeSource();
        if (codeSource != null && codeSource.getLocation() != null) {
            Path fromCodeSource = toLocalPath(codeSource.getLocation(), null);
            if (fromCodeSource != null && Files.exists(fromCodeSource)) {
                return fromCodeSource;
            }
        }
        String classFile = BrokerClasspath.class.getName().replace('.', '/') + ".class";
        URL url = BrokerClasspath.class.getClassLoader().getResource(classFile);
        Path fromResource = url == null ? null : toLocalPath(url, classFile);
        if (fromResource == null || !Files.exists(fromResource)) {
            throw new BrokerStartException(
                    "Cannot find the jar or directory that holds " + BrokerClasspath.class.getName() + " (code source "
                            + codeSource + ", resource " + url + "); the broker's child JVM"
                            + " needs it on its classpath. Run the launcher from a plain jar or classes directory.");
        }
        return fromResource;
    }

    private static Path toLocalPath(URL url, String resourceName) {
        try {
            String text = url.toString();
            if (text.startsWith("jar:")) {
                int separator = text.indexOf("!/");
                String jar = separator < 0 ? text.substring(4) : text.substring(4, separator);
                return Path.of(new URI(jar));
            }
            if (!"file".equals(url.getProtocol())) {
                return null;
            }
            Path path = Path.of(url.toURI());
            if (resourceName == null) {
                return path;
            }
            int depth = resourceName.split("/").length;
            Path root = path;
            for (int i = 0; i < depth && root != null; i++) {
                root = root.getParent();
            }
            return root;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(BUILD_RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + BUILD_RESOURCE, e);
        }
        return properties;
    }

    private static String readResource(String name) {
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new BrokerStartException(
                        "The resource " + BrokerClasspath.class.getPackageName().replace('.', '/') + "/" + name
                                + " is missing: embedded-kafka was not built by Maven"
                                + " (its generate-resources phase writes it). Build it with mvn -pl embedded-kafka -am"
                                + " package, or set -D" + CLASSPATH_PROPERTY + ".");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    private static List<String> split(String text, String separator) {
        return Arrays.stream(text.strip().split(Pattern.quote(separator)))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }
}
