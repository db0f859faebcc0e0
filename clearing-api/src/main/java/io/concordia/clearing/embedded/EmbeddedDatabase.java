package io.concordia.clearing.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL 17 server from the Maven binaries, with its data in a folder that outlives the process.
 * Used by the embedded default and by the tests.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "concordia";
    static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private EmbeddedDatabase(EmbeddedPostgres server) {
        this.server = server;
    }

    /**
     * Starts PostgreSQL on {@code dataDir}, creating the cluster only when the folder is new.
     *
     * @param port 0 for any free port
     * @param durable whether commits wait for the WAL flush (the embedded default's real use) or not (tests)
     */
    public static EmbeddedDatabase start(Path dataDir, int port, boolean durable) {
        try {
            Files.createDirectories(dataDir);
            stopOrphan(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedDatabase db = new EmbeddedDatabase(builder.start());
            db.createDatabaseIfMissing();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    public String jdbcUrl() {
        return server.getJdbcUrl(USER, DATABASE);
    }

    public String username() {
        return USER;
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

    private void createDatabaseIfMissing() {
        try (Connection c = server.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + " in the embedded PostgreSQL", e);
        }
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
        Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream().findFirst()
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
