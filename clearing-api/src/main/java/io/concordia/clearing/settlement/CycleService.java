package io.concordia.clearing.settlement;

import io.concordia.clearing.common.ProblemCode;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.SqlArrays;
import io.concordia.clearing.ledger.EntryKind;
import io.concordia.clearing.ledger.LedgerAccountKind;
import io.concordia.clearing.ledger.LedgerBatch;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.clearing.settlement.SettlementDtos.Cycle;
import io.concordia.clearing.settlement.SettlementDtos.CyclePrice;
import io.concordia.clearing.settlement.SettlementDtos.RunCycle;
import io.concordia.settlement.calc.CcpAccount;
import io.concordia.settlement.calc.CycleResult;
import io.concordia.settlement.calc.LedgerAccountRef;
import io.concordia.settlement.calc.LedgerEntry;
import io.concordia.settlement.calc.MemberNet;
import io.concordia.settlement.calc.PositionSettlement;
import io.concordia.settlement.calc.Posting;
import io.concordia.settlement.calc.SettlementCalculator;
import io.concordia.settlement.calc.SettlementInstruction;
import io.concordia.settlement.model.AccountCode;
import io.concordia.types.AssetCode;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The steps of a settlement cycle (docs/architecture.md, "Data flow" 4), each one transaction that does nothing unless the cycle
 * is at the step before it, so a re-run after a crash completes a cycle exactly once:
 *
 * <ol>
 *   <li>{@link #freeze}: the cut-off. The cycle row is inserted (at most one unfinished cycle exists, the database
 *       enforces it), the settlement price of every product with a position or an unsettled trade is frozen (the
 *       harmonized mark, or an operator's price) and every unsettled trade of a priced product is assigned to the
 *       cycle in one statement. A product with neither mark nor price is deferred to the next cycle.</li>
 *   <li>{@link #post}: the settlement library computes the cycle from what was frozen; the statement, the nets, each
 *       account's share, the ledger entries and the PENDING instructions are written and the positions' reference
 *       state rolls to the settlement price.</li>
 *   <li>{@link #publish}: one outbox event per instruction.</li>
 * </ol>
 *
 * <p>Ledger. The library books one entry per currency; the database checks an entry's balance once per posting, so an
 * entry of 20,000 postings would cost 20,000² reads. The cycle books the same postings as one entry per member and
 * currency (its accounts' settlement balances against {@code CCP:SETTLEMENT}) plus one CCP entry per currency (fee
 * income and rounding residue out of {@code CCP:SETTLEMENT}); per ledger account they sum exactly to the library's
 * entry, which {@link #checkAgainstLibrary} verifies before anything is written. Member postings go to the account's
 * settlement balance, not its collateral: the collateral moves when the instruction settles.
 */
@ApplicationScoped
public class CycleService {

    private static final Logger LOG = Logger.getLogger(CycleService.class);
    /** The topic instructions and their status changes are published to. */
    public static final String TOPIC = "settlement-instructions";
    private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final int CHUNK = 20_000;
    private static final BigDecimal MAX_FUNDING_RATE = BigDecimal.ONE;
    /** The venue a default-management transfer reports under in the library (reporting only: nothing is charged by venue). */
    static final VenueCode TRANSFER_VENUE = VenueCode.of("default-management");

    private record Asset(long id, String code, int scale) {
    }

    private record ProductRef(long id, String symbol, String kind) {
    }

    private record Head(long id, String code, CycleStatus status, Asset asset, BigDecimal feeRate) {
    }

    private record AccountRef(long id, String code, long memberId, String memberCode) {
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SettlementConfig config;
    @Inject
    Clock clock;
    @Inject
    AuditService audit;
    @Inject
    Outbox outbox;
    @Inject
    Event<CycleStep> steps;

    /** The code of a scheduled cycle: its slot, to the minute ({@code 2026-11-25T12:00Z}). */
    public static String slotCode(Instant slot) {
        return SLOT.format(slot.truncatedTo(ChronoUnit.MINUTES));
    }

    /** The code of an operator's cycle: its cut-off, to the millisecond. */
    static String operatorCode(Instant cutOff) {
        return DateTimeFormatter.ISO_INSTANT.format(cutOff.truncatedTo(ChronoUnit.MILLIS));
    }

    // ---------------------------------------------------------------------------------------------------- step 1

    /**
     * The cut-off. Refused while another cycle is unfinished ({@code CYCLE_UNFINISHED}) or if a cycle of this code
     * exists ({@code CYCLE_EXISTS}).
     *
     * @param code the cycle's code; {@code null}: the cut-off time
     * @return the new cycle's id
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long freeze(CycleOrigin origin, String code, String actor, RunCycle request) {
        Instant cutOff = clock.instant();
        String cycleCode = code != null ? code : operatorCode(cutOff);
        try (Connection c = dataSource.getConnection()) {
            Optional<Long> open = unfinished(c);
            if (open.isPresent()) {
                throw ApiProblem.of(ProblemCode.CYCLE_UNFINISHED, "settlement cycle " + open.get()
                        + " is unfinished; finish it first with POST /api/v1/admin/settlement-cycles/" + open.get() + "/resume");
            }
            if (exists(c, cycleCode)) {
                throw ApiProblem.of(ProblemCode.CYCLE_EXISTS, "settlement cycle '" + cycleCode + "' already exists");
            }
            Asset asset = settlementAsset(c);
            Map<String, ProductRef> products = products(c);
            Map<Long, BigDecimal> operatorPrices = new TreeMap<>();
            request.pricesOrEmpty().forEach((symbol, price) -> {
                ProductRef p = knownProduct(products, symbol, "prices");
                if (price == null) {
                    throw ApiProblem.of(ProblemCode.MISSING_PRICE, "prices." + symbol + " has no value");
                }
                operatorPrices.put(p.id(), Decimals.positive(price, 18, "prices." + symbol));
            });
            Map<Long, BigDecimal> funding = new TreeMap<>();
            request.fundingOrEmpty().forEach((symbol, rate) -> {
                ProductRef p = knownProduct(products, symbol, "funding");
                if (!"PERPETUAL".equals(p.kind())) {
                    throw ApiProblem.of(ProblemCode.FUNDING_NOT_PERPETUAL, "'" + symbol + "' is a " + p.kind() + "; only perpetuals pay funding");
                }
                if (rate == null) {
                    throw ApiProblem.of(ProblemCode.MISSING_RATE, "funding." + symbol + " has no value");
                }
                BigDecimal r = Decimals.atScale(rate, 18, "funding." + symbol);
                if (r.abs().compareTo(MAX_FUNDING_RATE) >= 0) {
                    throw ApiProblem.of(ProblemCode.OUT_OF_RANGE, "funding." + symbol + " must be between -1 and 1, was " + rate.toPlainString());
                }
                funding.put(p.id(), r);
            });

            Set<Long> involved = involvedProducts(c);
            Set<Long> candidates = new TreeSet<>(involved);
            candidates.addAll(operatorPrices.keySet());
            Map<Long, Object[]> marks = marks(c, candidates); // {price, stale}
            Map<Long, BigDecimal> finals = Expiries.finalPrices(c, candidates, cutOff);
            Map<Long, CyclePrice> frozen = new TreeMap<>();
            List<String> deferred = new ArrayList<>();
            Map<Long, ProductRef> byId = new HashMap<>();
            products.values().forEach(p -> byId.put(p.id(), p));
            for (long product : candidates) {
                BigDecimal price = operatorPrices.get(product);
                Object[] mark = marks.get(product);
                String symbol = byId.get(product).symbol();
                if (finals.containsKey(product)) {
                    if (price != null || funding.containsKey(product)) {
                        throw ApiProblem.of(ProblemCode.PRODUCT_EXPIRED, "'" + symbol + "' has expired and settles at its final price "
                                + finals.get(product).stripTrailingZeros().toPlainString()
                                + "; an operator sets that at PUT /api/v1/admin/products/" + symbol + "/final-price");
                    }
                    frozen.put(product, new CyclePrice(symbol, finals.get(product), "FINAL", false, null));
                } else if (price != null) {
                    frozen.put(product, new CyclePrice(symbol, price, "OPERATOR", mark != null && (Boolean) mark[1], funding.get(product)));
                } else if (mark != null) {
                    frozen.put(product, new CyclePrice(symbol, (BigDecimal) mark[0], "MARK", (Boolean) mark[1], funding.get(product)));
                } else {
                    deferred.add(symbol);
                }
            }
            for (long product : funding.keySet()) {
                if (!frozen.containsKey(product)) {
                    throw ApiProblem.of(ProblemCode.NO_SETTLEMENT_PRICE, "funding is given for '" + byId.get(product).symbol()
                            + "', which has neither a mark nor a price in this cycle");
                }
            }
            deferred.sort(null);

            long id;
            try (var st = c.prepareStatement("""
                    INSERT INTO settlement_cycle (code, origin, status, cut_off, asset_id, fee_rate, requested_by, reason,
                                                  deferred_products, frozen_at)
                    VALUES (?, ?, 'FROZEN', ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
                st.setString(1, cycleCode);
                st.setString(2, origin.name());
                st.setTimestamp(3, Timestamp.from(cutOff));
                st.setLong(4, asset.id());
                st.setBigDecimal(5, config.feeRate());
                st.setString(6, actor);
                st.setString(7, request.reason());
                st.setArray(8, SqlArrays.texts(c, deferred));
                st.setTimestamp(9, Timestamp.from(cutOff));
                try (var rs = st.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw ApiProblem.of(ProblemCode.CYCLE_RUNNING, "another settlement cycle started at the same time");
                }
                throw e;
            }
            try (var st = c.prepareStatement("""
                    INSERT INTO settlement_price (cycle_id, product_id, price, source, mark_stale, funding_rate)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                for (var e : frozen.entrySet()) {
                    st.setLong(1, id);
                    st.setLong(2, e.getKey());
                    st.setBigDecimal(3, e.getValue().price());
                    st.setString(4, e.getValue().source());
                    st.setBoolean(5, e.getValue().markStale());
                    st.setBigDecimal(6, e.getValue().fundingRate());
                    st.addBatch();
                }
                st.executeBatch();
            }
            int trades;
            try (var st = c.prepareStatement("""
                    UPDATE trade_inbox SET settlement_cycle_id = ? WHERE settlement_cycle_id IS NULL AND product_id = ANY(?)""")) {
                st.setLong(1, id);
                st.setArray(2, SqlArrays.longs(c, frozen.keySet()));
                trades = st.executeUpdate();
            }
            // default management's transfers are cut off with the trades, by the same rule
            int transfers;
            try (var st = c.prepareStatement("""
                    UPDATE position_transfer SET settlement_cycle_id = ? WHERE settlement_cycle_id IS NULL AND product_id = ANY(?)""")) {
                st.setLong(1, id);
                st.setArray(2, SqlArrays.longs(c, frozen.keySet()));
                transfers = st.executeUpdate();
            }
            try (var st = c.prepareStatement("UPDATE settlement_cycle SET trades = ?, transfers = ? WHERE id = ?")) {
                st.setInt(1, trades);
                st.setInt(2, transfers);
                st.setLong(3, id);
                st.executeUpdate();
            }
            if (origin == CycleOrigin.OPERATOR) {
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("prices", frozen.values());
                after.put("deferredProducts", deferred);
                after.put("trades", trades);
                after.put("transfers", transfers);
                after.put("reason", request.reason());
                audit.recordAs(actor, "RUN_SETTLEMENT_CYCLE", "settlement-cycle", cycleCode, null, after);
            }
            LOG.infof("settlement cycle %s frozen: %d products priced, %d deferred, %d trades, %d transfers", cycleCode, frozen.size(),
                    deferred.size(), trades, transfers);
            return id;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- step 2

    /**
     * Computes the frozen cycle and writes what it decided. Does nothing unless the cycle is FROZEN.
     *
     * @return whether this call did the step
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean post(long cycleId, String actor) {
        long started = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            Head head = lock(c, cycleId);
            if (head.status() != CycleStatus.FROZEN) {
                return false;
            }
            SettlementLock.hold(c);
            Asset asset = head.asset();
            AssetCode currency = AssetCode.of(asset.code());

            Map<Long, ProductRef> products = new HashMap<>();
            Map<ProductSymbol, Product> libraryProducts = new TreeMap<>();
            Map<ProductSymbol, BigDecimal> prices = new TreeMap<>();
            Map<ProductSymbol, FundingRate> funding = new TreeMap<>();
            try (var st = c.prepareStatement("""
                    SELECT sp.product_id, p.symbol, p.kind, sp.price, sp.funding_rate FROM settlement_price sp
                      JOIN product p ON p.id = sp.product_id WHERE sp.cycle_id = ?""")) {
                st.setLong(1, cycleId);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        ProductRef p = new ProductRef(rs.getLong(1), rs.getString(2), rs.getString(3));
                        products.put(p.id(), p);
                        ProductSymbol symbol = ProductSymbol.of(p.symbol());
                        libraryProducts.put(symbol, new Product(symbol, ProductKind.valueOf(p.kind()), currency));
                        prices.put(symbol, rs.getBigDecimal(4));
                        BigDecimal rate = rs.getBigDecimal(5);
                        if (rate != null) {
                            // the operator's rate is the cycle's: one interval
                            funding.put(symbol, new FundingRate(symbol, rate, 1));
                        }
                    }
                }
            }

            List<Object[]> positionRows = new ArrayList<>(); // {accountId, productId, quantity, reference}
            if (!products.isEmpty()) {
                try (var st = c.prepareStatement("""
                        SELECT account_id, product_id, quantity, reference_price FROM settlement_position WHERE product_id = ANY(?)""")) {
                    st.setArray(1, SqlArrays.longs(c, products.keySet()));
                    st.setFetchSize(CHUNK);
                    try (var rs = st.executeQuery()) {
                        while (rs.next()) {
                            positionRows.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4)});
                        }
                    }
                }
            }
            // a trade of an account ported before any cycle settled it settles where its position went
            Map<Long, Long> successors = portSuccessors(c);
            List<Object[]> tradeRows = new ArrayList<>(); // {buyer, seller, productId, venue, quantity, price, kind}
            try (var st = c.prepareStatement("""
                    SELECT t.buyer_account_id, t.seller_account_id, t.product_id, v.code, t.quantity, t.price
                      FROM trade_inbox t JOIN venue v ON v.id = t.venue_id WHERE t.settlement_cycle_id = ?""")) {
                st.setLong(1, cycleId);
                st.setFetchSize(CHUNK);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        tradeRows.add(new Object[] {successors.getOrDefault(rs.getLong(1), rs.getLong(1)),
                                successors.getOrDefault(rs.getLong(2), rs.getLong(2)), rs.getLong(3), rs.getString(4), rs.getBigDecimal(5),
                                rs.getBigDecimal(6), TradeKind.VENUE});
                    }
                }
            }
            try (var st = c.prepareStatement("""
                    SELECT buyer_account_id, seller_account_id, product_id, quantity, price FROM position_transfer
                     WHERE settlement_cycle_id = ? ORDER BY id""")) {
                st.setLong(1, cycleId);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        tradeRows.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), TRANSFER_VENUE.code(), rs.getBigDecimal(4),
                                rs.getBigDecimal(5), TradeKind.TRANSFER});
                    }
                }
            }
            Set<Long> accountIds = new TreeSet<>();
            positionRows.forEach(r -> accountIds.add((Long) r[0]));
            tradeRows.forEach(r -> {
                accountIds.add((Long) r[0]);
                accountIds.add((Long) r[1]);
            });
            Map<Long, AccountRef> accounts = accounts(c, accountIds);
            Map<AccountCode, AccountRef> accountsByCode = new HashMap<>();
            Map<AccountCode, MemberCode> members = new TreeMap<>();
            Map<MemberCode, Long> memberIds = new HashMap<>();
            for (AccountRef a : accounts.values()) {
                AccountCode code = AccountCode.of(a.code());
                accountsByCode.put(code, a);
                members.put(code, MemberCode.of(a.memberCode()));
                memberIds.put(MemberCode.of(a.memberCode()), a.memberId());
            }
            Map<Long, ProductSymbol> symbols = new HashMap<>();
            products.values().forEach(p -> symbols.put(p.id(), ProductSymbol.of(p.symbol())));

            List<PositionState> states = new ArrayList<>(positionRows.size());
            for (Object[] r : positionRows) {
                states.add(new PositionState(AccountCode.of(accounts.get((Long) r[0]).code()), symbols.get((Long) r[1]),
                        (BigDecimal) r[2], (BigDecimal) r[3]));
            }
            List<CycleTrade> trades = new ArrayList<>(tradeRows.size() * 2);
            for (Object[] r : tradeRows) {
                ProductSymbol product = symbols.get((Long) r[2]);
                VenueCode venue = VenueCode.of((String) r[3]);
                BigDecimal quantity = (BigDecimal) r[4];
                BigDecimal price = (BigDecimal) r[5];
                TradeKind kind = (TradeKind) r[6];
                trades.add(new CycleTrade(AccountCode.of(accounts.get((Long) r[0]).code()), product, venue, quantity, price, kind));
                trades.add(new CycleTrade(AccountCode.of(accounts.get((Long) r[1]).code()), product, venue, quantity.negate(), price, kind));
            }
            CycleInput input = new CycleInput(CycleId.of(head.code()), libraryProducts, Map.of(currency, asset.scale()), prices,
                    funding, new FeeSchedule(head.feeRate(), Map.of()), members, states, trades);
            CycleResult result = SettlementCalculator.DEFAULT.run(input);

            Function<AccountCode, Long> accountId = code -> accountsByCode.get(code).id();
            Phases phases = new Phases(started);
            phases.lap("read+compute");
            writeStatement(c, cycleId, asset, result, accountId, symbols);
            phases.lap("statement");
            writeNets(c, cycleId, asset, result, accountId, memberIds);
            phases.lap("nets");
            postLedger(c, head, result, accountId, memberIds, actor);
            phases.lap("ledger");
            steps.fire(new CycleStep(cycleId, head.code(), CycleStep.Point.LEDGER_POSTED));
            moveZeroNets(c, head, result, accountId, actor);
            List<SettlementInstruction> issued = issuable(c, result, memberIds);
            writeInstructions(c, cycleId, asset, issued, memberIds);
            phases.lap("instructions");
            rollPositions(c, cycleId, result, accountId, symbols);
            Expiries.close(c, cycleId);
            // every account with a statement line is re-margined, not only those the ledger entries name: a share that
            // rounds to 0 posts nothing, yet the line's variation margin still moves from the position to the settled
            MarginQueue.enqueue(c, result.positions().stream().map(l -> accountId.apply(l.account())).collect(java.util.stream.Collectors.toSet()));
            phases.lap("roll");
            try (var st = c.prepareStatement("""
                    UPDATE settlement_cycle SET status = 'POSTED', posted_at = ?, positions = ?, instructions = ? WHERE id = ?""")) {
                st.setTimestamp(1, Timestamp.from(clock.instant()));
                st.setInt(2, result.positions().size());
                st.setInt(3, issued.size());
                st.setLong(4, cycleId);
                st.executeUpdate();
            }
            LOG.infof("settlement cycle %s posted: %d positions, %d trades, %d instructions (%s)", head.code(), result.positions().size(),
                    tradeRows.size(), issued.size(), phases);
            return true;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Statement lines by COPY: the largest write of a cycle, one row per account and product. */
    private static void writeStatement(Connection c, long cycleId, Asset asset, CycleResult result, Function<AccountCode, Long> accountId,
            Map<Long, ProductSymbol> symbols) throws SQLException {
        Map<ProductSymbol, Long> productIds = new HashMap<>();
        symbols.forEach((id, symbol) -> productIds.put(symbol, id));
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                COPY settlement_statement_line (cycle_id, account_id, product_id, asset_id, opening_quantity, reference_price, trade_count,
                     traded_quantity, traded_notional, settlement_price, closing_quantity, variation_margin, funding, fees) FROM STDIN""");
        try {
            StringBuilder rows = new StringBuilder(1 << 20);
            for (PositionSettlement l : result.positions()) {
                rows.append(cycleId).append('\t').append(accountId.apply(l.account())).append('\t').append(productIds.get(l.product()))
                        .append('\t').append(asset.id())
                        .append('\t').append(l.openingQuantity().toPlainString()).append('\t').append(l.lastSettlementPrice().toPlainString())
                        .append('\t').append(l.tradeCount()).append('\t').append(l.tradedQuantity().toPlainString())
                        .append('\t').append(l.tradedNotional().toPlainString()).append('\t').append(l.settlementPrice().toPlainString())
                        .append('\t').append(l.closingQuantity().toPlainString()).append('\t').append(l.variationMargin().toPlainString())
                        .append('\t').append(l.funding().toPlainString()).append('\t').append(l.fees().toPlainString()).append('\n');
                if (rows.length() > (1 << 20) - 4096) {
                    write(copy, rows);
                }
            }
            write(copy, rows);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    private static void writeNets(Connection c, long cycleId, Asset asset, CycleResult result, Function<AccountCode, Long> accountId,
            Map<MemberCode, Long> memberIds) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO settlement_net (cycle_id, member_id, asset_id, variation_margin, funding, fees, exact_net, rounded_net)
                SELECT ?, m, ?, vm, f, fe, en, rn FROM unnest(?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[])
                    AS u(m, vm, f, fe, en, rn)""")) {
            List<MemberNet> nets = result.nets();
            st.setLong(1, cycleId);
            st.setLong(2, asset.id());
            st.setArray(3, SqlArrays.longs(c, nets.stream().map(n -> memberIds.get(n.member())).toList()));
            st.setArray(4, decimals(c, nets, MemberNet::variationMargin));
            st.setArray(5, decimals(c, nets, MemberNet::funding));
            st.setArray(6, decimals(c, nets, MemberNet::fees));
            st.setArray(7, decimals(c, nets, MemberNet::exactNet));
            st.setArray(8, decimals(c, nets, MemberNet::roundedNet));
            st.executeUpdate();
        }
        List<Long> accounts = new ArrayList<>();
        List<Long> members = new ArrayList<>();
        List<BigDecimal> amounts = new ArrayList<>();
        for (MemberNet n : result.nets()) {
            new TreeMap<>(n.accountAmounts()).forEach((account, amount) -> {
                if (amount.signum() != 0) {
                    accounts.add(accountId.apply(account));
                    members.add(memberIds.get(n.member()));
                    amounts.add(amount);
                }
            });
        }
        try (var st = c.prepareStatement("""
                INSERT INTO settlement_account_amount (cycle_id, account_id, asset_id, member_id, amount)
                SELECT ?, a, ?, m, x FROM unnest(?::bigint[], ?::bigint[], ?::numeric[]) AS u(a, m, x)""")) {
            st.setLong(1, cycleId);
            st.setLong(2, asset.id());
            st.setArray(3, SqlArrays.longs(c, accounts));
            st.setArray(4, SqlArrays.longs(c, members));
            st.setArray(5, SqlArrays.decimals(c, amounts));
            st.executeUpdate();
        }
    }

    /** One entry per member (its accounts' settlement balances against CCP:SETTLEMENT), then the CCP's entry. */
    private void postLedger(Connection c, Head head, CycleResult result, Function<AccountCode, Long> accountId,
            Map<MemberCode, Long> memberIds, String actor) throws SQLException {
        long assetId = head.asset().id();
        long ccpSettlement = LedgerBatch.ccpAccount(c, LedgerAccountKind.CCP_SETTLEMENT);
        Map<CcpAccount, Long> ccp = Map.of(CcpAccount.CCP_SETTLEMENT, ccpSettlement,
                CcpAccount.CCP_FEES, LedgerBatch.ccpAccount(c, LedgerAccountKind.CCP_FEES),
                CcpAccount.CCP_ROUNDING, LedgerBatch.ccpAccount(c, LedgerAccountKind.CCP_ROUNDING));
        Set<Long> booked = new TreeSet<>();
        result.nets().forEach(n -> n.accountAmounts().forEach((a, x) -> {
            if (x.signum() != 0) {
                booked.add(accountId.apply(a));
            }
        }));
        Map<Long, Long> settlementAccounts = LedgerBatch.settlementAccounts(c, booked);

        List<LedgerBatch.Draft> memberDrafts = new ArrayList<>();
        for (MemberNet n : result.nets()) {
            List<LedgerBatch.Leg> legs = new ArrayList<>();
            new TreeMap<>(n.accountAmounts()).forEach((account, amount) -> {
                if (amount.signum() != 0) {
                    legs.add(new LedgerBatch.Leg(settlementAccounts.get(accountId.apply(account)), assetId, amount));
                }
            });
            if (n.roundedNet().signum() != 0) {
                legs.add(new LedgerBatch.Leg(ccpSettlement, assetId, n.roundedNet().negate()));
            }
            if (!legs.isEmpty()) {
                memberDrafts.add(new LedgerBatch.Draft(reference(head, n.member()), legs));
            }
        }
        List<LedgerBatch.Draft> ccpDrafts = new ArrayList<>();
        for (LedgerEntry entry : result.ledgerEntries()) {
            Map<Long, BigDecimal> amounts = new TreeMap<>();
            // what the member entries booked against CCP:SETTLEMENT comes back out of it here
            amounts.put(ccpSettlement, result.totals(entry.postings().get(0).currency()).orElseThrow().membersNet());
            for (Posting p : entry.postings()) {
                if (p.account() instanceof LedgerAccountRef.Ccp x) {
                    amounts.merge(ccp.get(x.account()), p.amount(), BigDecimal::add);
                }
            }
            List<LedgerBatch.Leg> legs = new ArrayList<>();
            amounts.forEach((ledgerAccount, amount) -> {
                if (amount.signum() != 0) {
                    legs.add(new LedgerBatch.Leg(ledgerAccount, assetId, amount));
                }
            });
            if (!legs.isEmpty()) {
                ccpDrafts.add(new LedgerBatch.Draft(entry.reference(), legs));
            }
        }
        checkAgainstLibrary(result, memberDrafts, ccpDrafts, accountId, settlementAccounts, ccp);
        LedgerBatch.post(c, EntryKind.SETTLEMENT_CYCLE, actor, memberDrafts);
        LedgerBatch.post(c, EntryKind.SETTLEMENT_CCP, actor, ccpDrafts);
    }

    /**
     * The split entries must book, per ledger account, exactly what the library's per-currency entries book (member
     * collateral read as the account's settlement balance). A difference is a programming error: nothing is written.
     */
    private static void checkAgainstLibrary(CycleResult result, List<LedgerBatch.Draft> memberDrafts, List<LedgerBatch.Draft> ccpDrafts,
            Function<AccountCode, Long> accountId, Map<Long, Long> settlementAccounts, Map<CcpAccount, Long> ccp) {
        Map<Long, BigDecimal> library = new HashMap<>();
        for (LedgerEntry entry : result.ledgerEntries()) {
            for (Posting p : entry.postings()) {
                long ledgerAccount = p.account() instanceof LedgerAccountRef.MemberCollateral m
                        ? settlementAccounts.get(accountId.apply(m.account()))
                        : ccp.get(((LedgerAccountRef.Ccp) p.account()).account());
                library.merge(ledgerAccount, p.amount(), BigDecimal::add);
            }
        }
        Map<Long, BigDecimal> split = new HashMap<>();
        for (List<LedgerBatch.Draft> drafts : List.of(memberDrafts, ccpDrafts)) {
            for (LedgerBatch.Draft d : drafts) {
                for (LedgerBatch.Leg leg : d.legs()) {
                    split.merge(leg.ledgerAccountId(), leg.amount(), BigDecimal::add);
                }
            }
        }
        library.values().removeIf(x -> x.signum() == 0);
        split.values().removeIf(x -> x.signum() == 0);
        Set<Long> keys = new TreeSet<>(library.keySet());
        keys.addAll(split.keySet());
        for (Long k : keys) {
            BigDecimal a = library.getOrDefault(k, BigDecimal.ZERO);
            BigDecimal b = split.getOrDefault(k, BigDecimal.ZERO);
            if (a.compareTo(b) != 0) {
                throw new IllegalStateException("cycle " + result.cycle() + ": ledger account " + k + " would book " + b.toPlainString()
                        + " where the settlement library books " + a.toPlainString());
            }
        }
    }

    /**
     * A member whose net rounds to 0 has no instruction to settle, yet its accounts' shares may offset each other
     * (+x on one account, -x on another). They move between settlement balance and collateral at once, when every
     * paying account's collateral covers its share; otherwise they stay in the settlement balances, which count in
     * equity, and the margin process calls for what is missing.
     */
    private void moveZeroNets(Connection c, Head head, CycleResult result, Function<AccountCode, Long> accountId, String actor)
            throws SQLException {
        List<LedgerBatch.Draft> drafts = new ArrayList<>();
        for (MemberNet n : result.nets()) {
            if (n.roundedNet().signum() != 0 || n.accountAmounts().values().stream().allMatch(x -> x.signum() == 0)) {
                continue;
            }
            Map<Long, BigDecimal> shares = new TreeMap<>();
            n.accountAmounts().forEach((a, x) -> {
                if (x.signum() != 0) {
                    shares.put(accountId.apply(a), x);
                }
            });
            Payments.Plan plan = Payments.plan(c, shares, head.asset().id());
            if (plan.covered()) {
                drafts.add(new LedgerBatch.Draft(reference(head, n.member()), plan.legs()));
            } else {
                LOG.warnf("settlement cycle %s: member %s nets to 0 but a paying account's collateral does not cover its share;"
                        + " the shares stay in the settlement balances", head.code(), n.member());
            }
        }
        LedgerBatch.post(c, EntryKind.SETTLEMENT_PAYMENT, actor, drafts);
    }

    /**
     * The instructions to issue: every member's but the CCP's own. The CCP's default-management account settles like
     * any account (its variation margin is booked to its settlement balance, where the CCP's result on the positions it
     * took over shows), but the CCP does not instruct itself to pay or receive.
     */
    private static List<SettlementInstruction> issuable(Connection c, CycleResult result, Map<MemberCode, Long> memberIds)
            throws SQLException {
        Set<Long> ccp = new TreeSet<>();
        try (var st = c.prepareStatement("SELECT id FROM member WHERE is_ccp"); var rs = st.executeQuery()) {
            while (rs.next()) {
                ccp.add(rs.getLong(1));
            }
        }
        return result.instructions().stream().filter(i -> !ccp.contains(memberIds.get(i.member()))).toList();
    }

    private static void writeInstructions(Connection c, long cycleId, Asset asset, List<SettlementInstruction> instructions,
            Map<MemberCode, Long> memberIds) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO settlement_instruction (cycle_id, member_id, asset_id, direction, amount, status, created_at)
                SELECT ?, m, ?, d, x, 'PENDING', now() FROM unnest(?::bigint[], ?::text[], ?::numeric[]) AS u(m, d, x)""")) {
            st.setLong(1, cycleId);
            st.setLong(2, asset.id());
            st.setArray(3, SqlArrays.longs(c, instructions.stream().map(i -> memberIds.get(i.member())).toList()));
            st.setArray(4, SqlArrays.texts(c, instructions.stream().map(i -> i.direction().name()).toList()));
            st.setArray(5, SqlArrays.decimals(c, instructions.stream().map(SettlementInstruction::amount).toList()));
            st.executeUpdate();
        }
    }

    /** Each position's quantity and reference price roll to the cycle's close: unrealized P&L restarts from zero. */
    private static void rollPositions(Connection c, long cycleId, CycleResult result, Function<AccountCode, Long> accountId,
            Map<Long, ProductSymbol> symbols) throws SQLException {
        Map<ProductSymbol, Long> productIds = new HashMap<>();
        symbols.forEach((id, symbol) -> productIds.put(symbol, id));
        List<PositionState> open = new ArrayList<>();
        List<PositionState> flat = new ArrayList<>();
        for (PositionState s : result.nextPositions()) {
            (s.quantity().signum() == 0 ? flat : open).add(s);
        }
        for (int from = 0; from < open.size(); from += CHUNK) {
            List<PositionState> chunk = open.subList(from, Math.min(open.size(), from + CHUNK));
            try (var st = c.prepareStatement("""
                    INSERT INTO settlement_position (account_id, product_id, quantity, reference_price, cycle_id)
                    SELECT a, p, q, r, ? FROM unnest(?::bigint[], ?::bigint[], ?::numeric[], ?::numeric[]) AS u(a, p, q, r)
                    ON CONFLICT (account_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity,
                           reference_price = EXCLUDED.reference_price, cycle_id = EXCLUDED.cycle_id""")) {
                st.setLong(1, cycleId);
                st.setArray(2, SqlArrays.longs(c, chunk.stream().map(s -> accountId.apply(s.account())).toList()));
                st.setArray(3, SqlArrays.longs(c, chunk.stream().map(s -> productIds.get(s.product())).toList()));
                st.setArray(4, decimals(c, chunk, PositionState::quantity));
                st.setArray(5, decimals(c, chunk, PositionState::lastSettlementPrice));
                st.executeUpdate();
            }
        }
        if (!flat.isEmpty()) {
            try (var st = c.prepareStatement("""
                    DELETE FROM settlement_position s USING unnest(?::bigint[], ?::bigint[]) AS u(a, p)
                     WHERE s.account_id = u.a AND s.product_id = u.p""")) {
                st.setArray(1, SqlArrays.longs(c, flat.stream().map(s -> accountId.apply(s.account())).toList()));
                st.setArray(2, SqlArrays.longs(c, flat.stream().map(s -> productIds.get(s.product())).toList()));
                st.executeUpdate();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- step 3

    /**
     * Writes one INSTRUCTION_ISSUED event per instruction to the outbox, keyed by member. Does nothing unless the
     * cycle is POSTED.
     *
     * @return whether this call did the step
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean publish(long cycleId) {
        try (Connection c = dataSource.getConnection()) {
            Head head = lock(c, cycleId);
            if (head.status() != CycleStatus.POSTED) {
                return false;
            }
            List<Outbox.Event> events = new ArrayList<>();
            for (SettlementDtos.Instruction i : Instructions.ofCycle(c, cycleId)) {
                events.add(new Outbox.Event(TOPIC, i.member(), "INSTRUCTION_ISSUED", i));
            }
            outbox.append(c, events);
            try (var st = c.prepareStatement("UPDATE settlement_cycle SET status = 'PUBLISHED', published_at = ? WHERE id = ?")) {
                st.setTimestamp(1, Timestamp.from(clock.instant()));
                st.setLong(2, cycleId);
                st.executeUpdate();
            }
            LOG.infof("settlement cycle %s published: %d instructions", head.code(), events.size());
            return true;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- reads

    /** Records an operator's request to finish a cycle. @return the cycle's id */
    @Transactional
    public long recordResume(String idOrCode, String actor) {
        try (Connection c = dataSource.getConnection()) {
            long id = resolve(c, idOrCode);
            Cycle before = read(c, id);
            audit.recordAs(actor, "RESUME_SETTLEMENT_CYCLE", "settlement-cycle", before.code(), Map.of("status", before.status()), null);
            return id;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public Cycle get(String idOrCode) {
        try (Connection c = dataSource.getConnection()) {
            return read(c, resolve(c, idOrCode));
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public Cycle get(long id) {
        return get(Long.toString(id));
    }

    @Transactional
    public Page<Cycle> list(PageRequest page) {
        try (Connection c = dataSource.getConnection()) {
            List<Long> ids = new ArrayList<>();
            try (var st = c.prepareStatement("SELECT id FROM settlement_cycle ORDER BY id DESC LIMIT ? OFFSET ?")) {
                st.setInt(1, page.size());
                st.setLong(2, (long) page.page() * page.size());
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            List<Cycle> items = new ArrayList<>();
            for (long id : ids) {
                items.add(read(c, id));
            }
            long total;
            try (var st = c.prepareStatement("SELECT count(*) FROM settlement_cycle"); var rs = st.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            return new Page<>(items, page.page(), page.size(), total);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** The unfinished cycle, if any. */
    @Transactional
    public Optional<Long> unfinished() {
        try (Connection c = dataSource.getConnection()) {
            return unfinished(c);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Whether a cycle of this code exists. */
    @Transactional
    public boolean exists(String code) {
        try (Connection c = dataSource.getConnection()) {
            return exists(c, code);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** A cycle by its id (digits) or its code; 404 if there is none. */
    static long resolve(Connection c, String idOrCode) throws SQLException {
        boolean byId = idOrCode.chars().allMatch(Character::isDigit) && idOrCode.length() <= 18 && !idOrCode.isEmpty();
        try (var st = c.prepareStatement(byId ? "SELECT id FROM settlement_cycle WHERE id = ?" : "SELECT id FROM settlement_cycle WHERE code = ?")) {
            if (byId) {
                st.setLong(1, Long.parseLong(idOrCode));
            } else {
                st.setString(1, idOrCode);
            }
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("settlement cycle", idOrCode);
                }
                return rs.getLong(1);
            }
        }
    }

    private static Cycle read(Connection c, long id) throws SQLException {
        List<CyclePrice> prices = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT p.symbol, sp.price, sp.source, sp.mark_stale, sp.funding_rate FROM settlement_price sp
                  JOIN product p ON p.id = sp.product_id WHERE sp.cycle_id = ? ORDER BY p.symbol""")) {
            st.setLong(1, id);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    BigDecimal rate = rs.getBigDecimal(5);
                    prices.add(new CyclePrice(rs.getString(1), plain(rs.getBigDecimal(2)), rs.getString(3), rs.getBoolean(4),
                            rate == null ? null : plain(rate)));
                }
            }
        }
        try (var st = c.prepareStatement("""
                SELECT s.id, s.code, s.origin, s.status, s.cut_off, a.code, s.fee_rate, s.requested_by, s.reason, s.deferred_products,
                       s.trades, s.positions, s.instructions, s.frozen_at, s.posted_at, s.published_at, s.transfers
                  FROM settlement_cycle s JOIN asset a ON a.id = s.asset_id WHERE s.id = ?""")) {
            st.setLong(1, id);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("settlement cycle", Long.toString(id));
                }
                Array deferred = rs.getArray(10);
                return new Cycle(rs.getLong(1), rs.getString(2), CycleOrigin.valueOf(rs.getString(3)), CycleStatus.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant(), rs.getString(6), plain(rs.getBigDecimal(7)), rs.getString(8), rs.getString(9),
                        List.of((String[]) deferred.getArray()), rs.getInt(11), rs.getInt(17), (Integer) rs.getObject(12), (Integer) rs.getObject(13), prices,
                        instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static Optional<Long> unfinished(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT id FROM settlement_cycle WHERE status <> 'PUBLISHED'"); var rs = st.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    private static boolean exists(Connection c, String code) throws SQLException {
        try (var st = c.prepareStatement("SELECT 1 FROM settlement_cycle WHERE code = ?")) {
            st.setString(1, code);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Asset settlementAsset(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT id, code, scale FROM asset WHERE code = ?")) {
            st.setString(1, config.currency());
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.of(ProblemCode.SETTLEMENT_ASSET_MISSING, "the settlement asset '" + config.currency()
                            + "' does not exist; create it with POST /api/v1/admin/assets");
                }
                return new Asset(rs.getLong(1), rs.getString(2), rs.getInt(3));
            }
        }
    }

    private static Map<String, ProductRef> products(Connection c) throws SQLException {
        Map<String, ProductRef> products = new HashMap<>();
        try (var st = c.prepareStatement("SELECT id, symbol, kind FROM product"); var rs = st.executeQuery()) {
            while (rs.next()) {
                products.put(rs.getString(2), new ProductRef(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return products;
    }

    private static ProductRef knownProduct(Map<String, ProductRef> products, String symbol, String field) {
        ProductRef p = products.get(symbol);
        if (p == null) {
            throw ApiProblem.of(ProblemCode.UNKNOWN_PRODUCT, field + " names product '" + symbol + "', which does not exist");
        }
        return p;
    }

    /** Products with an open settlement position, or a trade or transfer no cycle settled yet. */
    private static Set<Long> involvedProducts(Connection c) throws SQLException {
        Set<Long> products = new TreeSet<>();
        try (var st = c.prepareStatement("""
                SELECT product_id FROM settlement_position GROUP BY product_id
                UNION SELECT product_id FROM trade_inbox WHERE settlement_cycle_id IS NULL GROUP BY product_id
                UNION SELECT product_id FROM position_transfer WHERE settlement_cycle_id IS NULL GROUP BY product_id""");
                var rs = st.executeQuery()) {
            while (rs.next()) {
                products.add(rs.getLong(1));
            }
        }
        return products;
    }

    /**
     * Each ported account's successor: the account its positions live in now, following ports of ports to the last.
     * Small (one row per port ever made), so it is read whole.
     */
    private static Map<Long, Long> portSuccessors(Connection c) throws SQLException {
        Map<Long, Long> next = new HashMap<>();
        try (var st = c.prepareStatement("SELECT from_account_id, to_account_id FROM default_port"); var rs = st.executeQuery()) {
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

    private static Map<Long, Object[]> marks(Connection c, Set<Long> products) throws SQLException {
        Map<Long, Object[]> marks = new HashMap<>();
        try (var st = c.prepareStatement("SELECT product_id, price, stale FROM mark WHERE product_id = ANY(?)")) {
            st.setArray(1, SqlArrays.longs(c, products));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    marks.put(rs.getLong(1), new Object[] {rs.getBigDecimal(2), rs.getBoolean(3)});
                }
            }
        }
        return marks;
    }

    private static Head lock(Connection c, long cycleId) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT s.id, s.code, s.status, a.id, a.code, a.scale, s.fee_rate FROM settlement_cycle s JOIN asset a ON a.id = s.asset_id
                 WHERE s.id = ? FOR UPDATE OF s""")) {
            st.setLong(1, cycleId);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("settlement cycle", Long.toString(cycleId));
                }
                return new Head(rs.getLong(1), rs.getString(2), CycleStatus.valueOf(rs.getString(3)),
                        new Asset(rs.getLong(4), rs.getString(5), rs.getInt(6)), rs.getBigDecimal(7));
            }
        }
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
                    accounts.put(rs.getLong(1), new AccountRef(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
        return accounts;
    }

    /** The reference of a member's entries and instruction in a cycle: {@code <cycle>/<member>/<currency>}. */
    private static String reference(Head head, MemberCode member) {
        return head.code() + "/" + member.code() + "/" + head.asset().code();
    }

    private static <T> Array decimals(Connection c, List<T> rows, Function<T, BigDecimal> field) throws SQLException {
        return SqlArrays.decimals(c, rows.stream().map(field).toList());
    }

    static BigDecimal plain(BigDecimal d) {
        if (d == null) {
            return null;
        }
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Elapsed time per part of a step, for the log line that reports it. */
    private static final class Phases {
        private final StringBuilder text = new StringBuilder();
        private long last;

        Phases(long started) {
            last = started;
        }

        void lap(String name) {
            long now = System.nanoTime();
            text.append(text.length() == 0 ? "" : ", ").append(name).append(' ').append((now - last) / 1_000_000).append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
