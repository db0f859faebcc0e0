package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void shouldOfferPortsBelowTheEphemeralRangeThatCanBeBoundAndWereNotHandedOutBefore() throws Exception {
        int ephemeralLow = LocalPorts.ephemeralLow();
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int port = LocalPorts.freeOtherThan(taken);
            assertThat(port).isBetween(10_000, ephemeralLow - 1).isNotIn(taken);
            taken.add(port);
        }
        try (ServerSocket s = new ServerSocket(taken.get(0), 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(LocalPorts.canBind(s.getLocalPort()))
                    .as("a port a listener on 127.0.0.1 holds")
                    .isFalse();
        }
        assertThat(LocalPorts.canBind(taken.get(0)))
                .as("the same port, released")
                .isTrue();
    }

    @Test
    void shouldReadTheEphemeralRangeTheKernelChoosesFrom() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            assertThat(s.getLocalPort())
                    .as("the kernel's own choice, the range the offered ports stay out of")
                    .isGreaterThanOrEqualTo(LocalPorts.ephemeralLow());
        }
    }
}
