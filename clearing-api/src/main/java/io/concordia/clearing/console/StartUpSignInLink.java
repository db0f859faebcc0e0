package io.concordia.clearing.console;

import io.concordia.clearing.common.Roles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * In the embedded default (the one that writes the bootstrap token file), prints a one-time console sign-in link for
 * the operator who started the service. It is readable by whoever reads this process's output, like the data folder
 * is by its owner; it works once and for {@code concordia.console.sign-in-ttl}.
 */
@ApplicationScoped
public class StartUpSignInLink {

    private static final Logger LOG = Logger.getLogger(StartUpSignInLink.class);

    @ConfigProperty(name = "concordia.embedded.operator-token-file")
    Optional<String> operatorTokenFile;

    @Inject
    ConsoleConfig config;

    @ConfigProperty(name = "quarkus.http.host")
    String host;

    @ConfigProperty(name = "quarkus.http.port")
    int port;

    @Inject
    ConsoleSessions sessions;

    void onStart(@Observes StartupEvent event) {
        if (operatorTokenFile.isEmpty() || !config.startUpLink()) {
            return;
        }
        ConsoleSessions.Link link = sessions.issueAtStart("operator", Set.of(Roles.OPERATOR));
        LOG.infof(
                "console: sign in once, within %s, at http://%s:%d%s",
                link.expiresAt(), host, port, ConsoleSignInLinkResource.path(link.code()));
    }
}
