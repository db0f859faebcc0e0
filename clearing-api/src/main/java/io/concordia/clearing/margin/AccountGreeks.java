package io.concordia.clearing.margin;

import io.concordia.clearing.margin.MarginService.GreeksView;
import io.concordia.clearing.margin.MarginService.PositionGreeksView;
import io.concordia.clearing.margin.MarginService.UnderlyingGreeksView;
import io.concordia.clearing.margin.MarginService.UnderlyingLiquidation;
import io.concordia.margin.calc.LiquidationPrices;
import io.concordia.margin.calc.LiquidationSearch;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionTerms;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.option.Black76;
import io.concordia.margin.option.Greeks;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's Greeks and its liquidation forwards per underlying, from the same inputs as its margin. Greeks are
 * reported to 12 significant digits: they are risk figures computed in double precision, not money.
 */
final class AccountGreeks {

    private static final MathContext DIGITS = new MathContext(12);

    private AccountGreeks() {}

    static GreeksView of(MarginBook.AccountInput in, Instant valuationTime) {
        List<PositionGreeksView> positions = new ArrayList<>();
        Map<UnderlyingId, double[]> sums = new LinkedHashMap<>(); // delta, gamma, vega, theta, delta notional
        for (Position p : in.positions()) {
            if (p.quantity().signum() == 0) {
                continue;
            }
            double q = p.quantity().doubleValue();
            double[] sum = sums.computeIfAbsent(p.underlying(), u -> new double[5]);
            if (!p.product().isOption()) {
                double notional = p.notional().doubleValue();
                positions.add(new PositionGreeksView(
                        p.product().id().code(),
                        p.underlying().code(),
                        p.product().kind().name(),
                        p.quantity().stripTrailingZeros(),
                        text(q),
                        "0",
                        "0",
                        "0",
                        text(notional),
                        null,
                        null));
                sum[0] += q;
                sum[4] += notional;
                continue;
            }
            OptionTerms terms = p.product().option();
            double forward = in.market().forwardOf(p.underlying()).doubleValue();
            Greeks g = Black76.greeks(
                    terms.right(),
                    forward,
                    terms.strike().doubleValue(),
                    p.iv().doubleValue(),
                    Black76.yearsToExpiry(valuationTime, terms.expiry()));
            double[] position = {q * g.delta(), q * g.gamma(), q * g.vega(), q * g.theta(), q * g.delta() * forward};
            positions.add(new PositionGreeksView(
                    p.product().id().code(),
                    p.underlying().code(),
                    p.product().kind().name(),
                    p.quantity().stripTrailingZeros(),
                    text(position[0]),
                    text(position[1]),
                    text(position[2]),
                    text(position[3]),
                    text(position[4]),
                    text(g.value()),
                    p.iv().stripTrailingZeros().toPlainString()));
            for (int i = 0; i < 5; i++) {
                sum[i] += position[i];
            }
        }
        List<UnderlyingGreeksView> underlyings = new ArrayList<>();
        sums.forEach((u, s) -> {
            BigDecimal forward =
                    in.market() == null ? null : in.market().forwards().get(u);
            underlyings.add(new UnderlyingGreeksView(
                    u.code(),
                    forward == null ? null : forward.stripTrailingZeros().toPlainString(),
                    text(s[0]),
                    text(s[1]),
                    text(s[2]),
                    text(s[3]),
                    text(s[4])));
        });
        return new GreeksView(in.code(), valuationTime, underlyings, positions);
    }

    /**
     * The liquidation forwards of each underlying the account holds. An underlying without an option has no forward in
     * the account's market inputs: the mark of its first position stands in for it, since the search moves every
     * linear mark on the underlying in proportion.
     */
    static List<UnderlyingLiquidation> liquidations(MarginEngine.Risk risk, MarginBook.AccountInput in) {
        Map<UnderlyingId, BigDecimal> forwards = new LinkedHashMap<>();
        for (Position p : in.positions()) {
            if (p.quantity().signum() != 0) {
                forwards.putIfAbsent(
                        p.underlying(),
                        in.market() != null && in.market().forwards().containsKey(p.underlying())
                                ? in.market().forwardOf(p.underlying())
                                : p.mark());
            }
        }
        Instant valuationTime = in.market() != null ? in.market().valuationTime() : Instant.EPOCH;
        MarginAccount account = in.account().withMarket(new OptionMarket(valuationTime, forwards));
        List<UnderlyingLiquidation> out = new ArrayList<>();
        for (UnderlyingId u : forwards.keySet()) {
            LiquidationPrices found = LiquidationSearch.DEFAULT.find(account, u, risk.context());
            out.add(new UnderlyingLiquidation(
                    u.code(),
                    found.forward().stripTrailingZeros(),
                    found.liquidatingNow(),
                    found.below(),
                    found.above()));
        }
        return out;
    }

    private static String text(double d) {
        if (d == 0 || !Double.isFinite(d)) {
            return "0";
        }
        return new BigDecimal(d).round(DIGITS).stripTrailingZeros().toPlainString();
    }
}
