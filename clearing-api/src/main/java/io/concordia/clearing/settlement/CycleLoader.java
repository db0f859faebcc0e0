package io.concordia.clearing.settlement;

import io.concordia.clearing.common.SqlArrays;
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
import java.sql.SQLException;
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
    static LoadedCycle load(Connection c, CycleHead head) throws SQLException {
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
    private static Pricing pricing(Connection c, long cycleId, AssetCode currency) throws SQLException {
        Pricing pricing = new Pricing(new HashMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        try (var st = c.prepareStatement("""
                SELECT sp.product_id, p.symbol, p.kind, sp.price, sp.funding_rate FROM settlement_price sp
                  JOIN product p ON p.id = sp.product_id WHERE sp.cycle_id = ?""")) {
            st.setLong(1, cycleId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    CycleProduct p = new CycleProduct(rs.getLong(1), rs.getString(2), rs.getString(3));
                    pricing.products().put(p.id(), p);
                    ProductSymbol symbol = ProductSymbol.of(p.symbol());
                    pricing.libraryProducts().put(symbol, new Product(symbol, ProductKind.valueOf(p.kind()), currency));
                    pricing.prices().put(symbol, rs.getBigDecimal(4));
                    BigDecimal rate = rs.getBigDecimal(5);
                    if (rate != null) {
                        // the operator's rate is the cycle's: one interval
                        pricing.funding().put(symbol, new FundingRate(symbol, rate, 1));
                    }
                }
            }
        }
        return pricing;
    }

    /** The open settlement positions of the priced products. */
    private static List<PositionRow> positions(Connection c, Set<Long> products) throws SQLException {
        List<PositionRow> rows = new ArrayList<>();
        if (products.isEmpty()) {
            return rows;
        }
        try (var st = c.prepareStatement("""
                SELECT account_id, product_id, quantity, reference_price FROM settlement_position WHERE product_id = ANY(?)""")) {
            st.setArray(1, SqlArrays.longs(c, products));
            st.setFetchSize(CHUNK);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new PositionRow(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4)));
                }
            }
        }
        return rows;
    }

    /**
     * Each ported account's successor: the account its positions live in now, following ports of ports to the last.
     * Small (one row per port ever made), so it is read whole.
     */
    private static Map<Long, Long> portSuccessors(Connection c) throws SQLException {
        Map<Long, Long> next = new HashMap<>();
        try (var st = c.prepareStatement("SELECT from_account_id, to_account_id FROM default_port");
                var rs = st.executeQuery()) {
            while (rs.next()) {
                next.put(rs.getLong(1), rs.getLong(2));
            }
        }
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
    private static List<TradeRow> trades(Connection c, long cycleId, Map<Long, Long> successors) throws SQLException {
        List<TradeRow> rows = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT t.buyer_account_id, t.seller_account_id, t.product_id, v.code, t.quantity, t.price
                  FROM trade_inbox t JOIN venue v ON v.id = t.venue_id WHERE t.settlement_cycle_id = ?""")) {
            st.setLong(1, cycleId);
            st.setFetchSize(CHUNK);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new TradeRow(
                            successors.getOrDefault(rs.getLong(1), rs.getLong(1)),
                            successors.getOrDefault(rs.getLong(2), rs.getLong(2)),
                            rs.getLong(3),
                            rs.getString(4),
                            rs.getBigDecimal(5),
                            rs.getBigDecimal(6),
                            TradeKind.VENUE));
                }
            }
        }
        return rows;
    }

    /** Default management's transfers the cut-off assigned to the cycle, in the order they were made. */
    private static List<TradeRow> transfers(Connection c, long cycleId) throws SQLException {
        List<TradeRow> rows = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT buyer_account_id, seller_account_id, product_id, quantity, price FROM position_transfer
                 WHERE settlement_cycle_id = ? ORDER BY id""")) {
            st.setLong(1, cycleId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new TradeRow(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            CycleService.TRANSFER_VENUE.code(),
                            rs.getBigDecimal(4),
                            rs.getBigDecimal(5),
                            TradeKind.TRANSFER));
                }
            }
        }
        return rows;
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

    private static Map<Long, AccountRef> accounts(Connection c, Set<Long> ids) throws SQLException {
        Map<Long, AccountRef> accounts = new HashMap<>();
        if (ids.isEmpty()) {
            return accounts;
        }
        try (var st = c.prepareStatement("""
                SELECT a.id, a.code, m.id, m.code FROM account a JOIN member m ON m.id = a.member_id WHERE a.id = ANY(?)""")) {
            st.setArray(1, SqlArrays.longs(c, ids));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    accounts.put(
                            rs.getLong(1),
                            new AccountRef(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
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
