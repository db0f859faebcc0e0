package io.concordia.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) running in a child JVM
 * on 127.0.0.1, with its data in a directory that is kept across restarts. Clients authenticate with SASL/SCRAM
 * ({@link #clientProperties(String)}); the passwords are generated into the data directory, see
 * {@link BrokerCredentials}.
 *
 * <pre>{@code
 * EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of("data/kafka"), 9092);
 * String bootstrapServers = broker.bootstrapServers(); // "127.0.0.1:9092"
 * ...
 * broker.stop();
 * }</pre>
 *
 * <p>The child runs {@link io.concordia.kafka.embedded.broker.BrokerMain} with the same {@code java} as this JVM
 * and the classpath described in {@link BrokerClasspath}. It watches its standard input, which only this object
 * holds open: when this JVM exits for any reason, even {@code kill -9}, the pipe closes and the broker shuts down.
 * No shutdown hook is registered here, because the application must be stopped before its broker; the caller
 * decides when to call {@link #stop()}.
 *
 * <p>Before starting, a broker left running on the same data directory is stopped if the process that launched it
 * is gone or is this JVM. A broker of the same data directory that belongs to another live process is left alone,
 * and the start fails saying so.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The only address the broker listens on. */
    public static final String HOST = "127.0.0.1";

    private static final System.Logger LOG = System.getLogger(EmbeddedKafkaBroker.class.getName());
    private static final String BROKER_MAIN = "io.concordia.kafka.embedded.broker.BrokerMain";
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    private final BrokerSettings settings;
    private final BrokerLayout layout;
    private final Process process;
    private final int port;
    private final BrokerCredentials credentials;
    private final Optional<BrokerClassArchive> classArchive;
    private boolean stopRequested;

    private EmbeddedKafkaBroker(
            BrokerSettings settings,
            BrokerLayout layout,
            Process process,
            int port,
            BrokerCredentials credentials,
            Optional<BrokerClassArchive> classArchive) {
        this.settings = settings;
        this.layout = layout;
        this.process = process;
        this.port = port;
        this.credentials = credentials;
        this.classArchive = classArchive;
    }

    /**
     * Starts a broker with the default settings.
     *
     * @param dataDir the data directory, created if missing
     * @param port    the client port, or 0 for the port of the last start of this data directory if it is free,
     *                else any free port
     * @return the running broker, ready for clients
     * @throws BrokerStartException if the broker cannot be started or is not ready within the start timeout
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        return start(BrokerSettings.of(dataDir).withPort(port));
    }

    /**
     * Starts a broker and waits until it accepts clients.
     *
     * @throws BrokerStartException if the broker cannot be started or is not ready within the start timeout; the
     *                              message ends with the last lines of the broker's output and log
     */
    public static EmbeddedKafkaBroker start(BrokerSettings settings) {
        BrokerLayout layout = BrokerLayout.of(settings.dataDir());
        try {
            for (Path dir : List.of(layout.dataDir(), layout.logsDir(), layout.configDir(), layout.tmpDir())) {
                Files.createDirectories(dir);
            }
            // It holds the passwords and the data: its owner's only.
            Files.setPosixFilePermissions(layout.dataDir(), PosixFilePermissions.fromString("rwx------"));
            BrokerCredentials credentials = BrokerCredentials.inFile(layout.credentialsFile());
            stopLeftoverBroker(layout, settings.stopTimeout());
            Ports ports = choosePorts(settings, layout);
            writeLog4jConfig(layout);
            Files.deleteIfExists(layout.readyFile());
            writeClasspathArgumentFile(layout);
            Optional<BrokerClassArchive> classArchive =
                    BrokerClassArchive.of(BrokerClasspath.entries(), heapAndJvmOptions(settings));
            List<String> command = command(settings, layout, ports, classArchive);
            LOG.log(
                    System.Logger.Level.INFO,
                    "Starting embedded Kafka {0} broker on {1}:{2,number,#} with data in {3}",
                    BrokerClasspath.kafkaVersion(),
                    HOST,
                    ports.client(),
                    layout.dataDir());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(layout.dataDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.to(layout.stdoutLog().toFile()));
            // Options meant for the parent (a debugger agent on a fixed port, say) would break or clash in the child.
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            Process process = builder.start();
            try {
                awaitReady(process, settings, layout, ports);
            } catch (RuntimeException e) {
                classArchive.ifPresent(archive -> archive.afterExit(-1));
                throw e;
            }
            ports.store(layout.portsFile());
            LOG.log(
                    System.Logger.Level.INFO,
                    "Embedded Kafka broker ready at {0}:{1,number,#} (pid {2,number,#})",
                    HOST,
                    ports.client(),
                    process.pid());
            return new EmbeddedKafkaBroker(settings, layout, process, ports.client(), credentials, classArchive);
        } catch (IOException e) {
            throw new BrokerStartException(
                    "Cannot start the embedded Kafka broker in " + layout.dataDir() + ": " + e, e);
        }
    }

    /** The address for {@code bootstrap.servers}, for example {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /**
     * What a Java Kafka client needs to connect as {@code user} ({@link BrokerCredentials#APPLICATION} or
     * {@link BrokerCredentials#PUBLISHER}): {@code bootstrap.servers}, {@code security.protocol},
     * {@code sasl.mechanism} and {@code sasl.jaas.config}.
     */
    public Map<String, String> clientProperties(String user) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("security.protocol", "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", "SCRAM-SHA-256");
        properties.put("sasl.jaas.config", credentials.scramLogin(user));
        return properties;
    }

    /**
     * Writes, readable by its owner only, a librdkafka configuration file to connect as {@code user} (one of
     * {@link BrokerCredentials#PLAIN_CLIENT_USERS}): {@code kcat -F FILE -P -t trades.venue-a}. The venue simulator
     * reads it too. It logs in with SASL/PLAIN: librdkafka before 2.6.1, which kcat packages still ship, cannot
     * complete SCRAM with a Kafka 4 broker. The password crosses loopback only.
     */
    public void writeClientConfig(Path file, String user) {
        if (!BrokerCredentials.PLAIN_CLIENT_USERS.contains(user)) {
            throw new IllegalArgumentException(
                    user + " cannot log in with PLAIN: only " + BrokerCredentials.PLAIN_CLIENT_USERS);
        }
        // Plain key=value lines: librdkafka does not undo the escapes of java.util.Properties (127.0.0.1\:9092).
        String config = """
                # The embedded Kafka broker, as %1$s. librdkafka format: kcat -F %2$s ...
                # Rewritten at every start of the broker. Readable by its owner only.
                bootstrap.servers=%3$s
                security.protocol=SASL_PLAINTEXT
                sasl.mechanisms=PLAIN
                sasl.username=%1$s
                sasl.password=%4$s
                """.formatted(user, file.getFileName(), bootstrapServers(), credentials.password(user));
        try {
            OwnerOnlyFiles.write(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Path dataDir() {
        return layout.dataDir();
    }

    /** The broker's log file. */
    public Path logFile() {
        return layout.brokerLog();
    }

    /** The process id of the broker's JVM. */
    public long pid() {
        return process.pid();
    }

    /** The settings it was started with: {@code start(settings())} starts it again on the same folder and ports. */
    public BrokerSettings settings() {
        return settings.withPort(port);
    }

    /**
     * SIGKILL, as a crashed machine: no controlled shutdown, no flush; returns once the JVM is gone. The next
     * {@link #start(BrokerSettings)} on the same folder recovers the log.
     */
    public synchronized void kill() {
        stopRequested = true;
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            classArchive.ifPresent(archive -> archive.afterExit(-1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the broker gracefully: closes its standard input, which makes it shut down, and waits up to the stop
     * timeout; then terminates it, and kills it if it still runs. Does nothing the second time.
     */
    public synchronized void stop() {
        if (stopRequested) {
            return;
        }
        stopRequested = true;
        if (!process.isAlive()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "Stopping embedded Kafka broker at {0}", bootstrapServers());
        try {
            closeQuietly(process.getOutputStream());
            if (process.waitFor(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                classArchive.ifPresent(archive -> archive.afterExit(process.exitValue()));
                return;
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Embedded Kafka broker (pid {0,number,#}) did not stop within {1};" + " terminating it",
                    process.pid(),
                    settings.stopTimeout());
            process.destroy();
            if (!process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            classArchive.ifPresent(archive -> archive.afterExit(-1));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Waits until the broker's JVM has exited, for whatever reason.
     *
     * @return its exit code: 0 after a graceful stop
     */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", pid " + process.pid() + ", " + layout.dataDir() + "]";
    }

    /** The options that decide how the JVM lays out memory and classes; a class archive is valid for these only. */
    private static List<String> heapAndJvmOptions(BrokerSettings settings) {
        List<String> options = new ArrayList<>();
        options.add("-Xms64m");
        options.add("-Xmx" + settings.maxHeap());
        // Kafka's own launcher script uses these G1 settings.
        options.add("-XX:+UseG1GC");
        options.add("-XX:MaxGCPauseMillis=20");
        options.add("-XX:InitiatingHeapOccupancyPercent=35");
        options.add("-XX:+ExitOnOutOfMemoryError");
        options.addAll(settings.jvmOptions());
        return options;
    }

    private static List<String> command(
            BrokerSettings settings, BrokerLayout layout, Ports ports, Optional<BrokerClassArchive> classArchive) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(heapAndJvmOptions(settings));
        command.add("-Djava.awt.headless=true");
        command.add("-Djava.io.tmpdir=" + layout.tmpDir());
        command.add("-Dlog4j2.configurationFile=" + layout.log4jConfig().toUri());
        classArchive.ifPresent(archive -> command.addAll(archive.jvmOptions()));
        command.add("@" + layout.classpathArgumentFile());
        command.add(BROKER_MAIN);
        command.add("--data-dir");
        command.add(layout.dataDir().toString());
        command.add("--port");
        command.add(Integer.toString(ports.client()));
        command.add("--controller-port");
        command.add(Integer.toString(ports.controller()));
        command.add("--partitions");
        command.add(Integer.toString(settings.partitions()));
        KraftNode node = settings.node();
        command.add("--node-id");
        command.add(Integer.toString(node.nodeId()));
        if (!node.single()) {
            command.add("--controller-quorum");
            command.add(node.quorumVoters());
        }
        if (!node.clusterId().isEmpty()) {
            command.add("--cluster-id");
            command.add(node.clusterId());
        }
        for (Map.Entry<String, String> property : settings.brokerProperties().entrySet()) {
            command.add("--property");
            command.add(property.getKey() + "=" + property.getValue());
        }
        return command;
    }

    /** The {@code java} of this JVM, so the broker runs on the same Java version. */
    private static Path javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            return java;
        }
        return ProcessHandle.current()
                .info()
                .command()
                .map(Path::of)
                .orElseThrow(() -> new BrokerStartException(
                        "Cannot find the java executable of this JVM under " + System.getProperty("java.home")));
    }

    private static void awaitReady(Process process, BrokerSettings settings, BrokerLayout layout, Ports ports)
            throws IOException {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        try {
            while (!Files.exists(layout.readyFile())) {
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    throw new BrokerStartException("The embedded Kafka broker for " + layout.dataDir()
                            + " exited with code " + process.exitValue() + " before it was ready."
                            + logTails(layout));
                }
                if (System.nanoTime() - deadline > 0) {
                    process.destroyForcibly();
                    process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    throw new BrokerStartException("The embedded Kafka broker for " + layout.dataDir()
                            + " was not ready on " + HOST + ":" + ports.client() + " within "
                            + settings.startTimeout() + " and was killed." + logTails(layout));
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BrokerStartException("Interrupted while waiting for the embedded Kafka broker to start", e);
        }
    }

    /**
     * Stops a broker that a previous run left on this data directory. Kafka would otherwise refuse to start on a
     * locked log directory, or the port would be taken.
     */
    private static void stopLeftoverBroker(BrokerLayout layout, Duration stopTimeout) throws IOException {
        Optional<Properties> pidFile = readProperties(layout.pidFile());
        if (pidFile.isEmpty()) {
            return;
        }
        long pid = parseLong(pidFile.get().getProperty("pid"));
        long launcher = parseLong(pidFile.get().getProperty("launcher"));
        Optional<ProcessHandle> broker =
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> isBrokerOf(handle, layout));
        if (broker.isEmpty()) {
            Files.deleteIfExists(layout.pidFile());
            return;
        }
        boolean launcherAlive =
                ProcessHandle.of(launcher).map(ProcessHandle::isAlive).orElse(false);
        if (launcherAlive && launcher != ProcessHandle.current().pid()) {
            throw new BrokerStartException("The data directory " + layout.dataDir() + " is in use by a running"
                    + " embedded Kafka broker (pid " + pid + ") that process " + launcher + " started"
                    + readProperties(layout.portsFile())
                            .map(p -> " on " + HOST + ":" + p.getProperty("client"))
                            .orElse("")
                    + ". Use that broker (set kafka.bootstrap.servers), stop it, or choose another data directory.");
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "Stopping the embedded Kafka broker (pid {0,number,#}) left running on {1}",
                pid,
                layout.dataDir());
        ProcessHandle handle = broker.get();
        handle.destroy();
        if (!awaitExit(handle, stopTimeout)) {
            handle.destroyForcibly();
            if (!awaitExit(handle, KILL_WAIT)) {
                throw new BrokerStartException("Cannot stop the embedded Kafka broker (pid " + pid + ") left running"
                        + " on " + layout.dataDir());
            }
        }
        Files.deleteIfExists(layout.pidFile());
    }

    private static boolean isBrokerOf(ProcessHandle handle, BrokerLayout layout) {
        return handle.info()
                .commandLine()
                .map(line -> line.contains(BROKER_MAIN)
                        && line.contains(layout.dataDir().toString()))
                .orElse(false);
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("Interrupted while stopping a leftover embedded Kafka broker", e);
        }
    }

    private static Ports choosePorts(BrokerSettings settings, BrokerLayout layout) {
        Optional<Properties> last = readProperties(layout.portsFile());
        int client = settings.port();
        if (client == 0) {
            client = last.map(p -> parseInt(p.getProperty("client")))
                    .filter(EmbeddedKafkaBroker::isFree)
                    .orElseGet(LocalPorts::free);
        } else if (!isFree(client)) {
            throw new BrokerStartException("Cannot start the embedded Kafka broker for " + layout.dataDir()
                    + ": port " + client + " on " + HOST + " is already in use. Stop whatever listens there (another"
                    + " Kafka broker?), or choose another port.");
        }
        int clientPort = client;
        if (settings.node().controllerPort() > 0) {
            // A node of a cluster: the other voters know this port, so it is never changed.
            return new Ports(client, settings.node().controllerPort());
        }
        int controller = last.map(p -> parseInt(p.getProperty("controller")))
                .filter(candidate -> candidate != clientPort && isFree(candidate))
                .orElseGet(() -> LocalPorts.freeOtherThan(List.of(clientPort)));
        return new Ports(client, controller);
    }

    private static boolean isFree(int port) {
        if (port <= 0 || port > 65_535) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeLog4jConfig(BrokerLayout layout) throws IOException {
        String dir = escapeXml(layout.logsDir().toString());
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by EmbeddedKafkaBroker on every start: edits here are overwritten. -->
                <Configuration status="WARN" shutdownHook="disable">
                  <Appenders>
                    <RollingFile name="broker" fileName="%1$s/broker.log" filePattern="%1$s/broker.log.%%i">
                      <PatternLayout pattern="%%d{ISO8601} %%-5p [%%t] %%c - %%m%%n"/>
                      <Policies><SizeBasedTriggeringPolicy size="20 MB"/></Policies>
                      <DefaultRolloverStrategy max="5"/>
                    </RollingFile>
                  </Appenders>
                  <Loggers>
                    <Logger name="kafka.request.logger" level="WARN"/>
                    <Logger name="state.change.logger" level="WARN"/>
                    <Root level="INFO"><AppenderRef ref="broker"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(dir);
        OwnerOnlyFiles.write(layout.log4jConfig(), xml);
    }

    /**
     * The classpath goes into a {@code java @argfile}: on the command line its 4 KB would push the main class and the
     * data directory past what {@code /proc/PID/cmdline} readers (ProcessHandle, ps) show, and the leftover-broker
     * check reads them.
     */
    private static void writeClasspathArgumentFile(BrokerLayout layout) throws IOException {
        String classpath = BrokerClasspath.asArgument().replace("\\", "\\\\").replace("\"", "\\\"");
        OwnerOnlyFiles.write(layout.classpathArgumentFile(), "-cp\n\"" + classpath + "\"\n");
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static String logTails(BrokerLayout layout) {
        StringBuilder tails = new StringBuilder();
        for (Path file : List.of(layout.stdoutLog(), layout.brokerLog())) {
            List<String> tail = tail(file);
            if (!tail.isEmpty()) {
                tails.append(System.lineSeparator())
                        .append("--- last lines of ")
                        .append(file)
                        .append(" ---");
                tail.forEach(line -> tails.append(System.lineSeparator()).append(line));
            }
        }
        return tails.toString();
    }

    private static List<String> tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(cannot read " + file + ": " + e + ")");
        }
    }

    private static Optional<Properties> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
            return Optional.of(properties);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long parseLong(String text) {
        try {
            return text == null ? -1 : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int parseInt(String text) {
        return (int) Math.max(-1, Math.min(Integer.MAX_VALUE, parseLong(text)));
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // The pipe is already broken, which means the child is gone or going: nothing left to close.
        }
    }

    /** The client port and the KRaft controller port, which only the broker itself uses. */
    private record Ports(int client, int controller) {

        void store(Path file) throws IOException {
            Properties properties = new Properties();
            properties.setProperty("client", Integer.toString(client));
            properties.setProperty("controller", Integer.toString(controller));
            OwnerOnlyFiles.write(file, properties, "Ports of the last start of this embedded Kafka broker");
        }
    }
}
