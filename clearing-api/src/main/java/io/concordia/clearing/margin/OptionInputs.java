package io.concordia.clearing.margin;

import io.concordia.clearing.common.Sql;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionTerms;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.option.Black76;
import io.concordia.margin.option.ImpliedVolatility;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The market inputs options need beyond their own marks (docs/margin-model.md §8.2), read once per load: the
 * valuation time and, per underlying of an option, its forward — the harmonized mark of its reference product, the
 * perpetual or else the first future listed on it.
 *
 * <p>Two gaps are filled so that an option is never left unmargined. An underlying whose reference product has no
 * mark yet takes the mean strike of its options as the forward (the chain is listed around the money) and the
 * reference product is reported with the stale marks. An option without a mark implied volatility yet takes the
 * volatility its price implies at the forward.
 */
final class OptionInputs {

    private static final OptionInputs NONE = new OptionInputs(null, Map.of(), Map.of(), Set.of());

    private record Reference(String symbol, BigDecimal forward, boolean stale) {}

    private record UnderlyingReference(UnderlyingId underlying, Reference reference) {}

    private final Instant valuationTime;
    private final Map<UnderlyingId, Reference> references;
    private final Map<String, BigDecimal> impliedVolatilities;
    private final Set<String> missingIv;

    private OptionInputs(
            Instant valuationTime,
            Map<UnderlyingId, Reference> references,
            Map<String, BigDecimal> impliedVolatilities,
            Set<String> missingIv) {
        this.valuationTime = valuationTime;
        this.references = references;
        this.impliedVolatilities = impliedVolatilities;
        this.missingIv = missingIv;
    }

    /**
     * Reads the forwards of the underlyings of the options among {@code products}, in one query.
     *
     * @param missingIv the options whose mark carries no implied volatility
     */
    static OptionInputs load(Connection c, Collection<Product> products, Set<String> missingIv, Instant valuationTime) {
        Map<UnderlyingId, List<OptionTerms>> chains = new LinkedHashMap<>();
        for (Product p : products) {
            if (p.isOption()) {
                chains.computeIfAbsent(p.underlying(), u -> new ArrayList<>()).add(p.option());
            }
        }
        if (chains.isEmpty()) {
            return NONE;
        }
        Map<UnderlyingId, Reference> references = new HashMap<>();
        for (UnderlyingReference row : Sql.on(c)
                .list(
                        """
                SELECT DISTINCT ON (p.underlying) p.underlying, p.symbol, m.price, m.price IS NULL OR m.stale AS stale
                  FROM product p LEFT JOIN mark m ON m.product_id = p.id
                 WHERE p.underlying = ANY(?) AND p.kind <> 'OPTION'
                 ORDER BY p.underlying, p.kind = 'PERPETUAL' DESC, p.id""",
                        row -> new UnderlyingReference(
                                UnderlyingId.of(row.string("underlying")),
                                new Reference(row.string("symbol"), row.decimal("price"), row.bool("stale"))),
                        Sql.texts(
                                chains.keySet().stream().map(UnderlyingId::code).toList()))) {
            references.put(row.underlying(), row.reference());
        }
        chains.forEach((u, terms) -> {
            Reference r = references.get(u);
            if (r == null || r.forward() == null) {
                BigDecimal sum = BigDecimal.ZERO;
                for (OptionTerms t : terms) {
                    sum = sum.add(t.strike());
                }
                references.put(
                        u,
                        new Reference(
                                r == null ? null : r.symbol(),
                                sum.divide(BigDecimal.valueOf(terms.size()), MathContext.DECIMAL64),
                                true));
            }
        });
        return new OptionInputs(valuationTime, references, new HashMap<>(), missingIv);
    }

    /** The positions, each option without a mark implied volatility given the one its price implies. */
    List<Position> complete(List<Position> positions) {
        if (missingIv.isEmpty()) {
            return positions;
        }
        List<Position> out = new ArrayList<>(positions.size());
        for (Position p : positions) {
            String symbol = p.product().id().code();
            if (!p.product().isOption() || !missingIv.contains(symbol)) {
                out.add(p);
                continue;
            }
            BigDecimal iv = impliedVolatilities.computeIfAbsent(symbol, s -> implied(p));
            out.add(new Position(p.product(), p.quantity(), p.mark(), p.ref(), p.realized(), iv));
        }
        return out;
    }

    private BigDecimal implied(Position p) {
        OptionTerms terms = p.product().option();
        double sigma = ImpliedVolatility.of(
                terms.right(),
                p.mark().doubleValue(),
                forward(p.underlying()).doubleValue(),
                terms.strike().doubleValue(),
                Black76.yearsToExpiry(valuationTime, terms.expiry()));
        return new BigDecimal(sigma, MathContext.DECIMAL64);
    }

    /** The market inputs of an account holding {@code positions}; {@code null} when it holds no option. */
    OptionMarket marketFor(List<Position> positions) {
        Map<UnderlyingId, BigDecimal> forwards = new LinkedHashMap<>();
        for (Position p : positions) {
            if (p.product().isOption()) {
                forwards.put(p.underlying(), forward(p.underlying()));
            }
        }
        return forwards.isEmpty() ? null : new OptionMarket(valuationTime, forwards);
    }

    /** The reference products whose stale or missing mark the account's options are valued at. */
    Set<String> staleForwards(List<Position> positions) {
        Set<String> stale = new TreeSet<>();
        for (Position p : positions) {
            Reference r = p.product().isOption() ? references.get(p.underlying()) : null;
            if (r != null && r.stale() && r.symbol() != null) {
                stale.add(r.symbol());
            }
        }
        return stale;
    }

    private BigDecimal forward(UnderlyingId underlying) {
        return references.get(underlying).forward();
    }
}
