package io.concordia.clearing.margin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concordia.clearing.common.JsonConfiguration;
import io.concordia.clearing.common.JsonDecimals;
import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.calc.MarginContext;
import io.concordia.margin.calc.PortfolioEvaluator;
import io.concordia.margin.replication.Json;
import io.concordia.margin.replication.ReplicationCodec;
import io.concordia.margin.replication.ReplicationRequest;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The replication endpoint and the margin breakdown show the codec's trees as nodes built directly: the same JSON,
 * byte for byte, as the service's mapper printed when it parsed the codec's text back.
 */
class ReplicationTreesTest {

    private static final ReplicationCodec CODEC = ReplicationCodec.DEFAULT;

    private final ObjectMapper mapper = configured();

    private static ObjectMapper configured() {
        ObjectMapper m = new ObjectMapper();
        new JsonConfiguration().customize(m);
        return m;
    }

    /** What the service showed before: the codec's text parsed by the service's mapper. */
    private String reparsed(String text, boolean decimalStrings) throws Exception {
        JsonNode node = mapper.readTree(text);
        return mapper.writeValueAsString(decimalStrings ? JsonDecimals.strings(node) : node);
    }

    private String direct(Object tree, boolean decimalStrings) throws Exception {
        JsonNode node = ReplicationTrees.of(tree, mapper.getNodeFactory());
        return mapper.writeValueAsString(decimalStrings ? JsonDecimals.strings(node) : node);
    }

    @Test
    void shouldShowEveryWorkedExampleAsTheReparsedTextDid() throws Exception {
        Path dir = Path.of(System.getProperty("concordia.margin-examples", "../docs/margin-examples"));
        List<Path> requests;
        try (Stream<Path> files = Files.list(dir)) {
            requests = files.filter(p -> p.getFileName().toString().endsWith(".request.json"))
                    .sorted()
                    .toList();
        }
        assertThat(requests).as("the worked examples of docs/margin-examples").hasSizeGreaterThan(5);
        for (Path file : requests) {
            ReplicationRequest request = CODEC.readRequest(Files.readString(file));
            AccountMargin result = MarginCalculator.DEFAULT.marginOrFullNotional(
                    request.account(),
                    new PortfolioEvaluator(
                            MarginContext.of(request.schedule(), request.scenarios(), request.stress())));
            for (boolean strings : new boolean[] {false, true}) {
                assertThat(direct(CODEC.requestTree(request), strings))
                        .as(file + " request")
                        .isEqualTo(reparsed(CODEC.writeRequest(request), strings));
                assertThat(direct(CODEC.resultTree(result), strings))
                        .as(file + " result")
                        .isEqualTo(reparsed(CODEC.writeResult(result), strings));
            }
        }
    }

    @Test
    void shouldShowSeededNumbersOfEveryKindAsTheReparsedTextDid() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261205L);
        for (int i = 0; i < 2_000; i++) {
            List<Object> values = new ArrayList<>();
            for (int j = 0; j < 20; j++) {
                values.add(
                        switch (rnd.nextInt(7)) {
                            case 0 ->
                                rnd.nextDouble() * Math.pow(10, rnd.nextInt(-12, 25)) * (rnd.nextBoolean() ? 1 : -1);
                            case 1 -> (double) rnd.nextLong(-1_000_000, 1_000_000);
                            case 2 -> rnd.nextInt();
                            case 3 -> rnd.nextLong();
                            case 4 -> new BigDecimal(rnd.nextLong()).scaleByPowerOfTen(-rnd.nextInt(0, 30));
                            case 5 ->
                                new BigDecimal(rnd.nextLong(0, 1_000_000))
                                        .multiply(BigDecimal.TEN.pow(rnd.nextInt(0, 30)));
                            default -> rnd.nextBoolean() ? Json.NULL : "s" + rnd.nextInt(100);
                        });
            }
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("values", values);
            tree.put("zero", rnd.nextBoolean() ? 0.0 : -0.0);
            for (boolean strings : new boolean[] {false, true}) {
                assertThat(direct(tree, strings)).as("case %d", i).isEqualTo(reparsed(Json.write(tree), strings));
            }
        }
    }
}
