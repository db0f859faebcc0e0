package io.concordia.kafka.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for a process that is told its port now and listens on it later: an embedded broker, a database, an
 * application started by a test.
 *
 * <p>A port from {@code new ServerSocket(0)} comes from the kernel's ephemeral range, the same range every outgoing
 * connection takes its local port from. Between choosing such a port and binding it, a process that opens a few
 * dozen connections while it starts (to its database, to its broker) can take it for one of them, and the listener
 * then fails with "address already in use". The ports chosen here lie below the ephemeral range, where no outgoing
 * connection lands; a port is offered only if it can be bound at that moment.
 */
public final class LocalPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LINUX_EPHEMERAL_LOW = 32_768;
    /** Below the ports of well-known services that development machines often run (databases, brokers, 8080...). */
    private static final int LOWEST = 10_000;

    private static final int ATTEMPTS = 1_000;

    private LocalPorts() {}

    /** A port no listener holds now and no outgoing connection will take. */
    public static int free() {
        return freeOtherThan(List.of());
    }

    /** As {@link #free()}, and none of {@code taken}: ports already handed out and not yet bound. */
    public static int freeOtherThan(Collection<Integer> taken) {
        int below = ephemeralLow();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = random.nextInt(LOWEST, below);
            if (!taken.contains(port) && canBind(port)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free port between " + LOWEST + " and " + below + " after " + ATTEMPTS + " attempts");
    }

    /**
     * Whether a listener could bind {@code port} on every address now. The wildcard bind fails when any address holds
     * the port, so one check covers {@code 127.0.0.1} and {@code 0.0.0.0} alike.
     */
    static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range; Linux's default when it cannot be read or is out of reach. */
    static int ephemeralLow() {
        try {
            int low = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).strip().split("\\s+")[0]);
            return low > LOWEST + 1_000 ? low : LINUX_EPHEMERAL_LOW;
        } catch (IOException | RuntimeException e) {
            return LINUX_EPHEMERAL_LOW;
        }
    }
}
