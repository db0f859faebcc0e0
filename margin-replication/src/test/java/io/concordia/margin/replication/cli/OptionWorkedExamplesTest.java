package io.concordia.margin.replication.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.NaiveOptionReference;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.Position;
import io.concordia.margin.replication.Json;
import io.concordia.margin.replication.ReplicationCodec;
import io.concordia.margin.replication.ReplicationRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expected figures of the option worked examples of docs/margin-examples ({@code options-*}) are those of the naive
 * reference of docs/margin-model.md §8 ({@link NaiveOptionReference}, with its own normal distribution and pricing),
 * not of the code under test, which {@link ReplicationExamplesTest} then runs through the command line.
 */
class OptionWorkedExamplesTest {

    static Stream<String> optionExamples() throws IOException {
        try (Stream<Path> files = Files.list(ReplicationExamplesTest.examplesDir())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("options-") && n.endsWith(".request.json"))
                    .map(n -> n.substring(0, n.length() - ".request.json".length()))
                    .sorted()
                    .toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(2);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionExamples")
    void expectedFiguresShouldBeTheNaiveReferences(String name) throws Exception {
        Path dir = ReplicationExamplesTest.examplesDir();
        ReplicationRequest request =
                ReplicationCodec.DEFAULT.readRequest(Files.readString(dir.resolve(name + ".request.json")));
        Map<String, Object> expected = obj(Json.parse(Files.readString(dir.resolve(name + ".expected.json"))));
        MarginAccount account = request.account();

        NaiveOptionReference.Result ref = NaiveOptionReference.requirement(
                account.positions(), account.market(), request.schedule(), request.scenarios(), request.stress());
        BigDecimal equity = naiveEquity(account, request);

        assertThat(new BigDecimal((String) expected.get("im"))).isEqualByComparingTo(ref.im());
        assertThat(new BigDecimal((String) expected.get("mm"))).isEqualByComparingTo(ref.mm());
        assertThat(new BigDecimal((String) expected.get("equity"))).isEqualByComparingTo(equity);
        String status =
                equity.compareTo(ref.im()) >= 0 ? "HEALTHY" : equity.compareTo(ref.mm()) >= 0 ? "CALL" : "LIQUIDATION";
        assertThat(expected.get("status")).isEqualTo(status);
        BigDecimal call = status.equals("HEALTHY") ? BigDecimal.ZERO : ref.im().subtract(equity);
        assertThat(new BigDecimal((String) expected.get("callAmount"))).isEqualByComparingTo(call);
        assertClose(expected, "var", ref.var());
        assertClose(expected, "es", ref.es());
        assertClose(expected, "imHist", ref.imHist());
        assertClose(expected, "imStress", ref.imStress());
        assertClose(expected, "imFloor", ref.imFloor());
        assertClose(expected, "imSpread", ref.imSpread());
        assertClose(expected, "imShortOption", ref.imShortOption());
        assertThat(expected.get("bindingStress")).isEqualTo(ref.bindingStress());
        assertThat(expected.get("binding")).isEqualTo(ref.binding());
    }

    /** Collateral after haircuts plus every position's {@code q (mark - ref)}, rounded down to the cent. */
    private static BigDecimal naiveEquity(MarginAccount account, ReplicationRequest request) {
        BigDecimal sum = account.cash();
        for (CollateralHolding c : account.collateral()) {
            sum = sum.add(c.quantity()
                    .multiply(c.price())
                    .multiply(BigDecimal.ONE.subtract(request.schedule().haircutOf(c.asset()))));
        }
        for (Position p : account.positions()) {
            sum = sum.add(p.quantity().multiply(p.mark().subtract(p.ref())));
        }
        return sum.setScale(2, RoundingMode.FLOOR);
    }

    private static void assertClose(Map<String, Object> expected, String field, double actual) {
        double e = ((BigDecimal) expected.get(field)).doubleValue();
        assertThat(actual).as(field).isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }
}
