package io.concordia.clearing.settlement;

import io.concordia.clearing.common.Sql;
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
import io.concordia.settlement.model.TradeKind;
import io.concordia.settlement.model.VenueCode;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads what a frozen cycle settles (its prices, the open settlement positions of its products, its trades and
 * transfers, the accounts they name) and builds the settlement library's {@link CycleInput}, with the database ids
 * the {@link CycleWriter} needs to store the library's result. Reads only: the caller holds the cycle's lock and the
 * settlement lock.
 */
final class CycleLoader {

    /** Rows read per round trip from the large tables, and rows written per statement by the writer. */
    static final int CHUNK = 20_000;

    /**
     * A frozen cycle as loaded.
     *
     * @param input the settlement library's input
     * @param productIds each product's database id
     * @param accountIds each account's database id
     * @param memberIds each member's database id
     * @param tradeRows the trades and transfers read (each one row, two library trades)
     */
    record LoadedCycle(
            CycleInput input,
            Map<ProductSymbol, Long> productIds,
            Map<AccountCode, Long> accountIds,
            Map<MemberCode, Long> memberIds,
            int tradeRows) {

        long accountId(AccountCode account) {
            return accountIds.get(account);
        }
    }

    /** The cycle's priced products, in the library's terms. */
    private record Pricing(
            Map<Long, CycleProduct> products,
            Map<ProductSymbol, Product> libraryProducts,
            Map<ProductSymbol, BigDecimal> prices,
            Map<ProductSymbol, FundingRate> funding) {}

    private record PositionRow(long account, long product, BigDecimal quantity, BigDecimal referencePrice) {}

    private record TradeRow(
            long buyer,
            long seller,
            long product,
            String venue,
            BigDecimal quantity,
            BigDecimal price,
            TradeKind kind) {}

    private record AccountRef(long id, String code, long memberId, String memberCode) {}

    private CycleLoader() {}

    /** Reads the cycle {@code head} froze and builds the library's input. */
    static LoadedCycle load(Connection c, CycleHead head) {
        AssetCode currency = AssetCode.of(head.asset().code());
        Pricing pricing = pricing(c, head.id(), currency);
        List<PositionRow> positionRows = positions(c, pricing.products().keySet());
        // a trade of an account ported before any cycle settled it settles where its position went
        Map<Long, Long> successors = portSuccessors(c);
        List<TradeRow> tradeRows = trades(c, head.id(), successors);
        tradeRows.addAll(transfers(c, head.id()));
        Map<Long, AccountRef> accounts = accounts(c, accountIds(positionRows, tradeRows));

        Map<AccountCode, Long> accountIds = new HashMap<>();
        Map<AccountCode, MemberCode> members = new TreeMap<>();
        Map<MemberCode, Long> memberIds = new HashMap<>();
        for (AccountRef a : accounts.values()) {
            AccountCode code = AccountCode.of(a.code());
            accountIds.put(code, a.id());
            members.put(code, MemberCode.of(a.memberCode()));
            memberIds.put(MemberCode.of(a.memberCode()), a.memberId());
        }
        Map<Long, ProductSymbol> symbols = new HashMap<>();
        pricing.products().values().forEach(p -> symbols.put(p.id(), ProductSymbol.of(p.symbol())));
        Map<ProductSymbol, Long> productIds = new HashMap<>();
        symbols.forEach((id, symbol) -> productIds.put(symbol, id));

        CycleInput input = new CycleInput(
                CycleId.of(head.code()),
                pricing.libraryProducts(),
                Map.of(currency, head.asset().scale()),
                pricing.prices(),
                pricing.funding(),
                new FeeSchedule(head.feeRate(), Map.of()),
                members,
                positionStates(positionRows, accounts, symbols),
                cycleTrades(tradeRows, accounts, symbols));
        return new LoadedCycle(input, productIds, accountIds, memberIds, tradeRows.size());
    }

