package io.concordia.settlement.bench;

import io.concordia.settlement.calc.CycleResult;
import io.concordia.settlement.calc.SettlementCalculator;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A settlement cycle of the settlement library over 100,000 positions in 20,000 accounts of 4,000 members (5 accounts
 * of 5 positions each, 20 USD perpetuals, 10 of them paying funding) plus 25,000 trades (50,000 trade sides on three
 * venues) since the last cut-off: variation margin, funding and fees per position, the net per member, the split per
 * account, instructions and balanced ledger entries, and the positions' next state. Side by side:
 *
 * <ul>
 *   <li>{@code bareSum}: the same positions and trades read once, {@code q0 x (S - S0) + sum q x (S - p)} in
 *       {@code BigDecimal} summed per account in a hash map, nothing else: the floor a cycle cannot go under;</li>
 *   <li>{@code buildInput}: validating and copying the input ({@link CycleInput}'s constructor), which the service pays
 *       once per cycle on top of {@code cycle}.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SettlementCycleBenchmark {

    static final int MEMBERS = 4_000;
    static final int ACCOUNTS_PER_MEMBER = 5;
    static final int POSITIONS_PER_ACCOUNT = 5;
    static final int PRODUCTS = 20;
    static final int TRADES = 25_000;

    /** The frozen input of one cycle, seeded. */
    @State(Scope.Benchmark)
    public static class Book {
        CycleInput input;
        Map<ProductSymbol, Product> products;
        Map<AssetCode, Integer> scales;
        Map<ProductSymbol, BigDecimal> prices;
        Map<ProductSymbol, FundingRate> funding;
        FeeSchedule fees;
        Map<AccountCode, MemberCode> members;
        List<PositionState> positions;
        List<CycleTrade> trades;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom rnd = new SplittableRandom(2026_11_26L);
            AssetCode usd = AssetCode.of("USD");
            products = new TreeMap<>();
            prices = new TreeMap<>();
            funding = new TreeMap<>();
            Map<ProductSymbol, BigDecimal> previous = new HashMap<>();
            ProductSymbol[] symbols = new ProductSymbol[PRODUCTS];
            for (int p = 0; p < PRODUCTS; p++) {
                ProductSymbol s = ProductSymbol.of("P" + p + "-PERP");
                symbols[p] = s;
                products.put(s, new Product(s, ProductKind.PERPETUAL, usd));
                BigDecimal last = BigDecimal.valueOf(100 + rnd.nextInt(60_000_00), 2);
                previous.put(s, last);
                // the mark moved by up to 3% since the last cut-off
                prices.put(
                        s,
                        last.add(last.multiply(BigDecimal.valueOf(rnd.nextInt(601) - 300, 4)))
                                .setScale(2, java.math.RoundingMode.HALF_EVEN));
                if (p % 2 == 0) {
                    funding.put(s, new FundingRate(s, BigDecimal.valueOf(rnd.nextInt(21) - 10, 5), 1));
                }
            }
            scales = Map.of(usd, 2);
            fees = FeeSchedule.of("0.0001");
            members = new TreeMap<>();
            positions = new ArrayList<>(MEMBERS * ACCOUNTS_PER_MEMBER * POSITIONS_PER_ACCOUNT);
            List<AccountCode> accounts = new ArrayList<>();
            List<ProductSymbol[]> held = new ArrayList<>();
            for (int m = 0; m < MEMBERS; m++) {
                MemberCode member = MemberCode.of(String.format("M%04d", m));
                for (int a = 0; a < ACCOUNTS_PER_MEMBER; a++) {
                    AccountCode account = AccountCode.of(String.format("A%05d", m * ACCOUNTS_PER_MEMBER + a));
                    members.put(account, member);
                    accounts.add(account);
                    ProductSymbol[] mine = new ProductSymbol[POSITIONS_PER_ACCOUNT];
                    int first = rnd.nextInt(PRODUCTS);
                    for (int k = 0; k < POSITIONS_PER_ACCOUNT; k++) {
                        ProductSymbol s = symbols[(first + k * 3) % PRODUCTS];
                        mine[k] = s;
                        long q = 1 + rnd.nextLong(100_000);
                        positions.add(new PositionState(
                                account, s, BigDecimal.valueOf(rnd.nextBoolean() ? q : -q, 3), previous.get(s)));
                    }
                    held.add(mine);
                }
            }
            trades = new ArrayList<>(TRADES * 2);
            VenueCode[] venues = {VenueCode.of("venue-a"), VenueCode.of("venue-b"), VenueCode.of("venue-c")};
            for (int t = 0; t < TRADES; t++) {
                int buyer = rnd.nextInt(accounts.size());
                int seller = (buyer + 1 + rnd.nextInt(accounts.size() - 1)) % accounts.size();
                ProductSymbol s = held.get(buyer)[rnd.nextInt(POSITIONS_PER_ACCOUNT)];
                BigDecimal q = BigDecimal.valueOf(1 + rnd.nextLong(10_000), 3);
                BigDecimal last = previous.get(s);
                BigDecimal price = last.add(last.multiply(BigDecimal.valueOf(rnd.nextInt(401) - 200, 4)))
                        .setScale(2, java.math.RoundingMode.HALF_EVEN);
                VenueCode venue = venues[rnd.nextInt(venues.length)];
                trades.add(new CycleTrade(accounts.get(buyer), s, venue, q, price));
                trades.add(new CycleTrade(accounts.get(seller), s, venue, q.negate(), price));
            }
            input = build();
            CycleResult check = SettlementCalculator.DEFAULT.run(input);
            if (check.positions().size() < positions.size() || check.nets().size() != MEMBERS) {
                throw new IllegalStateException("unexpected book: "
                        + check.positions().size() + " lines, " + check.nets().size() + " nets");
            }
        }

        CycleInput build() {
            return new CycleInput(
                    CycleId.of("bench"), products, scales, prices, funding, fees, members, positions, trades);
        }
    }

    /** The settlement library's cycle. */
    @Benchmark
    public CycleResult cycle(Book b) {
        return SettlementCalculator.DEFAULT.run(b.input);
    }

    /** The floor: the same positions and trades, variation margin in BigDecimal summed per account. */
    @Benchmark
    public Map<AccountCode, BigDecimal> bareSum(Book b) {
        Map<ProductSymbol, BigDecimal> prices = b.input.settlementPrices();
        Map<AccountCode, BigDecimal> sums = new HashMap<>(b.members.size() * 2);
        for (PositionState p : b.input.positions()) {
            BigDecimal vm = p.quantity().multiply(prices.get(p.product()).subtract(p.lastSettlementPrice()));
            sums.merge(p.account(), vm, BigDecimal::add);
        }
        for (CycleTrade t : b.input.trades()) {
            BigDecimal vm = t.quantity().multiply(prices.get(t.product()).subtract(t.price()));
            sums.merge(t.account(), vm, BigDecimal::add);
        }
        return sums;
    }

    /** Validating and copying the input, which the service does once per cycle before {@link #cycle}. */
    @Benchmark
    public CycleInput buildInput(Book b) {
        return b.build();
    }
}
