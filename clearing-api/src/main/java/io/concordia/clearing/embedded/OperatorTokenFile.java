package io.concordia.clearing.embedded;

import io.concordia.clearing.admin.TokenService;
import io.concordia.clearing.common.Roles;
import io.concordia.kafka.embedded.OwnerOnlyFiles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * In the embedded default, writes a fresh bootstrap token (operator and token-admin, the only token-admin there is) to {@code <data dir>/operator.jwt} (owner-only) at
 * every start, so a newcomer can script the API at once.
 */
@ApplicationScoped
public class OperatorTokenFile {

    static final String PROPERTY = "concordia.embedded.operator-token-file";
    private static final Logger LOG = Logger.getLogger(OperatorTokenFile.class);

    @ConfigProperty(name = PROPERTY)
    Optional<String> file;

    @Inject
    Clock clock;

    @Inject
    TokenService tokens;

    void onStart(@Observes StartupEvent event) {
        file.map(Path::of).ifPresent(this::write);
    }

    private void write(Path path) {
        String token = tokens.sign(
                UUID.randomUUID().toString(),
                "operator",
                null,
                Set.of(Roles.OPERATOR, Roles.TOKEN_ADMIN),
                null,
                clock.instant().plus(Duration.ofDays(30)));
        try {
            OwnerOnlyFiles.write(path, token + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the operator token to " + path, e);
        }
        LOG.infof("operator token written to %s", path);
    }
}
