package io.concordia.clearing.console;

import io.quarkus.qute.EngineBuilder;
import io.quarkus.qute.ResultMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;

/**
 * The console writes a decimal as the API does: plain, never with an exponent ({@code 1E+3} is what
 * {@link BigDecimal#toString} makes of a value whose trailing zeros were stripped), whether or not a template asks for
 * {@code toPlainString}.
 */
@ApplicationScoped
public class PlainDecimals {

    void configure(@Observes EngineBuilder engine) {
        engine.addResultMapper(new ResultMapper() {
            @Override
            public boolean appliesTo(io.quarkus.qute.TemplateNode.Origin origin, Object result) {
                return result instanceof BigDecimal;
            }

            @Override
            public String map(Object result, io.quarkus.qute.Expression expression) {
                return ((BigDecimal) result).toPlainString();
            }
        });
    }
}
