package io.concordia.settlement.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;

/**
 * One side of a novated trade cleared since the previous cycle, as it affects one account.
 *
 * @param account the account
 * @param product the harmonized product (venue contract units already converted)
 * @param venue the venue the trade came from (reporting only: positions net across venues)
 * @param quantity signed quantity in product units, {@code +} bought, {@code -} sold; never 0
 * @param price trade price, settlement currency per unit, {@code > 0}
 * @param kind a venue's trade (bears the clearing fee) or a default-management transfer (bears none)
 */
public record CycleTrade(
        AccountCode account,
        ProductSymbol product,
        VenueCode venue,
        BigDecimal quantity,
        BigDecimal price,
        TradeKind kind) {

    /** Validates the trade. @throws IllegalArgumentException on null fields, a zero quantity or non-positive price */
    public CycleTrade {
        Checks.notNull(account, "account");
        Checks.notNull(product, "product of trade of " + account);
        Checks.notNull(venue, "venue of trade of " + account + "/" + product);
        Checks.nonZero(quantity, "quantity of trade of " + account + "/" + product);
        Checks.positive(price, "price of trade of " + account + "/" + product);
        Checks.notNull(kind, "kind of trade of " + account + "/" + product);
    }

    /**
     * A venue's trade.
     *
     * @param account the account
     * @param product the product
     * @param venue the venue
     * @param quantity signed quantity, {@code +} bought
     * @param price trade price, {@code > 0}
     */
    public CycleTrade(
            AccountCode account, ProductSymbol product, VenueCode venue, BigDecimal quantity, BigDecimal price) {
        this(account, product, venue, quantity, price, TradeKind.VENUE);
    }

    /**
     * Creates a trade.
     *
     * @param account account code
     * @param product product symbol
     * @param venue venue code
     * @param quantity signed quantity (decimal string), {@code +} bought
     * @param price trade price (decimal string)
     * @return the trade
     */
    public static CycleTrade of(String account, String product, String venue, String quantity, String price) {
        return new CycleTrade(
                AccountCode.of(account),
                ProductSymbol.of(product),
                VenueCode.of(venue),
                new BigDecimal(quantity),
                new BigDecimal(price));
    }

    /**
     * Absolute traded notional {@code |quantity * price|}, currency, exact, {@code > 0}.
     *
     * @return the notional
     */
    public BigDecimal absNotional() {
        return quantity.multiply(price).abs();
    }
}
