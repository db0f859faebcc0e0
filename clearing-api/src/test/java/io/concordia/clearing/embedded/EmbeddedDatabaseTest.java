package io.concordia.clearing.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default's database keeps its data across restarts and recovers from a killed predecessor. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepDataAcrossRestarts() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0, true)) {
            execute(db, "CREATE TABLE kept (v TEXT)");
            execute(db, "INSERT INTO kept VALUES ('survives')");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0, true)) {
            assertThat(queryOne(db, "SELECT v FROM kept")).isEqualTo("survives");
        }
    }

    @Test
    void shouldStopTheServerOfAJvmKilledWithSignalNine() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), OrphanMaker.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            // the child's start-up log
        }
        assertThat(line).as("the child started its database").isEqualTo("READY");
        child.destroyForcibly().waitFor(); // kill -9: the postgres it started keeps running
        assertThat(Files.exists(dir.resolve("postmaster.pid"))).isTrue();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0, true)) {
            assertThat(queryOne(db, "SELECT v FROM kept")).isEqualTo("after a crash");
        }
    }

    /** Runs in a child JVM: starts the database, writes a row, and waits to be killed. */
    public static final class OrphanMaker {
        public static void main(String[] args) throws Exception {
            EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), 0, true);
            execute(db, "CREATE TABLE kept (v TEXT)");
            execute(db, "INSERT INTO kept VALUES ('after a crash')");
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void shouldApplyEveryMigrationToAnEmptyDatabaseAndValidateAfterwards() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0, false)) {
            Flyway flyway = Flyway.configure()
                    .dataSource(db.jdbcUrl(), db.owner().user(), db.owner().password())
                    .locations("classpath:db/migration")
                    .load();
            int applied = flyway.migrate().migrationsExecuted;
            assertThat(applied).isGreaterThanOrEqualTo(4);
            assertThat(flyway.migrate().migrationsExecuted)
                    .as("a second run applies nothing")
                    .isZero();
            flyway.validate();
            assertThat(queryOne(
                            db,
                            "SELECT string_agg(code, ',' ORDER BY code) FROM ledger_account WHERE kind LIKE 'CCP_%'"))
                    .isEqualTo(
                            "CCP:CUSTODY,CCP:DEFAULT-LOSS,CCP:FEES,CCP:ROUNDING,CCP:SETTLEMENT,CCP:SKIN-IN-THE-GAME,CCP:UNCOVERED-LOSS,CCP:WITHDRAWALS-PENDING");
            assertThat(queryOne(
                            db,
                            "SELECT string_agg(m.code || '/' || a.code, ',') FROM member m JOIN account a ON a.member_id = m.id "
                                    + "WHERE m.is_ccp"))
                    .as("the CCP's own default-management account")
                    .isEqualTo("CCP/CCP-DM");
        }
    }

    private static void execute(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(db.owner());
                var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String queryOne(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(db.owner());
                var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
