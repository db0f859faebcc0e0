package io.concordia.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {

    @Test
    void shouldDefaultToTenMinutesOfEveryFaultOnThreeInstances() {
        HarnessOptions o = HarnessOptions.parse();

        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.instances()).isEqualTo(3);
        assertThat(o.faults()).containsExactlyInAnyOrder(FaultKind.values());
        assertThat(o.rounds()).isZero();
        assertThat(o.lean()).isFalse();
        assertThat(o.appJvmOptions()).isEmpty();
    }

    @Test
    void shouldReadDurationsFaultsAndLeanJvms() {
        HarnessOptions o = HarnessOptions.parse(
                "--duration",
                "90s",
                "--faults",
                "app-kill,disk-full",
                "--seed",
                "42",
                "--lean",
                "--fault-gap",
                "PT4S",
                "--app-jvm-option",
                "-Xmx512m");

        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.faults()).isEqualTo(EnumSet.of(FaultKind.APP_KILL, FaultKind.DISK_FULL));
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.faultGap()).isEqualTo(Duration.ofSeconds(4));
        assertThat(o.appJvmOptions()).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m");
        assertThat(HarnessOptions.parse("--faults", "none").faults()).isEmpty();
        assertThat(HarnessOptions.parse("--duration", "2h").duration()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void shouldRefuseWhatItCannotRun() {
        assertThatThrownBy(() -> HarnessOptions.parse("--faults", "app-kil"))
                .hasMessageContaining("unknown fault app-kil; known: app-kill");
        assertThatThrownBy(() -> HarnessOptions.parse("--duration", "ten")).hasMessageContaining("needs a duration");
        assertThatThrownBy(() -> HarnessOptions.parse("--instances", "0")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> HarnessOptions.parse("--seed")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> HarnessOptions.parse("--bogus", "1")).hasMessageContaining("unknown option --bogus");
    }
}
