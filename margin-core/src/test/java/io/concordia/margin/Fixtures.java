package io.concordia.margin;

import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ProductKind;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Shared test data: the default schedule and seeded random scenario sets and portfolios. */
public final class Fixtures {

    public static final List<String> UNDERLYINGS = List.of("BTC", "ETH", "SOL", "XRP", "DOGE");

    private Fixtures() {}

    public static Schedule defaultSchedule() {
        return Schedule.defaults();
    }

    /** A joint scenario set with fat-ish tails: a common factor plus idiosyncratic noise per underlying. */
    public static ScenarioSet randomScenarios(String id, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<UnderlyingId, double[]> m = new LinkedHashMap<>();
        double[] factor = new double[n];
        for (int s = 0; s < n; s++) {
            factor[s] = gaussian(rnd) * 0.03 * (rnd.nextInt(20) == 0 ? 3 : 1);
        }
        for (int u = 0; u < UNDERLYINGS.size(); u++) {
            double[] r = new double[n];
            double beta = 0.6 + 0.2 * u;
            for (int s = 0; s < n; s++) {
                r[s] = Math.max(-0.9, beta * factor[s] + gaussian(rnd) * 0.02 * (1 + u * 0.3));
            }
            m.put(UnderlyingId.of(UNDERLYINGS.get(u)), r);
        }
        return ScenarioSet.of(id, m);
    }

    public static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    public static Product product(String underlying, ProductKind kind) {
        return kind == ProductKind.PERPETUAL
                ? Product.perpetual(underlying + "-PERP", underlying)
                : Product.future(underlying + "-FUT", underlying, null);
    }

    static final double[] MARKS = {64000, 3200, 150, 0.6, 0.15};

    /** A random portfolio of 1..maxPositions distinct products with quantities of varied size and sign. */
    public static List<Position> randomPositions(SplittableRandom rnd, int maxPositions) {
        List<Position> out = new ArrayList<>();
        List<String> used = new ArrayList<>();
        int count = 1 + rnd.nextInt(maxPositions);
        for (int i = 0; i < count; i++) {
            int u = rnd.nextInt(UNDERLYINGS.size());
            ProductKind kind = rnd.nextBoolean() ? ProductKind.PERPETUAL : ProductKind.FUTURE;
            Product p = product(UNDERLYINGS.get(u), kind);
            if (used.contains(p.id().code())) {
                continue;
            }
            used.add(p.id().code());
            double notional = Math.pow(10, 2 + rnd.nextDouble() * 5.5) * (rnd.nextBoolean() ? 1 : -1);
            BigDecimal mark = BigDecimal.valueOf(MARKS[u] * (0.9 + 0.2 * rnd.nextDouble()))
                    .setScale(2, RoundingMode.HALF_UP);
            if (mark.signum() == 0) {
                mark = new BigDecimal("0.01");
            }
            BigDecimal q = BigDecimal.valueOf(notional).divide(mark, 4, RoundingMode.HALF_UP);
            BigDecimal ref = mark.multiply(BigDecimal.valueOf(0.97 + 0.06 * rnd.nextDouble()))
                    .setScale(2, RoundingMode.HALF_UP);
            out.add(new Position(p, q, mark, ref.signum() > 0 ? ref : mark));
        }
        return out;
    }

    public static MarginAccount randomCross(SplittableRandom rnd, int maxPositions) {
        List<CollateralHolding> c = List.of(
                CollateralHolding.of("USD", String.valueOf(rnd.nextInt(2_000_000)), "1"),
                CollateralHolding.of("BTC", String.valueOf(rnd.nextInt(20)), "64000"));
        return MarginAccount.cross(randomPositions(rnd, maxPositions), c);
    }
}
