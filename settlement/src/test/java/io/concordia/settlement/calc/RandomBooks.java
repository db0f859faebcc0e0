package io.concordia.settlement.calc;

import io.concordia.settlement.model.AccountCode;
import io.concordia.settlement.model.CycleId;
import io.concordia.settlement.model.CycleInput;
import io.concordia.settlement.model.CycleTrade;
import io.concordia.settlement.model.FeeSchedule;
import io.concordia.settlement.model.FundingRate;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.PositionState;
import io.concordia.settlement.model.Product;
import io.concordia.settlement.model.ProductKind;
import io.concordia.settlement.model.ProductSymbol;
import io.concordia.settlement.model.VenueCode;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Seeded generator of random but valid cycles. Balanced books have every trade's two sides and positions summing
 * to zero per product, with one reference price per product (as after a real cycle). */
final class RandomBooks {

    static final String[] VENUES = {"venue-a", "venue-b", "venue-c"};

    private final SplittableRandom rng;

    RandomBooks(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    SplittableRandom rng() {
        return rng;
    }

    /** Products over three currencies of scales 2, 6 and 0. */
    static List<Product> products() {
        return List.of(
                Product.of("BTC-PERP", ProductKind.PERPETUAL, "USD"),
                Product.of("ETH-FUT-20261225", ProductKind.FUTURE, "USD"),
                Product.of("ETH-USDC-PERP", ProductKind.PERPETUAL, "USDC"),
                Product.of("SOL-USDT-PERP", ProductKind.PERPETUAL, "USDT"));
    }

    static Map<AssetCode, Integer> scales() {
        return Map.of(AssetCode.of("USD"), 2, AssetCode.of("USDC"), 6, AssetCode.of("USDT"), 0);
    }

    BigDecimal price() {
        return BigDecimal.valueOf(rng.nextLong(1, 10_000_000), rng.nextInt(0, 5));
    }

    BigDecimal quantity() {
        long q = rng.nextLong(1, 100_000) * (rng.nextBoolean() ? 1 : -1);
        return BigDecimal.valueOf(q, rng.nextInt(0, 6));
    }

    BigDecimal positiveQuantity() {
        return quantity().abs();
    }

    Map<AccountCode, MemberCode> accounts() {
        Map<AccountCode, MemberCode> m = new TreeMap<>();
        int members = rng.nextInt(2, 6);
        for (int i = 0; i < members; i++) {
            int accounts = rng.nextInt(1, 4);
            for (int j = 0; j < accounts; j++) {
                m.put(AccountCode.of("M" + i + "-A" + j), MemberCode.of("M" + i));
            }
        }
        return m;
    }

    Map<ProductSymbol, BigDecimal> prices() {
        Map<ProductSymbol, BigDecimal> p = new TreeMap<>();
        for (Product product : products()) {
            p.put(product.symbol(), price());
        }
        return p;
    }

    Map<ProductSymbol, FundingRate> funding() {
        Map<ProductSymbol, FundingRate> f = new TreeMap<>();
        for (Product product : products()) {
            if (product.kind() == ProductKind.PERPETUAL && rng.nextBoolean()) {
                f.put(
                        product.symbol(),
                        new FundingRate(
                                product.symbol(), BigDecimal.valueOf(rng.nextLong(-1000, 1000), 7), rng.nextInt(0, 4)));
            }
        }
        return f;
    }

    FeeSchedule fees() {
        return new FeeSchedule(BigDecimal.valueOf(rng.nextLong(0, 1000), 6), Map.of())
                .withRate(ProductSymbol.of("SOL-USDT-PERP"), BigDecimal.valueOf(rng.nextLong(0, 1000), 5));
    }

    /** Positions summing to zero per product, all at one reference price per product. */
    List<PositionState> balancedPositions(List<AccountCode> accounts) {
        List<PositionState> out = new ArrayList<>();
        for (Product product : products()) {
            if (rng.nextInt(4) == 0) {
                continue;
            }
            BigDecimal ref = price();
            List<AccountCode> shuffled = new ArrayList<>(accounts);
            Collections.shuffle(shuffled, new java.util.Random(rng.nextLong()));
            int n = rng.nextInt(2, shuffled.size() + 1);
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < n - 1; i++) {
                BigDecimal q = quantity();
                sum = sum.add(q);
                out.add(new PositionState(shuffled.get(i), product.symbol(), q, ref));
            }
            out.add(new PositionState(shuffled.get(n - 1), product.symbol(), sum.negate(), ref));
        }
        return out;
    }

    /** Trades in pairs: a buyer and a different seller at the same price and quantity. */
    List<CycleTrade> balancedTrades(List<AccountCode> accounts, int pairs) {
        List<CycleTrade> out = new ArrayList<>();
        List<Product> products = products();
        for (int i = 0; i < pairs; i++) {
            ProductSymbol p = products.get(rng.nextInt(products.size())).symbol();
            int b = rng.nextInt(accounts.size());
            int s = (b + 1 + rng.nextInt(accounts.size() - 1)) % accounts.size();
            BigDecimal q = positiveQuantity();
            BigDecimal px = price();
            VenueCode v = VenueCode.of(VENUES[rng.nextInt(VENUES.length)]);
            out.add(new CycleTrade(accounts.get(b), p, v, q, px));
            out.add(new CycleTrade(accounts.get(s), p, v, q.negate(), px));
        }
        return out;
    }

    /** One-sided positions and trades: the CCP is the counterparty of whatever does not net. */
    List<PositionState> anyPositions(List<AccountCode> accounts) {
        List<PositionState> out = new ArrayList<>();
        for (AccountCode a : accounts) {
            for (Product p : products()) {
                if (rng.nextInt(3) == 0) {
                    out.add(new PositionState(a, p.symbol(), quantity(), price()));
                }
            }
        }
        return out;
    }

    List<CycleTrade> anyTrades(List<AccountCode> accounts, int n) {
        List<CycleTrade> out = new ArrayList<>();
        List<Product> products = products();
        for (int i = 0; i < n; i++) {
            out.add(new CycleTrade(
                    accounts.get(rng.nextInt(accounts.size())),
                    products.get(rng.nextInt(products.size())).symbol(),
                    VenueCode.of(VENUES[rng.nextInt(VENUES.length)]),
                    quantity(),
                    price()));
        }
        return out;
    }

    CycleInput balancedCycle(String id) {
        Map<AccountCode, MemberCode> accounts = accounts();
        List<AccountCode> codes = new ArrayList<>(accounts.keySet());
        return input(
                id, accounts, balancedPositions(codes), balancedTrades(codes, rng.nextInt(0, 12)), prices(), funding());
    }

    CycleInput anyCycle(String id) {
        Map<AccountCode, MemberCode> accounts = accounts();
        List<AccountCode> codes = new ArrayList<>(accounts.keySet());
        return input(id, accounts, anyPositions(codes), anyTrades(codes, rng.nextInt(0, 12)), prices(), funding());
    }

    CycleInput input(
            String id,
            Map<AccountCode, MemberCode> accounts,
            List<PositionState> positions,
            List<CycleTrade> trades,
            Map<ProductSymbol, BigDecimal> prices,
            Map<ProductSymbol, FundingRate> funding) {
        Map<ProductSymbol, Product> products = new TreeMap<>();
        products().forEach(p -> products.put(p.symbol(), p));
        return new CycleInput(CycleId.of(id), products, scales(), prices, funding, fees(), accounts, positions, trades);
    }
}
