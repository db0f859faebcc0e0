package io.concordia.clearing.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.clearing.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading a populated database from the previous release's schema (V0013, the last migration before the marks
 * guard and the margin-call causes) to the current one, on the real PostgreSQL, as Flyway does when a new version
 * of the service starts on an existing database.
 *
 * <p>The database at V0013 holds a representative book ({@code upgrade/populate-v0013.sql}). After the upgrade every
 * row of every table that existed at V0013 is unchanged in every column it had; the data migrations filled the new
 * columns and tables as their scripts say; and the new constraints hold on the upgraded data.
 */
class SchemaUpgradeTest {

    private static final MigrationVersion PREVIOUS_RELEASE = MigrationVersion.fromVersion("13");

    @TempDir
    static Path dataDir;

    static EmbeddedDatabase database;
    /** Every table at V0013: its columns, and its rows as text in those columns, sorted. */
    static Map<String, List<String>> columnsBefore;

    static Map<String, List<String>> rowsBefore;
    static String versionAfter;

    @BeforeAll
    static void upgradeAPopulatedDatabaseFromThePreviousRelease() throws Exception {
        database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0, false);
        Flyway toPrevious = flyway().target(PREVIOUS_RELEASE).load();
        toPrevious.migrate();
        assertThat(toPrevious.info().current().getVersion()).isEqualTo(PREVIOUS_RELEASE);
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute(resource("/upgrade/populate-v0013.sql"));
            c.commit();
        }
        columnsBefore = columnsOfEveryTable();
        rowsBefore = rowsOf(columnsBefore);

        Flyway toCurrent = flyway().load();
        toCurrent.migrate();
        versionAfter = toCurrent.info().current().getVersion().getVersion();
        assertThat(toCurrent.validateWithResult().validationSuccessful)
                .as("Flyway validation after the upgrade")
                .isTrue();
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void shouldUpgradeToTheLatestMigration() {
        assertThat(MigrationVersion.fromVersion(versionAfter)).isGreaterThan(PREVIOUS_RELEASE);
        assertThat(flyway().load().info().pending())
                .as("migrations left to apply")
                .isEmpty();
    }

    @Test
    void shouldKeepEveryRowOfEveryTableInItsOldColumns() throws SQLException {
        assertThat(rowsBefore.get("account")).hasSize(5); // the CCP's own and four members' accounts
        assertThat(rowsBefore.get("posting")).hasSize(8);
        assertThat(rowsBefore.get("margin_call")).hasSize(3);

        Map<String, List<String>> rowsAfter = rowsOf(columnsBefore);

        for (String table : columnsBefore.keySet()) {
            assertThat(rowsAfter.get(table))
                    .as("rows of %s in its V0013 columns", table)
                    .isEqualTo(rowsBefore.get(table));
        }
    }

    @Test
    void shouldKeepBalancesAndPositions() throws SQLException {
        assertThat(
                        decimal(
                                "SELECT b.balance FROM ledger_balance b JOIN ledger_account la ON la.id = b.ledger_account_id WHERE la.code = 'ACC:ALPHA-H1'"))
                .isEqualByComparingTo("100000.00");
        assertThat(
                        decimal(
                                "SELECT b.balance FROM ledger_balance b JOIN ledger_account la ON la.id = b.ledger_account_id WHERE la.code = 'CCP:CUSTODY'"))
                .isEqualByComparingTo("-108300.50");
        assertThat(decimal("SELECT sum(amount) FROM posting"))
                .as("I1 over the whole ledger")
                .isEqualByComparingTo("0");
        assertThat(decimal("SELECT sum(quantity) FROM position"))
                .as("I2: positions per product sum to zero")
                .isEqualByComparingTo("0");
    }

    @Test
    void shouldGiveEveryMarginCallTheCausesItWasRaisedFor() throws SQLException {
        assertThat(rows("""
                SELECT a.code, x.cause, coalesce(i.direction || ' ' || m.code, '-'), x.amount, CASE WHEN x.met_at IS NULL THEN 'open' ELSE 'met' END
                  FROM margin_call_cause x JOIN margin_call c ON c.id = x.call_id JOIN account a ON a.id = c.account_id
                  LEFT JOIN settlement_instruction i ON i.id = x.instruction_id LEFT JOIN member m ON m.id = i.member_id
                 ORDER BY a.code, x.cause"""))
                .containsExactly(
                        "ALPHA-H1|MARGIN_DEFICIT|-|250.00|met",
                        "BETA-H1|MARGIN_DEFICIT|-|2360.00|open",
                        "BETA-H1|SETTLEMENT_FAILURE|PAY BETA|1000.00|open",
                        "DELTA-H1|SETTLEMENT_FAILURE|PAY DELTA|500.00|open");
        assertThat(rows("""
                SELECT a.code FROM margin_call c JOIN account a ON a.id = c.account_id
                 WHERE c.status NOT IN ('MET', 'CANCELLED')
                   AND c.amount <> (SELECT sum(x.amount) FROM margin_call_cause x WHERE x.call_id = c.id AND x.met_at IS NULL)"""))
                .as("open calls whose amount is not the sum of their open causes")
                .isEmpty();
    }

    @Test
    void shouldClassifyTheRejectedConfirmations() throws SQLException {
        assertThat(
                        rows(
                                "SELECT source_offset, outcome, coalesce(code, '-') FROM settlement_confirmation ORDER BY source_offset"))
                .containsExactly("0|APPLIED|-", "1|REJECTED|UNKNOWN_INSTRUCTION", "2|REJECTED|UNCLASSIFIED");
    }

    @Test
    void shouldStartStoredMarginAndMarksWithoutStaleOrHeldProducts() throws SQLException {
        assertThat(
                        rows(
                                "SELECT a.code || ' ' || m.stale_marks::text || ' ' || m.held_marks::text FROM account_margin m JOIN account a ON a.id = m.account_id ORDER BY 1"))
                .containsExactly("ALPHA-H1 {} {}", "BETA-H1 {} {}", "DELTA-H1 {} {}");
        assertThat(rows("SELECT count(*) FROM margin_history WHERE stale_marks <> '{}' OR held_marks <> '{}'"))
                .containsExactly("0");
        assertThat(
                        rows(
                                "SELECT p.symbol || ' ' || m.price || ' ' || coalesce(m.held_price::text, 'not held') FROM mark m JOIN product p ON p.id = m.product_id"))
                .containsExactly("BTC-PERP 60000.000000000000000000 not held");
    }

    @Test
    void shouldEnforceTheNewConstraintsOnTheUpgradedData() throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate("""
                    UPDATE mark SET held_price = 70000, held_sources = 2, held_since = now(), held_reason = 'moved 16 %'
                     WHERE product_id = (SELECT id FROM product WHERE symbol = 'BTC-PERP')""");
            st.executeUpdate(
                    "UPDATE mark SET source = 'ACCEPTED', price = 70000, held_price = NULL, held_sources = NULL, "
                            + "held_since = NULL, held_reason = NULL");
            c.rollback();

            assertThatThrownBy(() -> st.executeUpdate("UPDATE mark SET held_price = 70000"))
                    .as("a hold without its sources, start and reason")
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("mark_hold_complete");
            c.rollback();
            assertThatThrownBy(() -> st.executeUpdate("""
                    INSERT INTO margin_call_cause (call_id, cause, amount, opened_at)
                    SELECT c.id, 'MARGIN_DEFICIT', 1, now() FROM margin_call c JOIN account a ON a.id = c.account_id WHERE a.code = 'BETA-H1'"""))
                    .as("a second open deficit on one call")
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("margin_call_cause_one_open");
            c.rollback();
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure()
                .dataSource(
                        database.jdbcUrl(),
                        database.owner().user(),
                        database.owner().password())
                .locations("classpath:db/migration");
    }

    private static Connection connect() throws SQLException {
        return database.connect(database.owner());
    }

    private static Map<String, List<String>> columnsOfEveryTable() throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                SELECT table_name, column_name FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'
                   AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE')
                 ORDER BY table_name, ordinal_position""")) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        assertThat(columns).as("tables at V0013").hasSizeGreaterThan(40);
        return columns;
    }

    private static Map<String, List<String>> rowsOf(Map<String, List<String>> columns) throws SQLException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> table : columns.entrySet()) {
            String text = String.join(
                    " || '|' || ",
                    table.getValue().stream()
                            .map(col -> "coalesce(\"" + col + "\"::text, 'NULL')")
                            .toList());
            rows.put(table.getKey(), rows("SELECT " + text + " FROM \"" + table.getKey() + "\" ORDER BY 1"));
        }
        return rows;
    }

    /** Each row of {@code sql} as its columns' text joined by '|'. */
    private static List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(rs.getString(i)));
                }
                out.add(String.join("|", values));
            }
        }
        return out;
    }

    private static BigDecimal decimal(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getBigDecimal(1);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
