package io.concordia.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's table in a real PostgreSQL, written as the sink writes it: every field bound as a string over a
 * {@code stringtype=unspecified} connection; and the sink's transactions read back from their commit times.
 */
class ConnectSinkTableTest {

    @TempDir
    static Path dataDir;

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setServerConfig("track_commit_timestamp", "on")
                .start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void shouldStoreTheRecordsStringsAsTheInboxsTypesAndCountEachTransaction() throws SQLException {
        ConnectSink.Mode mode = ConnectSink.Mode.UPSERT;
        try (Connection c = connect()) {
            c.createStatement().execute(ConnectSink.createTable(mode));
            insert(
                    c,
                    mode,
                    List.of(
                            row("tp-1", "67012.50", "3", "2026-12-05T18:00:00.123Z"),
                            row("tp-2", "0.01", "1", "2026-12-05T18:00:01Z")));
            insert(c, mode, List.of(row("tp-3", "1", "250", "2026-12-05T18:00:02Z")));

            try (var rs = c.createStatement()
                    .executeQuery("SELECT price, quantity, \"executedAt\" FROM " + mode.table()
                            + " WHERE \"tradeId\" = 'tp-1'")) {
                rs.next();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(new BigDecimal("67012.50"));
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(new BigDecimal("3"));
                assertThat(rs.getTimestamp(3)).isEqualTo(Timestamp.from(Instant.parse("2026-12-05T18:00:00.123Z")));
            }
            List<Commits.Batch> transactions = Commits.tableBatches(c, mode.table());
            assertThat(transactions).extracting(Commits.Batch::trades).containsExactly(2L, 1L);
            assertThat(transactions.get(0).commitMicros())
                    .isLessThanOrEqualTo(transactions.get(1).commitMicros());

            assertThatThrownBy(() -> insert(c, mode, List.of(row("tp-4", "-1", "1", "2026-12-05T18:00:03Z"))))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("check constraint");
            assertThatThrownBy(() -> insert(c, mode, List.of(row("tp-1", "1", "1", "2026-12-05T18:00:03Z"))))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("duplicate key");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres") + "&stringtype=unspecified");
    }

    private static List<String> row(String tradeId, String price, String quantity, String executedAt) {
        return List.of("venue-a", tradeId, "BTC-PERP", price, quantity, "ACC-00001", "ACC-00002", executedAt);
    }

    /** One transaction, every value bound with setString, in the record's field order. */
    private static void insert(Connection c, ConnectSink.Mode mode, List<List<String>> rows) throws SQLException {
        String columns = ConnectSink.FIELDS.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "));
        String marks = ConnectSink.FIELDS.stream().map(f -> "?").collect(Collectors.joining(", "));
        c.setAutoCommit(false);
        try (var st = c.prepareStatement("INSERT INTO " + mode.table() + " (" + columns + ") VALUES (" + marks + ")")) {
            for (List<String> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    st.setString(i + 1, row.get(i));
                }
                st.addBatch();
            }
            st.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
