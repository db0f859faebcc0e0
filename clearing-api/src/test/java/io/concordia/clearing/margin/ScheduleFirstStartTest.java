package io.concordia.clearing.margin;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.margin.replication.ReplicationCodec;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Several instances started together on a fresh database each find no active schedule and install the shipped
 * default. The first insert wins; the others wait for its commit and go on with its version, none fails its start.
 *
 * <p>The fresh database is a schema of its own in the test database, migrated by Flyway as the application's is, and
 * the two "instances" are two connections whose search path names it.
 */
@QuarkusTest
class ScheduleFirstStartTest {

    @Inject
    ScheduleService schedules;

    @Test
    void shouldInstallTheDefaultOnceWhenTwoInstancesStartTogetherOnAFreshDatabase() throws Exception {
        String schema = "first_start_" + Long.toHexString(System.nanoTime());
        Flyway.configure()
                .dataSource(TestDatabase.dataSource())
                .locations("classpath:db/migration")
                .schemas(schema)
                .defaultSchema(schema)
                .load()
                .migrate();
        try (Connection first = instance(schema);
                Connection second = instance(schema)) {
            assertThat(schedules.activateDue(first))
                    .as("the first instance installs")
                    .isTrue();
            int secondPid = pid(second);
            // the second looks before the first commits: no active version, so it inserts too, and waits on the key
            CompletableFuture<Boolean> secondInstalled = CompletableFuture.supplyAsync(() -> {
                try {
                    boolean installed = schedules.activateDue(second);
                    second.commit();
                    return installed;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Eventually.until(
                    "the second instance's insert waits for the first's commit", () -> waitsOnALock(secondPid));
            first.commit();

            assertThat(secondInstalled.get(30, TimeUnit.SECONDS))
                    .as("the second finds the version installed and goes on")
                    .isFalse();
            assertThat(TestDatabase.count(
                            "SELECT count(*) FROM " + schema + ".margin_schedule WHERE status = 'ACTIVE'"))
                    .isEqualTo(1);
            assertThat(schedules.activeVersion(second))
                    .contains(ReplicationCodec.DEFAULT.defaultSchedule().version());
        } finally {
            TestDatabase.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static Connection instance(String schema) throws SQLException {
        Connection c = TestDatabase.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema);
        }
        c.setAutoCommit(false);
        return c;
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean waitsOnALock(int pid) {
        return TestDatabase.count(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'", pid)
                == 1;
    }
}
