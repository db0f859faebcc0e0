package io.concordia.clearing.default_;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** Default management: the currency of the default fund and the waterfall, and the cap on assessments. */
@ConfigMapping(prefix = "concordia.default-management")
public interface DefaultConfig {

    /** The asset default-fund contributions, skin in the game, losses and assessments are counted in. */
    @WithDefault("USD")
    String currency();

    /** Each surviving member's assessments for one default are capped at this multiple of its contribution. */
    @WithDefault("2")
    BigDecimal assessmentMultiple();
}