    /** The prices frozen for the cycle, each product's funding rate if the operator gave one. */
    private static Pricing pricing(Connection c, long cycleId, AssetCode currency) {
        Pricing pricing = new Pricing(new HashMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        Sql.on(c)
                .list(
                        """
                SELECT sp.product_id, p.symbol, p.kind, sp.price, sp.funding_rate FROM settlement_price sp
                  JOIN product p ON p.id = sp.product_id WHERE sp.cycle_id = ?""",
                        row -> {
                            CycleProduct p = new CycleProduct(
                                    row.longValue("product_id"), row.string("symbol"), row.string("kind"));
                            pricing.products().put(p.id(), p);
                            ProductSymbol symbol = ProductSymbol.of(p.symbol());
                            pricing.libraryProducts()
                                    .put(symbol, new Product(symbol, ProductKind.valueOf(p.kind()), currency));
                            pricing.prices().put(symbol, row.decimal("price"));
                            BigDecimal rate = row.decimal("funding_rate");
                            if (rate != null) {
                                // the operator's rate is the cycle's: one interval
                                pricing.funding().put(symbol, new FundingRate(symbol, rate, 1));
                            }
                            return p;
                        },
                        cycleId);
        return pricing;
    }

    /** The open settlement positions of the priced products. */
    private static List<PositionRow> positions(Connection c, Set<Long> products) {
        if (products.isEmpty()) {
            return new ArrayList<>();
        }
        return Sql.on(c)
                .listInChunks(
                        """
                SELECT account_id, product_id, quantity, reference_price FROM settlement_position WHERE product_id = ANY(?)""",
                        CHUNK,
                        row -> new PositionRow(
                                row.longValue("account_id"),
                                row.longValue("product_id"),
                                row.decimal("quantity"),
                                row.decimal("reference_price")),
                        Sql.longs(products));
    }

    /**
     * Each ported account's successor: the account its positions live in now, following ports of ports to the last.
     * Small (one row per port ever made), so it is read whole.
     */
    private static Map<Long, Long> portSuccessors(Connection c) {
        Map<Long, Long> next = new HashMap<>();
        Sql.on(c)
                .list(
                        "SELECT from_account_id, to_account_id FROM default_port",
                        row -> next.put(row.longValue("from_account_id"), row.longValue("to_account_id")));
        Map<Long, Long> last = new HashMap<>();
        for (Long from : next.keySet()) {
            Long to = next.get(from);
            // a port's target is a new account, so chains cannot loop; the bound only guards against bad data
            for (int hops = 0; next.containsKey(to) && hops < next.size(); hops++) {
                to = next.get(to);
            }
            last.put(from, to);
        }
        return last;
    }

    /** The venue trades the cut-off assigned to the cycle, each side moved to its account's port successor. */
    private static List<TradeRow> trades(Connection c, long cycleId, Map<Long, Long> successors) {
        return Sql.on(c)
                .listInChunks(
                        """
                SELECT t.buyer_account_id, t.seller_account_id, t.product_id, v.code AS venue, t.quantity, t.price
                  FROM trade_inbox t JOIN venue v ON v.id = t.venue_id WHERE t.settlement_cycle_id = ?""",
                        CHUNK,
                        row -> {
                            long buyer = row.longValue("buyer_account_id");
                            long seller = row.longValue("seller_account_id");
                            return new TradeRow(
                                    successors.getOrDefault(buyer, buyer),
                                    successors.getOrDefault(seller, seller),
                                    row.longValue("product_id"),
                                    row.string("venue"),
                                    row.decimal("quantity"),
                                    row.decimal("price"),
                                    TradeKind.VENUE);
                        },
                        cycleId);
    }

    /** Default management's transfers the cut-off assigned to the cycle, in the order they were made. */
    private static List<TradeRow> transfers(Connection c, long cycleId) {
        return Sql.on(c)
                .list(
                        """
                SELECT buyer_account_id, seller_account_id, product_id, quantity, price FROM position_transfer
                 WHERE settlement_cycle_id = ? ORDER BY id""",
                        row -> new TradeRow(
                                row.longValue("buyer_account_id"),
                                row.longValue("seller_account_id"),
                                row.longValue("product_id"),
                                CycleService.TRANSFER_VENUE.code(),
                                row.decimal("quantity"),
                                row.decimal("price"),
                                TradeKind.TRANSFER),
                        cycleId);
    }

    private static Set<Long> accountIds(List<PositionRow> positionRows, List<TradeRow> tradeRows) {
        Set<Long> ids = new TreeSet<>();
        positionRows.forEach(r -> ids.add(r.account()));
        tradeRows.forEach(r -> {
            ids.add(r.buyer());
            ids.add(r.seller());
        });
        return ids;
    }

    private static Map<Long, AccountRef> accounts(Connection c, Set<Long> ids) {
        Map<Long, AccountRef> accounts = new HashMap<>();
        if (ids.isEmpty()) {
            return accounts;
        }
        Sql.on(c)
                .list(
                        """
                SELECT a.id, a.code, m.id AS member_id, m.code AS member
                  FROM account a JOIN member m ON m.id = a.member_id WHERE a.id = ANY(?)""",
                        row -> accounts.put(
                                row.longValue("id"),
                                new AccountRef(
                                        row.longValue("id"),
                                        row.string("code"),
                                        row.longValue("member_id"),
                                        row.string("member"))),
                        Sql.longs(ids));
        return accounts;
    }

    private static List<PositionState> positionStates(
            List<PositionRow> rows, Map<Long, AccountRef> accounts, Map<Long, ProductSymbol> symbols) {
        List<PositionState> states = new ArrayList<>(rows.size());
        for (PositionRow r : rows) {
            states.add(new PositionState(
                    AccountCode.of(accounts.get(r.account()).code()),
                    symbols.get(r.product()),
                    r.quantity(),
                    r.referencePrice()));
        }
        return states;
    }

    /** Each trade or transfer as the library's two sides: the buyer's {@code +quantity}, the seller's {@code -quantity}. */
    private static List<CycleTrade> cycleTrades(
            List<TradeRow> rows, Map<Long, AccountRef> accounts, Map<Long, ProductSymbol> symbols) {
        List<CycleTrade> trades = new ArrayList<>(rows.size() * 2);
        for (TradeRow r : rows) {
            ProductSymbol product = symbols.get(r.product());
            VenueCode venue = VenueCode.of(r.venue());
            trades.add(new CycleTrade(
                    AccountCode.of(accounts.get(r.buyer()).code()), product, venue, r.quantity(), r.price(), r.kind()));
            trades.add(new CycleTrade(
                    AccountCode.of(accounts.get(r.seller()).code()),
                    product,
                    venue,
                    r.quantity().negate(),
                    r.price(),
                    r.kind()));
        }
        return trades;
    }
}
