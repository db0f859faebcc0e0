package io.concordia.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void shouldDefaultToTheDocumentedRun() {
        BenchOptions o = BenchOptions.parse();

        assertThat(o.trades()).isEqualTo(1_000_000);
        assertThat(o.rate()).isEqualTo(10_000);
        assertThat(o.warmupSeconds()).isEqualTo(20);
        assertThat(o.statements()).isZero();
        assertThat(o.synchronousCommit()).isEqualTo("on");
        assertThat(o.appJar()).isEqualTo(Path.of("clearing-api/target/quarkus-app/quarkus-run.jar"));
        assertThat(o.peer()).isTrue();
    }

    @Test
    void shouldReadEveryOption() {
        BenchOptions o = BenchOptions.parse(
                "--trades",
                "200,000",
                "--partitions",
                "6",
                "--accounts",
                "50",
                "--rate",
                "5000",
                "--latency-seconds",
                "10",
                "--warmup-seconds",
                "0",
                "--statements",
                "25",
                "--synchronous-commit",
                "off",
                "--app-jvm-option",
                "-Xmx1g",
                "--app-property",
                "concordia.ingest.max-poll-records=10000",
                "--work-dir",
                "/tmp/x",
                "--peer",
                "off");

        assertThat(o.trades()).isEqualTo(200_000);
        assertThat(o.partitions()).isEqualTo(6);
        assertThat(o.accounts()).isEqualTo(50);
        assertThat(o.latencySeconds()).isEqualTo(10);
        assertThat(o.warmupSeconds()).isZero();
        assertThat(o.statements()).isEqualTo(25);
        assertThat(o.appJvmOptions()).isEqualTo(List.of("-Xmx1g"));
        assertThat(o.appProperties()).isEqualTo(Map.of("concordia.ingest.max-poll-records", "10000"));
        assertThat(o.workDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.peer()).isFalse();
    }

    @Test
    void shouldRefuseWhatCannotBeRun() {
        assertThatThrownBy(() -> BenchOptions.parse("--trades", "0")).hasMessageContaining("--trades");
        assertThatThrownBy(() -> BenchOptions.parse("--warmup-seconds", "-1")).hasMessageContaining("--warmup-seconds");
        assertThatThrownBy(() -> BenchOptions.parse("--statements", "-1")).hasMessageContaining("--statements");
        assertThatThrownBy(() -> BenchOptions.parse("--accounts", "1")).hasMessageContaining("--accounts");
        assertThatThrownBy(() -> BenchOptions.parse("--synchronous-commit", "local"))
                .hasMessageContaining("on or off");
        assertThatThrownBy(() -> BenchOptions.parse("--rate")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--peer", "yes")).hasMessageContaining("--peer must be on or off");
        assertThatThrownBy(() -> BenchOptions.parse("--bogus", "1")).hasMessageContaining("unknown option");
    }
}
