package io.concordia.clearing.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.qute.Engine;
import io.quarkus.qute.EngineBuilder;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PlainDecimalsTest {

    @Test
    void shouldWriteADecimalPlainWhereATemplateDoesNotAskForIt() {
        EngineBuilder builder = Engine.builder().addDefaults();
        new PlainDecimals().configure(builder);
        Engine engine = builder.build();

        assertThat(engine.parse("{d} {e}")
                        .data("d", new BigDecimal("1E+3"))
                        .data("e", new BigDecimal("0.000000125"))
                        .render())
                .isEqualTo("1000 0.000000125");
        assertThat(Engine.builder()
                        .addDefaults()
                        .build()
                        .parse("{d}")
                        .data("d", new BigDecimal("1E+3"))
                        .render())
                .as("without it, the exponent shows")
                .isEqualTo("1E+3");
    }
}
