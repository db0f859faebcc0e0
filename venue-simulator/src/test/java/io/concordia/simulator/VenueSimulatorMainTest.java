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
        return VenueSimulatorMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                NOW);
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
        assertThat(outLines())
                .hasSize(30 + 3)
                .allSatisfy(line -> assertThat(
                                line.contains("\"tradeId\"") ? trade.violations(line) : price.violations(line))
                        .as(line)
                        .isEmpty());
        assertThat(outLines().get(0))
                .isEqualTo("{\"venue\":\"venue-a\",\"tradeId\":\"s7-1\",\"symbol\":\"XBTUSD\","
                        + "\"price\":\"800.01\",\"quantity\":\"100\",\"buyer\":\"ACME-H1\",\"seller\":\"BETA-H1\","
                        + "\"executedAt\":\"2026-11-25T11:55:00Z\"}");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("printed 30 trades and 3 prices");
    }

    @Test
    void shouldPrintOneTopicWithKeysForKcat() {
        int status = run(
                "--print",
                "--topic",
                "trades.venue-b",
                "--key-separator",
                "|",
                "--accounts",
                "A,B",
                "--trades",
                "9",
                "--historical-time");

        assertThat(status).isZero();
        assertThat(outLines())
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).matches("s1-\\d\\|\\{\"venue\":\"venue-b\".*"));
        assertThat(outLines().get(0)).startsWith("s1-1|").endsWith("\"executedAt\":\"2013-11-25T00:00:13Z\"}");
    }

    @Test
    void shouldPrintTheOperatorsCurlCalls() {
        int status = run("--setup-curl", "--accounts", "ACME-H1,BETA-H1");

        assertThat(status).isZero();
        String script = out.toString(StandardCharsets.UTF_8);
        assertThat(script)
                .contains(
                        "OP=\"Authorization: Bearer $(cat data/operator.jwt)\"",
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
    void shouldPrintTheSameBytesAsBeforeTheOptionChainWhenOptionsAreNotAsked() throws Exception {
        // the SHA-256 of this command's output before option chains existed
        int status = run("--print", "--accounts", "ACME-H1,BETA-H1,GAMMA-C1", "--trades", "20000", "--seed", "7");

        assertThat(status).isZero();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
        assertThat(java.util.HexFormat.of().formatHex(digest))
                .isEqualTo("587bd6d6f6bcf1eff20c213cafd752439ddb21638ae2076a9fd3528451728b6f");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\"iv\"", "-o1\"");
    }

    @Test
    void shouldPrintOptionTradesAndMarksWithOptions() {
        int status = run(
                "--print",
                "--accounts",
                "ACME-H1,BETA-H1",
                "--trades",
                "100",
                "--seed",
                "7",
                "--options",
                "--option-every",
                "5",
                "--option-price-every",
                "2",
                "--smile",
                "0.7,-0.1,0.4",
                "--option-venues",
                "venue-c:0.5");

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> optionTrades = outLines().stream()
                .filter(l -> l.contains("\"tradeId\":\"s7-o"))
                .toList();
        List<String> optionMarks =
                outLines().stream().filter(l -> l.contains("\"iv\":")).toList();
        assertThat(optionTrades)
                .hasSize(20)
                .allSatisfy(line -> assertThat(line)
                        .startsWith("{\"venue\":\"venue-c\",")
                        .containsPattern("\"symbol\":\"BTC-\\d\\dDEC26-\\d+-[CP]\""));
        assertThat(optionMarks).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{\"venue\":\"venue-c\","));
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "printed 120 trades and " + (3 + optionMarks.size()) + " prices",
                        "an option trade every 5 trades among 54 options (BTC-04DEC26-600-C ... "
                                + "BTC-18DEC26-1000-P) on venue-c (0.5 BTC)");
    }

    @Test
    void shouldPrintTheCurlCallsListingTheOptionProductsAndEachVenuesInstruments() {
        int status = run("--setup-curl", "--options", "--end-at", "2026-11-25T12:00:00Z");

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String script = out.toString(StandardCharsets.UTF_8);
        assertThat(script)
                .contains(
                        "curl -s -w '\\n' -X POST \"$API/api/v1/admin/products\" -H \"$OP\" -H \"$JSON\" -d "
                                + "'{\"symbol\":\"BTC-04DEC26-800-C\",\"underlying\":\"BTC\",\"kind\":\"OPTION\","
                                + "\"strike\":\"800\",\"right\":\"CALL\",\"expiresAt\":\"2026-12-04T08:00:00Z\"}'\n",
                        "-d '{\"symbol\":\"BTC-18DEC26-600-P\",\"underlying\":\"BTC\",\"kind\":\"OPTION\","
                                + "\"strike\":\"600\",\"right\":\"PUT\",\"expiresAt\":\"2026-12-18T08:00:00Z\"}'\n",
                        "curl -s -w '\\n' -X POST \"$API/api/v1/admin/venues/venue-a/instruments\" -H \"$OP\" -H \"$JSON\" -d "
                                + "'{\"symbol\":\"BTC-11DEC26-950-P\",\"product\":\"BTC-11DEC26-950-P\",\"contractSize\":\"1\"}'\n",
                        "\"$API/api/v1/admin/venues/venue-b/instruments\" -H \"$OP\" -H \"$JSON\" -d "
                                + "'{\"symbol\":\"BTC-11DEC26-950-P\",\"product\":\"BTC-11DEC26-950-P\",\"contractSize\":\"0.1\"}'\n");
        // 3 venues, the perpetual, its 3 instruments, 54 option products, 54 instruments on each of 2 venues
        assertThat(script.lines().filter(l -> l.startsWith("curl "))).hasSize(3 + 1 + 3 + 54 + 2 * 54);
        assertThat(script.lines().filter(l -> l.contains("\"kind\":\"OPTION\"")))
                .hasSize(54);
        // the products come before the instruments that map to them
        assertThat(script.indexOf("\"kind\":\"OPTION\"")).isLessThan(script.indexOf("\"product\":\"BTC-04DEC26"));
    }

    @Test
    void shouldRefuseOptionFlagsWithoutOptionsAndOptionVenuesThatAreNotVenues() {
        assertThat(run("--print", "--accounts", "A,B", "--option-every", "5")).isEqualTo(2);
        assertThat(run("--print", "--accounts", "A,B", "--options", "--option-venues", "venue-z:1"))
                .isEqualTo(2);
        assertThat(run("--setup-curl", "--options", "--underlying", "btc")).isEqualTo(2);
        assertThat(run("--print", "--accounts", "A,B", "--options", "--smile", "0.6"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "--option-every only with --options",
                        "option venue venue-z must be one of the venues: venue-a, venue-b, venue-c",
                        "underlying must be 1 to 16 upper-case letters or digits: btc",
                        "smile must be atm,skew,curvature");
        assertThat(out.size()).isZero();
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--options", "--option-every", "--option-price-every", "--option-venues", "--smile");
    }

    @Test
    void shouldQuoteForTheShell() {
        assertThat(SetupScript.shellQuote("{\"name\":\"O'Brien\"}")).isEqualTo("'{\"name\":\"O'\"'\"'Brien\"}'");
    }

    @Test
    void shouldRefuseBadArgumentsWithStatus2() {
        assertThat(run("--accounts", "ACME-H1,BETA-H1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--client-properties FILE or --bootstrap HOST:PORT is required");
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
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--bootstrap", "--client-properties", "--setup-curl", "--print");
    }
}
