package io.concordia.kafka.embedded;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs the embedded broker on its own, for a person: start it, leave it running while the application or the
 * database is restarted, stop it with Ctrl-C.
 *
 * <pre>
 * java -jar embedded-kafka/target/embedded-kafka-1.0.0-SNAPSHOT.jar --data-dir ./data/kafka --port 9092
 * </pre>
 *
 * Ctrl-C or SIGTERM stop the broker gracefully (the JVM then exits with 130 or 143, as any JVM does); exits with 1
 * if the broker cannot start or stops by itself, 2 on a bad command line.
 */
public final class EmbeddedKafkaMain {

    static final String USAGE = """
            usage: java -jar embedded-kafka.jar [options]
              --data-dir DIR        data directory, kept across restarts (default ./data/kafka)
              --port PORT           client port on 127.0.0.1; 0 = last port of this data dir or any free one (default 9092)
              --partitions N        partitions of auto-created topics (default %d)
              --max-heap SIZE       broker JVM heap, e.g. 512m or 1g (default %s)
              --property KEY=VALUE  any Kafka broker property; repeatable
            """.formatted(BrokerSettings.DEFAULT_PARTITIONS, BrokerSettings.DEFAULT_MAX_HEAP);

    /** The publisher's client configuration (librdkafka format), written into the data directory at every start. */
    static final String CLIENT_CONFIG = "kafka-client.properties";

    private EmbeddedKafkaMain() {}

    public static void main(String[] args) throws InterruptedException {
        BrokerSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (settings == null) {
            System.out.print(USAGE);
            return;
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(settings);
        } catch (BrokerStartException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Path clientConfig = broker.dataDir().resolve(CLIENT_CONFIG);
        broker.writeClientConfig(clientConfig, BrokerCredentials.PUBLISHER);
        ShutdownOnSignal shutdown = new ShutdownOnSignal(broker);
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "embedded-kafka-stop"));
        PrintStream out = System.out;
        out.println("Kafka " + BrokerClasspath.kafkaVersion() + " broker ready: bootstrap servers "
                + broker.bootstrapServers());
        out.println("  clients log in with SASL/SCRAM-SHA-256 (the publisher also with PLAIN): kcat -F " + clientConfig
                + " -P -t trades.venue-a");
        out.println("  passwords: " + broker.dataDir().resolve("credentials.properties"));
        out.println("  data: " + broker.dataDir());
        out.println("  log:  " + broker.logFile());
        out.println("  broker pid: " + broker.pid());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        int exitCode = broker.awaitExit();
        if (!shutdown.requested) {
            System.err.println("The broker exited by itself with code " + exitCode + "; see " + broker.logFile());
            System.exit(1);
        }
    }

    /** Returns null when help was asked for. */
    static BrokerSettings parse(String[] args) {
        BrokerSettings settings = BrokerSettings.of(Path.of("data", "kafka")).withPort(9092);
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if ("--help".equals(name) || "-h".equals(name)) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            settings = switch (name) {
                case "--data-dir" -> settings.withDataDir(Path.of(value));
                case "--port" -> settings.withPort(parseInt(name, value));
                case "--partitions" -> settings.withPartitions(parseInt(name, value));
                case "--max-heap" -> settings.withMaxHeap(value);
                case "--property" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--property must be KEY=VALUE, was '" + value + "'");
                    }
                    yield settings.withBrokerProperty(value.substring(0, equals), value.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            };
        }
        return settings;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }

    private static final class ShutdownOnSignal implements Runnable {

        private final EmbeddedKafkaBroker broker;
        private volatile boolean requested;

        ShutdownOnSignal(EmbeddedKafkaBroker broker) {
            this.broker = broker;
        }

        @Override
        public void run() {
            requested = true;
            if (broker.isAlive()) {
                System.out.println("Stopping the broker...");
                broker.stop();
                System.out.println("Broker stopped.");
            }
        }
    }
}
