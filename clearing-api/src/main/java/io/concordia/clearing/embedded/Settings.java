package io.concordia.clearing.embedded;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings read before Quarkus starts (the embedded servers must exist before the datasource is configured):
 * a system property wins, then the environment variable of the same name in the MicroProfile Config form
 * ({@code quarkus.datasource.jdbc.url} → {@code QUARKUS_DATASOURCE_JDBC_URL}).
 */
public record Settings(Properties system, Map<String, String> environment) {

    public static Settings current() {
        return new Settings(System.getProperties(), System.getenv());
    }

    Optional<String> get(String key) {
        String value = system.getProperty(key);
        if (value == null) {
            value = environment.get(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }
}
