package io.concordia.clearing.common.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;

/**
 * Where and how every Kafka client of the application connects: {@code kafka.bootstrap.servers}, and for a cluster
 * that requires them the security settings below, each read from {@code kafka.<Kafka client property>} (or its
 * environment variable, {@code KAFKA_SASL_JAAS_CONFIG}, ...). The embedded default sets the SASL/SCRAM ones for its
 * broker; an external cluster names its own (the Helm chart's {@code kafka.sasl} and {@code kafka.tls} values).
 */
@ApplicationScoped
public class KafkaConnection {

    /** The Kafka client properties passed through. Keys outside this list are not read, so a typo is not silently sent. */
    static final List<String> SECURITY_PROPERTIES = List.of(
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "ssl.truststore.type",
            "ssl.truststore.location",
            "ssl.truststore.password",
            "ssl.truststore.certificates",
            "ssl.keystore.type",
            "ssl.keystore.location",
            "ssl.keystore.password",
            "ssl.key.password",
            "ssl.endpoint.identification.algorithm");

    @Inject
    Config config;

    /** A fresh copy: the bootstrap servers and the security settings that are configured. */
    public Properties properties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", config.getValue("kafka.bootstrap.servers", String.class));
        for (String key : SECURITY_PROPERTIES) {
            config.getOptionalValue("kafka." + key, String.class).ifPresent(value -> p.put(key, value));
        }
        return p;
    }
}
