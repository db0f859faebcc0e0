package io.concordia.kafka.embedded.broker;

import io.concordia.kafka.embedded.BrokerCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Creates the SCRAM users of {@link BrokerCredentials} at every start, as the broker's own PLAIN user, and waits
 * until the client listener accepts them. In KRaft, SCRAM credentials live in the cluster metadata; creating them
 * after start-up rather than when formatting also gives a data directory of an older version, formatted without
 * users, its users, and applies a password changed in the credentials file.
 */
final class ScramUsers {

    private static final Logger LOG = LogManager.getLogger(ScramUsers.class);
    private static final int ITERATIONS = 8192;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ScramUsers() {}

    static void provision(String bootstrapServers, BrokerCredentials credentials)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> asBroker = Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                credentials.brokerLogin());
        try (Admin admin = Admin.create(asBroker)) {
            List<UserScramCredentialAlteration> upserts = BrokerCredentials.SCRAM_USERS.stream()
                    .<UserScramCredentialAlteration>map(user -> new UserScramCredentialUpsertion(
                            user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, ITERATIONS),
                            credentials.password(user)))
                    .toList();
            admin.alterUserScramCredentials(upserts).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        awaitLogin(bootstrapServers, credentials);
        LOG.info("SCRAM users {} ready", BrokerCredentials.SCRAM_USERS);
    }

    /**
     * The broker learns of new credentials from the metadata log a moment after the controller accepted them; a
     * client refused in that moment would fail for good (authentication errors are not retried).
     */
    private static void awaitLogin(String bootstrapServers, BrokerCredentials credentials)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (String user : BrokerCredentials.SCRAM_USERS) {
            Map<String, Object> asUser = Map.of(
                    "bootstrap.servers",
                    bootstrapServers,
                    "security.protocol",
                    "SASL_PLAINTEXT",
                    "sasl.mechanism",
                    "SCRAM-SHA-256",
                    "sasl.jaas.config",
                    credentials.scramLogin(user));
            while (true) {
                try (Admin admin = Admin.create(asUser)) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new TimeoutException("the broker does not accept " + user + " within " + WAIT + ": " + e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }
}
