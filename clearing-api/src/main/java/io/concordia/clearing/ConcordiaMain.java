package io.concordia.clearing;

import io.concordia.clearing.embedded.EmbeddedInfrastructure;
import io.concordia.clearing.embedded.Settings;
import io.quarkus.runtime.Application;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.time.Duration;

/**
 * Starts Concordia: first the embedded servers the configuration does not name, then the application. On
 * shutdown the application stops completely first (its workers and consumers finish, connections close), then the
 * broker, then the database.
 *
 * <p>JVM shutdown hooks run concurrently, so the servers are not stopped by a hook: Quarkus calls the exit handler
 * below once it has stopped (on SIGTERM or Ctrl-C too), and the hook registered here only keeps the JVM alive until
 * that handler has stopped the servers.
 */
@QuarkusMain
public final class ConcordiaMain {

    private static final Duration SERVERS_STOP_WITHIN = Duration.ofSeconds(90);

    private ConcordiaMain() {}

    public static void main(String... args) {
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(Settings.current());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> infra.awaitClosed(SERVERS_STOP_WITHIN), "embedded-shutdown"));
        Quarkus.run(
                null,
                (exitCode, failure) -> {
                    if (failure != null) {
                        // the one place a failed start is told: the causes in one line each, without a stack trace
                        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                            System.err.println((t == failure ? "Concordia failed to start: " : "  caused by: ") + t);
                        }
                    }
                    Application application = ApplicationLifecycleManager.getCurrentApplication();
                    if (application != null) {
                        application
                                .awaitShutdown(); // a signal stops it on Quarkus's own hook thread, maybe still running
                    }
                    infra.close();
                    if (!ApplicationLifecycleManager.isVmShuttingDown()) {
                        System.exit(exitCode);
                    }
                },
                args);
    }
}
