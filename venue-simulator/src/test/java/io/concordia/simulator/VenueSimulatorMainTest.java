package io.concordia.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VenueSimulatorMainTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return VenueSimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), NOW);
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void shouldPrintTheRecordsAsJsonLines() {
        int status = run("--print", "--accounts", "ACME-H1,BETA-H1", "--trades", "30", "--seed", "7");

        assertThat(status).isZero();
        SchemaRules trade = SchemaRules.load("trade");
        SchemaRules price = SchemaRules.load("price");
        assertThat(outLines()).hasSize(30 + 3).allSatisfy(line -> assertThat(
                line.contains("\"tradeId\"") ? trade.violations(line) : price.violations(line)).as(line).isEmpty());
        assertThat(outLines().get(0)).isEqualTo("{\"venue\":\"venue-a\",\"tradeId\":\"s7-1\",\"symbol\":\"XBTUSD\","
                + "\"price\":\"800.01\",\"quantity\":\"100\",\"buyer\":\"ACME-H1\",\"seller\":\"BETA-H1\","
                + "\"executedAt\":\"2026-11-25T11:55:00Z\"}");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("printed 30 trades and 3 prices");
    }

    @Test
    void shouldPrintOneTopicWithKeysForKcat() {
        int status = run("--print", "--topic", "trades.venue-b", "--key-separator", "|", "--accounts", "A,B",
                "--trades", "9", "--historical-time");

        assertThat(status).isZero();
        assertThat(outLines()).hasSize(3).allSatisfy(line -> assertThat(line).matches("s1-\\d\\|\\{\"venue\":\"venue-b\".*"));
        assertThat(outLines().get(0)).startsWith("s1-1|").endsWith("\"executedAt\":\"2013-11-25T00:00:13Z\"}");
    }

    @Test
    void shouldPrintTheOperatorsCurlCalls() {
        int status = run("--setup-curl", "--accounts", "ACME-H1,BETA-H1");

        assertThat(status).isZero();
        String script = out.toString(StandardCharsets.UTF_8);
        assertThat(script).contains("OP=\"Authorization: Bearer $(cat data/operator.jwt)\"",
                "API=\"${CONCORDIA_API:-http://localhost:8080}\"",
                "curl -s -w '\\n' -X POST \"$API/api/v1/admin/venues\" -H \"$OP\" -H \"$JSON\" -d "
                        + "'{\"code\":\"venue-a\",\"name\":\"Simulated venue-a\"}'",
                "\"$API/api/v1/admin/products\" -H \"$OP\" -H \"$JSON\" -d "
                        + "'{\"symbol\":\"BTC-PERP\",\"underlying\":\"BTC\",\"kind\":\"PERPETUAL\"}'",
                "\"$API/api/v1/admin/venues/venue-c/instruments\" -H \"$OP\" -H \"$JSON\" -d "
                        + "'{\"symbol\":\"BTCUSDT\",\"product\":\"BTC-PERP\",\"contractSize\":\"1\"}'",
                "#   ACME-H1, BETA-H1");
        assertThat(script.lines().filter(l -> l.startsWith("curl "))).hasSize(3 + 1 + 3);
    }

    @Test
    void shouldQuoteForTheShell() {
        assertThat(SetupScript.shellQuote("{\"name\":\"O'Brien\"}")).isEqualTo("'{\"name\":\"O'\"'\"'Brien\"}'");
    }

    @Test
    void shouldRefuseBadArgumentsWithStatus2() {
        assertThat(run("--accounts", "ACME-H1,BETA-H1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--client-properties FILE or --bootstrap HOST:PORT is required");
        assertThat(run("--print", "--accounts", "ACME-H1")).isEqualTo(2);
        assertThat(run("--print", "--accounts", "A,B", "--trades", "many")).isEqualTo(2);
        assertThat(run("--print", "--accounts", "A,B", "--venues", "venue-a:X")).isEqualTo(2);
        assertThat(run("--print", "--accounts", "A,B", "--end-at", "yesterday")).isEqualTo(2);
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --frobnicate", "try --help");
        assertThat(out.size()).isZero();
    }

    @Test
    void shouldPrintUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--bootstrap", "--client-properties", "--setup-curl", "--print");
    }
}
