package io.concordia.simulator;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A Kafka client configuration file, in kcat's (librdkafka's) format or in Java's, as settings for a Java client.
 * The embedded default writes {@code data/kafka-client.properties} in librdkafka's format:
 *
 * <pre>
 * bootstrap.servers=127.0.0.1:19092
 * security.protocol=SASL_PLAINTEXT
 * sasl.mechanisms=PLAIN
 * sasl.username=publisher
 * sasl.password=...
 * </pre>
 *
 * librdkafka's {@code sasl.mechanisms}, {@code sasl.username} and {@code sasl.password} become Java's
 * {@code sasl.mechanism} and a {@code sasl.jaas.config} line; {@code ssl.ca.location} (a PEM file) becomes a PEM trust
 * store. Every other key is passed as it is, so a file in Java's own format works unchanged.
 */
public final class KafkaClientProperties {

    /** The settings that say where and how to connect, as opposed to how to produce or consume. */
    private static final Set<String> CONNECTION_PREFIXES =
            Set.of("bootstrap.servers", "security.protocol", "sasl.", "ssl.");

    private KafkaClientProperties() {}

    /** Reads the file into Java client settings. */
    public static Map<String, Object> load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka client configuration " + file, e);
        }
        Map<String, String> raw = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(key -> raw.put(key, p.getProperty(key).strip()));
        return fromLibrdkafka(raw);
    }

    static Map<String, Object> fromLibrdkafka(Map<String, String> raw) {
        Map<String, Object> java = new LinkedHashMap<>(raw);
        String mechanism = (String) java.remove("sasl.mechanisms");
        if (mechanism != null) {
            java.put("sasl.mechanism", mechanism);
        }
        String username = (String) java.remove("sasl.username");
        String password = (String) java.remove("sasl.password");
        if (username != null && !java.containsKey("sasl.jaas.config")) {
            String module =
                    String.valueOf(java.getOrDefault("sasl.mechanism", "PLAIN")).startsWith("SCRAM")
                            ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                            : "org.apache.kafka.common.security.plain.PlainLoginModule";
            java.put(
                    "sasl.jaas.config",
                    module + " required username=\"" + jaasEscape(username) + "\" password=\""
                            + jaasEscape(password == null ? "" : password) + "\";");
        }
        String ca = (String) java.remove("ssl.ca.location");
        if (ca != null) {
            java.put("ssl.truststore.type", "PEM");
            java.put("ssl.truststore.location", ca);
        }
        return java;
    }

    /** Only the settings of {@code config} that say where and how to connect (for an admin client, say). */
    public static Map<String, Object> connection(Map<String, ?> config) {
        Map<String, Object> connection = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (CONNECTION_PREFIXES.stream().anyMatch(key::startsWith)) {
                connection.put(key, value);
            }
        });
        return connection;
    }

    private static String jaasEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
