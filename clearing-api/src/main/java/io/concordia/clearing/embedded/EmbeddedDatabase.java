package io.concordia.clearing.embedded;

import io.concordia.kafka.embedded.OwnerOnlyFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL 17 server from the Maven binaries, with its data in a folder that outlives the process.
 * Used by the embedded default and by the tests.
 *
 * <p>Nobody else on the host can use it: every connection authenticates with SCRAM-SHA-256 (passwords generated
 * into an owner-only file beside the cluster, see {@link DatabaseCredentials}), the server listens on loopback only
 * and opens no Unix socket, and the cluster folder is private to its owner (initdb makes it 0700).
 *
 * <p>Three roles: the bootstrap superuser {@code postgres}, used only here; {@value #OWNER}, which owns the database
 * and everything the migrations create; and {@value #APPLICATION}, which the application connects as. The
 * application role owns nothing and may only read and write rows (plus ANALYZE): it cannot disable or drop the
 * triggers that keep the ledger balanced and the audit log append-only, truncate a table, or run anything as the
 * server ({@code COPY ... TO PROGRAM} needs a superuser). Default privileges of the owner role give it the same
 * rights on every table and sequence a later migration creates, so migrations need no grants of their own.
 *
 * <p>A cluster created by an older version (trust authentication, everything owned by {@code postgres}) is upgraded
 * on start: passwords are set, the roles are created, ownership moves to {@value #OWNER}, then authentication
 * switches to SCRAM.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Owns the database, its schema and every object the migrations create. */
    public static final String OWNER = "concordia_owner";
    /** What the application connects as: rows only. */
    public static final String APPLICATION = "concordia_app";

    static final String DATABASE = "concordia";
    private static final String SUPERUSER = "postgres";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, MAINTAIN";
    private static final String SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE";
    private static final String HBA = """
            # Written by Concordia at every start of its embedded PostgreSQL: edits here are overwritten.
            # Password (SCRAM-SHA-256) over loopback TCP only; the server opens no Unix socket.
            host    all    all    127.0.0.1/32    scram-sha-256
            host    all    all    ::1/128         scram-sha-256
            """;

    /** A role and its password. */
    public record Login(String user, String password) {

        @Override
        public String toString() {
            return "Login[" + user + "]";
        }
    }

    private final EmbeddedPostgres server;
    private final DatabaseCredentials credentials;

    private EmbeddedDatabase(EmbeddedPostgres server, DatabaseCredentials credentials) {
        this.server = server;
        this.credentials = credentials;
    }

    /**
     * Starts PostgreSQL on {@code dataDir}, creating the cluster only when the folder is new; the passwords live in
     * {@link #credentialsFile(Path)}.
     *
     * @param port 0 for any free port
     * @param durable whether commits wait for the WAL flush (the embedded default's real use) or not (tests)
     */
    public static EmbeddedDatabase start(Path dataDir, int port, boolean durable) {
        Path pwfile = null;
        try {
            Files.createDirectories(dataDir.getParent());
            stopOrphan(dataDir);
            DatabaseCredentials credentials = DatabaseCredentials.inFile(credentialsFile(dataDir));
            boolean newCluster = !Files.exists(dataDir.resolve("postgresql.conf"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // The caller stops the server, after the application: a hook of its own would stop it under it.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setConnectConfig("password", credentials.superuser())
                    .setDataDirectoryCustomizer(EmbeddedDatabase::requirePasswordsOnceSet);
            if (newCluster) {
                // initdb's own options (zonky passes "locale config" to initdb as --key=value): the superuser gets
                // its password and password authentication from the first moment, never trust.
                pwfile = dataDir.resolveSibling(dataDir.getFileName() + ".initdb-password");
                OwnerOnlyFiles.write(pwfile, credentials.superuser() + "\n");
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pwfile.toString());
            }
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedDatabase db = new EmbeddedDatabase(builder.start(), credentials);
            try {
                db.setUpRoles();
                db.switchTrustToPasswords(dataDir);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        } finally {
            if (pwfile != null) {
                try {
                    Files.deleteIfExists(pwfile);
                } catch (IOException e) {
                    LOG.warnf("cannot delete %s: %s", pwfile, e.getMessage());
                }
            }
        }
    }

    /** The owner-only file with the roles' passwords, beside the cluster folder. */
    public static Path credentialsFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-credentials.properties");
    }

    /** The database's URL, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
    }

    /** The role the application connects as. */
    public Login application() {
        return new Login(APPLICATION, credentials.application());
    }

    /** The role that owns the schema and runs the migrations. */
    public Login owner() {
        return new Login(OWNER, credentials.owner());
    }

    /**
     * The application's configuration for this database: it connects as {@value #APPLICATION}, Flyway migrates as
     * {@value #OWNER}.
     */
    public Map<String, String> applicationConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl());
        config.put("quarkus.datasource.username", APPLICATION);
        config.put("quarkus.datasource.password", credentials.application());
        config.put("quarkus.flyway.username", OWNER);
        config.put("quarkus.flyway.password", credentials.owner());
        return config;
    }

    /** A new connection to the application's database as this login. */
    public Connection connect(Login login) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), login.user(), login.password());
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    /**
     * Runs before every start. A cluster that still trusts (made by an older version) keeps its trust for this one
     * start, so that {@link #switchTrustToPasswords} can set the passwords; every other start rewrites the rules.
     */
    private static void requirePasswordsOnceSet(File dataDir) {
        Path hba = dataDir.toPath().resolve("pg_hba.conf");
        try {
            if (!trusts(hba)) {
                Files.writeString(hba, HBA);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hba, e);
        }
    }

    private static boolean trusts(Path hba) throws IOException {
        return Files.exists(hba)
                && Files.readAllLines(hba).stream()
                        .map(String::strip)
                        .filter(line -> !line.startsWith("#"))
                        .anyMatch(line -> line.matches(".*\\strust(\\s.*)?"));
    }

    /** Leaves a cluster of an older version on password authentication, reloading the server's rules. */
    private void switchTrustToPasswords(Path dataDir) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        if (!trusts(hba)) {
            return;
        }
        Files.writeString(hba, HBA);
        inDatabase("postgres", "SELECT pg_reload_conf()");
        LOG.infof("embedded PostgreSQL in %s now requires passwords (kept in %s)", dataDir, credentialsFile(dataDir));
    }

    /**
     * Creates the roles and the database when missing and (re)applies their passwords, ownership and grants. Safe
     * to run at every start; it is what upgrades a cluster of an older version.
     */
    private void setUpRoles() {
        inDatabase(
                "postgres",
                "ALTER ROLE " + SUPERUSER + " PASSWORD '" + credentials.superuser() + "'",
                ensureRole(OWNER, credentials.owner()),
                ensureRole(APPLICATION, credentials.application()));
        if (!databaseExists()) {
            inDatabase("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
        }
        inDatabase(
                "postgres",
                "ALTER DATABASE " + DATABASE + " OWNER TO " + OWNER,
                "REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC",
                "GRANT CONNECT, TEMPORARY ON DATABASE " + DATABASE + " TO " + APPLICATION);
        inDatabase(
                DATABASE,
                TRANSFER_OWNERSHIP,
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "GRANT USAGE ON SCHEMA public TO " + APPLICATION,
                "ALTER DEFAULT PRIVILEGES FOR ROLE " + OWNER + " IN SCHEMA public GRANT " + TABLE_PRIVILEGES
                        + " ON TABLES TO " + APPLICATION,
                "ALTER DEFAULT PRIVILEGES FOR ROLE " + OWNER + " IN SCHEMA public GRANT " + SEQUENCE_PRIVILEGES
                        + " ON SEQUENCES TO " + APPLICATION,
                "GRANT " + TABLE_PRIVILEGES + " ON ALL TABLES IN SCHEMA public TO " + APPLICATION,
                "GRANT " + SEQUENCE_PRIVILEGES + " ON ALL SEQUENCES IN SCHEMA public TO " + APPLICATION);
    }

    /** A login role with no power beyond what is granted to it. */
    private static String ensureRole(String role, String password) {
        return """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN CREATE ROLE %1$s; END IF;
                END $$;
                ALTER ROLE %1$s WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT
                  PASSWORD '%2$s';
                """.formatted(role, password);
    }

    /**
     * Hands what an older version created as {@code postgres} to the owner role (REASSIGN OWNED cannot take objects
     * from the bootstrap superuser). Tables first: their sequences and indexes move with them.
     */
    private static final String TRANSFER_OWNERSHIP = """
            DO $$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                          AND c.relowner = 'postgres'::regrole LOOP
                EXECUTE format('ALTER TABLE %s OWNER TO OWNER_ROLE', r.name);
              END LOOP;
              FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner = 'postgres'::regrole LOOP
                EXECUTE format('ALTER SEQUENCE %s OWNER TO OWNER_ROLE', r.name);
              END LOOP;
              FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = 'public' AND p.proowner = 'postgres'::regrole LOOP
                EXECUTE format('ALTER ROUTINE %s OWNER TO OWNER_ROLE', r.name);
              END LOOP;
              FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                        WHERE n.nspname = 'public' AND t.typowner = 'postgres'::regrole AND t.typtype IN ('e', 'd', 'c')
                          AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') LOOP
                EXECUTE format('ALTER TYPE %s OWNER TO OWNER_ROLE', r.name);
              END LOOP;
            END $$
            """.replace("OWNER_ROLE", OWNER);

    private boolean databaseExists() {
        try (Connection c = superuser("postgres");
                var st = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            st.setString(1, DATABASE);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the databases of the embedded PostgreSQL", e);
        }
    }

    private void inDatabase(String database, String... statements) {
        try (Connection c = superuser(database);
                Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the roles of the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + server.getPort() + "/" + database, SUPERUSER, credentials.superuser());
    }

    /**
     * A JVM killed with -9 leaves its postgres running (pg_ctl daemonises it), and the next start would fail on
     * the lock file. Stop the server named by postmaster.pid if it is still alive.
     */
    static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream()
                .findFirst()
                .map(String::trim)
                .filter(s -> s.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle p = orphan.get();
        LOG.infof("stopping orphaned PostgreSQL server (pid %d) left in %s", p.pid(), dataDir);
        p.destroy(); // SIGTERM: PostgreSQL's smart shutdown
        try {
            p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
        Files.deleteIfExists(pidFile);
    }
}
