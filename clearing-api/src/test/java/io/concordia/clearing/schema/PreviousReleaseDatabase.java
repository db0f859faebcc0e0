package io.concordia.clearing.schema;

import io.concordia.clearing.margin.SyntheticHistory;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.margin.replication.ReplicationCodec;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Turns the fresh database of a test profile into one left by the previous release: migrated to V0013 and filled
 * with {@code upgrade/populate-v0013.sql}, before the application starts. The application's own Flyway then
 * upgrades it at start, as it does in production, and Hibernate validates its entities against the result.
 *
 * <p>Runs after {@code ConcordiaTestResources}, which starts the database ({@link #order()}).
 */
public class PreviousReleaseDatabase implements QuarkusTestResourceLifecycleManager {

    static final String PREVIOUS_RELEASE = "13";

    @Override
    public Map<String, String> start() {
        try (Connection c = TestDatabase.connect()) {
            // as the owner role, like the application's own Flyway
            Flyway.configure()
                    .dataSource(TestDatabase.dataSource())
                    .locations("classpath:db/migration")
                    .target(PREVIOUS_RELEASE)
                    .load()
                    .migrate();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(populateScript());
            }
            // the stored margin names a schedule the application reads: margin-core's shipped parameters,
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE margin_schedule SET body = ?::jsonb WHERE version = 'default-1'")) {
                ps.setString(
                        1,
                        ReplicationCodec.DEFAULT.writeSchedule(
                                ReplicationCodec.DEFAULT.defaultSchedule().withVersion("default-1")));
                ps.executeUpdate();
            }
            // and the scenario set it names the closes the application rebuilds it from
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE scenario_set SET closes_csv = ? WHERE id = 'synthetic-1'")) {
                ps.setString(
                        1, SyntheticHistory.csv(List.of("BTC", "ETH"), LocalDate.parse("2026-11-24"), 1002, 20131130L));
                ps.executeUpdate();
            }
            c.commit();
            return Map.of();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the previous release's database", e);
        }
    }

    static String populateScript() {
        try (InputStream in = PreviousReleaseDatabase.class.getResourceAsStream("/upgrade/populate-v0013.sql")) {
            if (in == null) {
                throw new IllegalStateException("upgrade/populate-v0013.sql is missing from the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the database is ConcordiaTestResources', stopped with it
    }

    @Override
    public int order() {
        return 1000;
    }
}
