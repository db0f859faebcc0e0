package io.concordia.clearing.settlement;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.clearing.settlement.CycleCutOff.Assigned;
import io.concordia.clearing.settlement.CycleCutOff.Prices;
import io.concordia.clearing.settlement.CycleLoader.LoadedCycle;
import io.concordia.clearing.settlement.SettlementDtos.Cycle;
import io.concordia.clearing.settlement.SettlementDtos.CyclePrice;
import io.concordia.clearing.settlement.SettlementDtos.RunCycle;
import io.concordia.settlement.calc.CycleResult;
import io.concordia.settlement.calc.SettlementCalculator;
import io.concordia.settlement.calc.SettlementInstruction;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The steps of a settlement cycle (docs/architecture.md, "Data flow" 4), each one transaction that does nothing unless the cycle
 * is at the step before it, so a re-run after a crash completes a cycle exactly once:
 *
 * <ol>
 *   <li>{@link #freeze}: the cut-off ({@link CycleCutOff}). The cycle row is inserted (at most one unfinished cycle
 *       exists, the database enforces it), the settlement price of every product with a position or an unsettled trade
 *       is frozen (the harmonized mark, or an operator's price) and every unsettled trade of a priced product is
 *       assigned to the cycle in one statement. A product with neither mark nor price is deferred to the next cycle.</li>
 *   <li>{@link #post}: the {@link CycleLoader} builds the settlement library's input from what was frozen, the library
 *       computes the cycle, and the {@link CycleWriter} writes the statement, the nets, each account's share, the ledger
 *       entries and the PENDING instructions and rolls the positions' reference state to the settlement price.</li>
 *   <li>{@link #publish}: one outbox event per instruction.</li>
 * </ol>
 *
 * <p>This class holds the transactions and the locks: the cycle row's lock first, then the settlement lock.
 */
@ApplicationScoped
public class CycleService {

    private static final Logger LOG = Logger.getLogger(CycleService.class);
    /** The topic instructions and their status changes are published to. */
    public static final String TOPIC = "settlement-instructions";

    private static final DateTimeFormatter SLOT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);
    /** The venue a default-management transfer reports under in the library (reporting only: nothing is charged by venue). */
    static final VenueCode TRANSFER_VENUE = VenueCode.of("default-management");

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
            refuseIfUnfinishedOrExists(c, cycleCode);
            CycleHead.Asset asset = settlementAsset(c);
            Map<String, CycleProduct> products = CycleCutOff.products(c);
            Map<Long, BigDecimal> operatorPrices = CycleCutOff.operatorPrices(products, request);
            Map<Long, BigDecimal> funding = CycleCutOff.fundingRates(products, request);
            Prices prices = CycleCutOff.choosePrices(c, products, operatorPrices, funding, cutOff);
            long id = CycleCutOff.insertCycle(
                    c, cycleCode, origin, cutOff, asset, config.feeRate(), actor, request.reason(), prices.deferred());
            CycleCutOff.insertPrices(c, id, prices.frozen());
            Assigned assigned = CycleCutOff.assign(c, id, prices.frozen().keySet());
            if (origin == CycleOrigin.OPERATOR) {
                auditOperatorCycle(actor, cycleCode, request, prices, assigned);
            }
            LOG.infof(
                    "settlement cycle %s frozen: %d products priced, %d deferred, %d trades, %d transfers",
                    cycleCode,
                    prices.frozen().size(),
                    prices.deferred().size(),
                    assigned.trades(),
                    assigned.transfers());
            return id;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static void refuseIfUnfinishedOrExists(Connection c, String cycleCode) throws SQLException {
        Optional<Long> open = unfinished(c);
        if (open.isPresent()) {
            throw ApiProblem.of(
                    ProblemCode.CYCLE_UNFINISHED,
                    "settlement cycle " + open.get()
                            + " is unfinished; finish it first with POST /api/v1/admin/settlement-cycles/" + open.get()
                            + "/resume");
        }
        if (exists(c, cycleCode)) {
            throw ApiProblem.of(ProblemCode.CYCLE_EXISTS, "settlement cycle '" + cycleCode + "' already exists");
        }
    }

    private void auditOperatorCycle(
            String actor, String cycleCode, RunCycle request, Prices prices, Assigned assigned) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("prices", prices.frozen().values());
        after.put("deferredProducts", prices.deferred());
        after.put("trades", assigned.trades());
        after.put("transfers", assigned.transfers());
        after.put("reason", request.reason());
        audit.recordAs(actor, "RUN_SETTLEMENT_CYCLE", "settlement-cycle", cycleCode, null, after);
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
            CycleHead head = CycleHead.lock(c, cycleId);
            if (head.status() != CycleStatus.FROZEN) {
                return false;
            }
            SettlementLock.hold(c);
            LoadedCycle loaded = CycleLoader.load(c, head);
            CycleResult result = SettlementCalculator.DEFAULT.run(loaded.input());

            Phases phases = new Phases(started);
            phases.lap("read+compute");
            CycleWriter writer = new CycleWriter(c, head, loaded, result);
            writer.writeStatement();
            phases.lap("statement");
            writer.writeNets();
            phases.lap("nets");
            writer.postLedger(actor);
            phases.lap("ledger");
            steps.fire(new CycleStep(cycleId, head.code(), CycleStep.Point.LEDGER_POSTED));
            writer.moveZeroNets(actor);
            List<SettlementInstruction> issued = writer.writeInstructions();
            phases.lap("instructions");
            writer.rollPositions();
            Expiries.close(c, cycleId);
            writer.enqueueMargin();
            phases.lap("roll");
            markPosted(c, cycleId, result, issued);
            LOG.infof(
                    "settlement cycle %s posted: %d positions, %d trades, %d instructions (%s)",
                    head.code(), result.positions().size(), loaded.tradeRows(), issued.size(), phases);
            return true;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private void markPosted(Connection c, long cycleId, CycleResult result, List<SettlementInstruction> issued)
            throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE settlement_cycle SET status = 'POSTED', posted_at = ?, positions = ?, instructions = ? WHERE id = ?""")) {
            st.setTimestamp(1, Timestamp.from(clock.instant()));
            st.setInt(2, result.positions().size());
            st.setInt(3, issued.size());
            st.setLong(4, cycleId);
            st.executeUpdate();
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
            CycleHead head = CycleHead.lock(c, cycleId);
            if (head.status() != CycleStatus.POSTED) {
                return false;
            }
            List<Outbox.Event> events = new ArrayList<>();
            for (SettlementDtos.Instruction i : Instructions.ofCycle(c, cycleId)) {
                events.add(new Outbox.Event(TOPIC, i.member(), "INSTRUCTION_ISSUED", i));
            }
            outbox.append(c, events);
            try (var st = c.prepareStatement(
                    "UPDATE settlement_cycle SET status = 'PUBLISHED', published_at = ? WHERE id = ?")) {
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
            audit.recordAs(
                    actor,
                    "RESUME_SETTLEMENT_CYCLE",
                    "settlement-cycle",
                    before.code(),
                    Map.of("status", before.status()),
                    null);
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
            try (var st = c.prepareStatement("SELECT count(*) FROM settlement_cycle");
                    var rs = st.executeQuery()) {
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
        try (var st = c.prepareStatement(
                byId
                        ? "SELECT id FROM settlement_cycle WHERE id = ?"
                        : "SELECT id FROM settlement_cycle WHERE code = ?")) {
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
                    prices.add(new CyclePrice(
                            rs.getString(1),
                            plain(rs.getBigDecimal(2)),
                            rs.getString(3),
                            rs.getBoolean(4),
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
                return new Cycle(
                        rs.getLong(1),
                        rs.getString(2),
                        CycleOrigin.valueOf(rs.getString(3)),
                        CycleStatus.valueOf(rs.getString(4)),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6),
                        plain(rs.getBigDecimal(7)),
                        rs.getString(8),
                        rs.getString(9),
                        List.of((String[]) deferred.getArray()),
                        rs.getInt(11),
                        rs.getInt(17),
                        (Integer) rs.getObject(12),
                        (Integer) rs.getObject(13),
                        prices,
                        instant(rs.getTimestamp(14)),
                        instant(rs.getTimestamp(15)),
                        instant(rs.getTimestamp(16)));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static Optional<Long> unfinished(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT id FROM settlement_cycle WHERE status <> 'PUBLISHED'");
                var rs = st.executeQuery()) {
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

    private CycleHead.Asset settlementAsset(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT id, code, scale FROM asset WHERE code = ?")) {
            st.setString(1, config.currency());
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.of(
                            ProblemCode.SETTLEMENT_ASSET_MISSING,
                            "the settlement asset '" + config.currency()
                                    + "' does not exist; create it with POST /api/v1/admin/assets");
                }
                return new CycleHead.Asset(rs.getLong(1), rs.getString(2), rs.getInt(3));
            }
        }
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
            text.append(text.length() == 0 ? "" : ", ")
                    .append(name)
                    .append(' ')
                    .append((now - last) / 1_000_000)
                    .append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
