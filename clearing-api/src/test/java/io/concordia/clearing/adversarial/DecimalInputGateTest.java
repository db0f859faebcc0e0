package io.concordia.clearing.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one decimal gate, as a pure function: bounded in digits and exponent before any arithmetic. */
class DecimalInputGateTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1e10000000|NUMBER_OUT_OF_RANGE",
                "1e400|NUMBER_OUT_OF_RANGE",
                "1e20|NUMBER_OUT_OF_RANGE",
                "123456789012345678901234567890|NUMBER_OUT_OF_RANGE",
                "-1e21|NUMBER_OUT_OF_RANGE",
                "1e-400|TOO_MANY_DECIMALS",
                "1e-10000000|NUMBER_OUT_OF_RANGE",
                "0.0000000000000000001|TOO_MANY_DECIMALS",
                "1e99999999999999999999|NUMBER_OUT_OF_RANGE",
                "NaN|INVALID_VALUE",
                "Infinity|INVALID_VALUE",
                "-Infinity|INVALID_VALUE",
                "0x10|INVALID_VALUE",
                "1_000|INVALID_VALUE",
                "' 1'|INVALID_VALUE",
                "'1 '|INVALID_VALUE",
                "1e|INVALID_VALUE",
                "e5|INVALID_VALUE",
                ".|INVALID_VALUE",
                "-|INVALID_VALUE",
                "1.2.3|INVALID_VALUE",
                "1e5.5|INVALID_VALUE",
                "''|INVALID_VALUE",
                "١٢|INVALID_VALUE"
            })
    void shouldRefuseWithAStableCode(String text, String code) {
        assertThatThrownBy(() -> Decimals.parse(text, "quantity")).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.code().name()).isEqualTo(code);
            assertThat(p.status()).isEqualTo(code.equals("INVALID_VALUE") ? 400 : 422);
            assertThat(p.getMessage()).startsWith("quantity").hasSizeLessThan(200);
        });
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "64000|64000",
                "64000.50|64000.50",
                "1e3|1000",
                "1.5E+2|150",
                "-5|-5",
                "+5|5",
                ".5|0.5",
                "5.|5",
                "99999999999999999999|99999999999999999999",
                "99999999999999999999.999999999999999999|99999999999999999999.999999999999999999",
                "0.000000000000000001|0.000000000000000001",
                "1.000000000000000000000000|1",
                "0e-9999|0",
                "0E+9999|0"
            })
    void shouldAcceptEveryDecimalThatFitsNumeric38_18(String text, String value) {
        assertThat(Decimals.parse(text, "quantity")).isEqualByComparingTo(value);
    }

    @Test
    void shouldRefuseTheDenialOfServiceNumberAtOnce() {
        String nines = "9".repeat(1_000_000);
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            assertThatThrownBy(() -> Decimals.parse("1e10000000", "quantity")).isInstanceOf(ApiProblem.class);
            assertThatThrownBy(() -> Decimals.parse(nines, "quantity")).isInstanceOf(ApiProblem.class);
        }
        // once 20 s of CPU for a single one; a generous bound for a loaded machine
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("milliseconds for 2,000 refusals")
                .isLessThan(5_000);
    }

    /** Whatever the text, the gate answers a value within NUMERIC(38, 18) or a refusal, and never anything else. */
    @Test
    void shouldOnlyEverAnswerABoundedValueOrARefusal() {
        Random random = new Random(20261205L);
        String alphabet = "0123456789.eE+-xN aI\u0000";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(10) == 0) {
                s.append("e").append(random.nextInt(100_000) - 50_000);
            }
            try {
                BigDecimal d = Decimals.parse(s.toString(), "x");
                BigDecimal stripped = d.stripTrailingZeros();
                assertThat(stripped.precision() - stripped.scale())
                        .as(s.toString())
                        .isLessThanOrEqualTo(20);
                assertThat(Math.max(stripped.scale(), 0)).as(s.toString()).isLessThanOrEqualTo(18);
            } catch (ApiProblem p) {
                assertThat(p.code().name()).isIn("INVALID_VALUE", "NUMBER_OUT_OF_RANGE", "TOO_MANY_DECIMALS");
            }
        }
    }
}
