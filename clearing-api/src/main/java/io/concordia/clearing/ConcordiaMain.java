package io.concordia.clearing;

import io.concordia.clearing.embedded.EmbeddedInfrastructure;
import io.concordia.clearing.embedded.ApplicationLifecycle;
import io.concordia.clearing.embedded.Settings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts Concordia: first the embedded servers the configuration does not name, then the application. On
 * shutdown the application stops first (so consumers leave their group and connections close), then the
 * embedded servers.
 */
@QuarkusMain
public final class ConcordiaMain {

    private ConcordiaMain() {
    }

    public static void main(String... args) {
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(Settings.current());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ApplicationLifecycle.awaitStopped();
            infra.close();
        }, "embedded-shutdown"));
        Quarkus.run(args);
    }
}
