package io.concordia.clearing.embedded;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets the embedded servers outlive the application on shutdown: JVM shutdown hooks run concurrently, and a
 * broker or database stopped under a running application leaves consumers in their group and transactions
 * cut off. The servers' hook waits here until the application's own shutdown observers have run.
 */
@ApplicationScoped
public class ApplicationLifecycle {

    private static final CountDownLatch STOPPED = new CountDownLatch(1);
    private static volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    /** Observed last, after every other shutdown observer of the application. */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) ShutdownEvent event) {
        STOPPED.countDown();
    }

    /** Waits for the application to stop; briefly if it never started (a failed start has nothing to wait for). */
    public static void awaitStopped() {
        try {
            STOPPED.await(started ? 60 : 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
