package io.concordia.clearing.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.clearing.embedded.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another user of the host, or a compromised application, can do to the embedded PostgreSQL: nothing without
 * the password, and with the application's role nothing beyond reading and writing rows under the database's rules.
 */
class EmbeddedDatabaseAccessTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseEveryLoginWithoutTheGeneratedPassword() throws Exception {
        Path cluster = dir.resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster, 0, false)) {
            for (String role : List.of("postgres", EmbeddedDatabase.OWNER, EmbeddedDatabase.APPLICATION)) {
                for (String database : List.of("concordia", "postgres", "template1")) {
                    String url = "jdbc:postgresql://localhost:" + db.port() + "/" + database;
                    assertThatThrownBy(() ->
                                    DriverManager.getConnection(url, role, "").close())
                            .as("%s into %s without a password", role, database)
                            .isInstanceOf(SQLException.class);
                    assertThatThrownBy(() -> DriverManager.getConnection(url, role, "guess")
                                    .close())
                            .as("%s into %s with a wrong password", role, database)
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("password authentication failed");
                }
            }
            assertThat(Path.of("/tmp/.s.PGSQL." + db.port()))
                    .as("no Unix socket to reach it by")
                    .doesNotExist();
            assertThat(Path.of("/var/run/postgresql/.s.PGSQL." + db.port())).doesNotExist();
            try (Connection c = db.connect(db.application());
                    Statement st = c.createStatement()) {
                assertThat(single(st, "SHOW password_encryption")).isEqualTo("scram-sha-256");
            }
        }
        Path credentials = EmbeddedDatabase.credentialsFile(cluster);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster)))
                .isEqualTo("rwx------");
        assertThat(Files.readString(cluster.resolve("pg_hba.conf")))
                .doesNotContain("trust")
                .contains("scram-sha-256");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no initdb password file left behind")
                    .containsExactlyInAnyOrder("postgres", "postgres-credentials.properties");
        }
    }

    @Test
    void shouldNotLetTheApplicationRoleSwitchOffTheLedgerAndAuditRules() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0, false)) {
            migrate(db);
            try (Connection owner = db.connect(db.owner());
                    Statement st = owner.createStatement()) {
                st.execute(
                        "INSERT INTO audit_log (actor, action, object_type, object_code) VALUES ('test', 'TEST', 'x', 'y')");
            }
            try (Connection app = db.connect(db.application());
                    Statement st = app.createStatement()) {
                assertThat(single(st, "SELECT count(*) FROM audit_log"))
                        .as("the application reads")
                        .isNotEqualTo("0");
                for (String attack : List.of(
                        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
                        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                        "ALTER TABLE posting DISABLE TRIGGER USER",
                        "DROP TRIGGER audit_log_append_only ON audit_log",
                        "DROP TRIGGER posting_balanced ON posting",
                        "DROP FUNCTION refuse_change() CASCADE",
                        "CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
                        "ALTER TABLE journal_entry ADD COLUMN note TEXT",
                        "SET session_replication_role = replica",
                        "UPDATE audit_log SET actor = 'someone else'",
                        "DELETE FROM audit_log",
                        "TRUNCATE audit_log",
                        "DROP TABLE audit_log",
                        "ALTER TABLE audit_log OWNER TO concordia_app",
                        "CREATE TABLE shadow (id int)",
                        "COPY (SELECT 1) TO PROGRAM 'touch /tmp/concordia-pwned'",
                        "COPY audit_log TO '/tmp/concordia-audit-copy'",
                        "SELECT pg_read_file('pg_hba.conf')",
                        "CREATE ROLE intruder SUPERUSER",
                        "ALTER ROLE concordia_app SUPERUSER",
                        "GRANT concordia_owner TO concordia_app")) {
                    assertThatThrownBy(() -> st.execute(attack), attack).isInstanceOf(SQLException.class);
                }
            }
            assertThat(Path.of("/tmp/concordia-pwned")).doesNotExist();
            try (Connection owner = db.connect(db.owner());
                    Statement st = owner.createStatement()) {
                assertThat(single(st, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'"))
                        .as("no trigger disabled")
                        .isEqualTo("0");
                assertThat(
                                single(
                                        st,
                                        "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal"))
                        .isEqualTo("2");
            }
        }
    }

    @Test
    void shouldGrantTheApplicationRowsOfTablesThatLaterMigrationsCreateWithoutGrantsOfTheirOwn() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0, false)) {
            migrate(db);
            try (Connection owner = db.connect(db.owner());
                    Statement st = owner.createStatement()) {
                st.execute("CREATE TABLE added_later (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)");
                st.execute("CREATE SEQUENCE added_later_numbers");
            }
            try (Connection app = db.connect(db.application());
                    Statement st = app.createStatement()) {
                st.execute("INSERT INTO added_later (v) VALUES ('a'), ('b')");
                st.execute("UPDATE added_later SET v = 'c' WHERE v = 'b'");
                st.execute("DELETE FROM added_later WHERE v = 'a'");
                assertThat(single(st, "SELECT string_agg(v, ',') FROM added_later"))
                        .isEqualTo("c");
                assertThat(single(st, "SELECT nextval('added_later_numbers')")).isEqualTo("1");
                st.execute("ANALYZE added_later");
                assertThatThrownBy(() -> st.execute("ALTER TABLE added_later ADD COLUMN w TEXT"))
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void shouldUpgradeAClusterThatAnOlderVersionCreatedWithTrustAndEverythingOwnedByTheSuperuser() throws Exception {
        Path cluster = dir.resolve("postgres");
        int port;
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder()
                .setDataDirectory(cluster)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .start()) {
            port = legacy.getPort();
            try (Connection c = legacy.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE concordia");
            }
            String url = legacy.getJdbcUrl("postgres", "concordia");
            Flyway.configure()
                    .dataSource(url, "postgres", "")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                    Statement st = c.createStatement()) {
                st.execute(
                        "INSERT INTO audit_log (actor, action, object_type, object_code) VALUES ('old', 'KEPT', 'x', 'y')");
            }
        }
        assertThat(Files.readString(cluster.resolve("pg_hba.conf"))).contains("trust");

        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster, port, false)) {
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), "postgres", "")
                            .close())
                    .as("trust is gone")
                    .isInstanceOf(SQLException.class);
            try (Connection app = db.connect(db.application());
                    Statement st = app.createStatement()) {
                assertThat(single(st, "SELECT action FROM audit_log WHERE actor = 'old'"))
                        .isEqualTo("KEPT");
                assertThat(
                                single(
                                        st,
                                        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'concordia_owner'"))
                        .as("every table moved to the owner role")
                        .isEqualTo("0");
                assertThatThrownBy(() -> st.execute("ALTER TABLE audit_log DISABLE TRIGGER ALL"))
                        .isInstanceOf(SQLException.class);
                st.execute(
                        "INSERT INTO audit_log (actor, action, object_type, object_code) VALUES ('new', 'WRITTEN', 'x', 'y')");
            }
            try (Connection owner = db.connect(db.owner());
                    Statement st = owner.createStatement()) {
                assertThat(single(
                                st,
                                "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                                        + "WHERE n.nspname = 'public' AND p.proowner <> 'concordia_owner'::regrole"))
                        .isEqualTo("0");
                st.execute("ALTER TABLE audit_log ADD COLUMN later_migration TEXT");
            }
            Flyway flyway = Flyway.configure()
                    .dataSource(db.jdbcUrl(), db.owner().user(), db.owner().password())
                    .locations("classpath:db/migration")
                    .load();
            flyway.validate();
            assertThat(flyway.migrate().migrationsExecuted).isZero();
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster, 0, false);
                Connection app = db.connect(db.application());
                Statement st = app.createStatement()) {
            assertThat(single(st, "SELECT count(*) FROM audit_log WHERE actor IN ('old', 'new')"))
                    .as("a second start")
                    .isEqualTo("2");
        }
    }

    private static void migrate(EmbeddedDatabase db) {
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.owner().user(), db.owner().password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
