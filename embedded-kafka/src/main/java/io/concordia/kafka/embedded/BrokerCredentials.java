package io.concordia.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The broker's passwords, generated once into {@code credentials.properties} of its data directory (readable by its
 * owner only) and kept across restarts. Nobody reaches the broker without one of them.
 *
 * <ul>
 *   <li>{@value #BROKER} (SASL/PLAIN): the node's own connections (to its KRaft controller listener, between its
 *       broker and itself) and the start-up step that creates the SCRAM users;</li>
 *   <li>{@value #APPLICATION} (SCRAM-SHA-256): the application's consumers, producers and admin calls;</li>
 *   <li>{@value #PUBLISHER} (SCRAM-SHA-256, or PLAIN on the client listener): venues and operators publishing by
 *       hand (kcat, the venue simulator). kcat's librdkafka before 2.6.1 (Debian 12 ships 2.0.2) cannot complete a
 *       SCRAM exchange with a Kafka 4 broker (it repeats the client nonce, which Kafka 4 refuses), so the publisher's
 *       kcat file logs in with PLAIN and the same password.</li>
 * </ul>
 *
 * <p>Generated passwords are URL-safe Base64, so they never need escaping in a JAAS line or a properties file.
 */
public record BrokerCredentials(Map<String, String> passwords) {

    public static final String BROKER = "broker";
    public static final String APPLICATION = "concordia";
    public static final String PUBLISHER = "publisher";
    /** The users that log in with SCRAM-SHA-256 on the client listener. */
    public static final List<String> SCRAM_USERS = List.of(APPLICATION, PUBLISHER);
    /** The users that may log in with PLAIN on the client listener, besides the broker itself. */
    public static final List<String> PLAIN_CLIENT_USERS = List.of(PUBLISHER);

    private static final List<String> USERS = List.of(BROKER, APPLICATION, PUBLISHER);
    private static final SecureRandom RANDOM = new SecureRandom();

    public BrokerCredentials {
        passwords = Map.copyOf(passwords);
        for (String user : USERS) {
            String password = passwords.get(user);
            if (password == null || !password.matches("[A-Za-z0-9_-]{20,}")) {
                throw new IllegalArgumentException("the password of " + user + " must be 20 or more of [A-Za-z0-9_-]");
            }
        }
    }

    /** Reads the file, generating the passwords it lacks (all of them the first time) and writing it owner-only. */
    public static BrokerCredentials inFile(Path file) {
        try {
            Properties stored = new Properties();
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    stored.load(in);
                }
            }
            Map<String, String> passwords = new LinkedHashMap<>();
            boolean generated = false;
            for (String user : USERS) {
                String password = stored.getProperty(user + ".password");
                if (password == null) {
                    password = generate();
                    generated = true;
                }
                passwords.put(user, password);
            }
            BrokerCredentials credentials = new BrokerCredentials(passwords);
            if (generated) {
                credentials.write(file);
            }
            return credentials;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the broker's credentials " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    file + " is damaged (" + e.getMessage() + "); delete the line to" + " generate a new password", e);
        }
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such broker user: " + user);
        }
        return password;
    }

    /** The JAAS line of a SCRAM login as {@code user}. */
    public String scramLogin(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password(user) + "\";";
    }

    /** The JAAS line of a PLAIN login as the broker itself. */
    public String brokerLogin() {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + BROKER
                + "\" password=\"" + password(BROKER) + "\";";
    }

    /** The JAAS line of the controller listener's PLAIN mechanism: the node's own login, and the only user it accepts. */
    public String brokerListenerLogin() {
        return plainListenerLogin(List.of(BROKER));
    }

    /**
     * The JAAS line of the client listener's PLAIN mechanism: the node's own login, and the users it accepts (the
     * node itself and {@link #PLAIN_CLIENT_USERS}; never the application, which logs in with SCRAM only).
     */
    public String clientListenerLogin() {
        List<String> accepted = new ArrayList<>(List.of(BROKER));
        accepted.addAll(PLAIN_CLIENT_USERS);
        return plainListenerLogin(accepted);
    }

    private String plainListenerLogin(List<String> accepted) {
        StringBuilder jaas =
                new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + BROKER + "\" password=\"" + password(BROKER) + "\"");
        for (String user : accepted) {
            jaas.append(" user_")
                    .append(user)
                    .append("=\"")
                    .append(password(user))
                    .append('"');
        }
        return jaas.append(';').toString();
    }

    @Override
    public String toString() {
        return "BrokerCredentials" + passwords.keySet();
    }

    private void write(Path file) throws IOException {
        Properties properties = new Properties();
        passwords.forEach((user, password) -> properties.setProperty(user + ".password", password));
        OwnerOnlyFiles.write(file, properties, "Passwords of the embedded Kafka broker. Readable by its owner only.");
    }

    private static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
