package io.concordia.clearing.settlement;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.clearing.settlement.CycleCutOff.Assigned;
import io.concordia.clearing.settlement.CycleCutOff.Prices;
import io.concordia.clearing.settlement.CycleLoader.LoadedCycle;
import io.concordia.clearing.settlement.SettlementDtos.Cycle;
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
import java.sql.Connection;
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
 * <p>This class holds the transactions and the locks: the cycle row's lock first, then the settlement lock. What the
 * endpoints read of cycles is {@link CycleReads}.
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
        return Jdbc.with(dataSource, c -> {
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
        });
    }

    private static void refuseIfUnfinishedOrExists(Connection c, String cycleCode) {
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
        return Jdbc.with(dataSource, c -> {
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
        });
    }

    private void markPosted(Connection c, long cycleId, CycleResult result, List<SettlementInstruction> issued) {
        Sql.on(c).update("""
                UPDATE settlement_cycle SET status = 'POSTED', posted_at = ?, positions = ?, instructions = ? WHERE id = ?""", clock.instant(), result.positions().size(), issued.size(), cycleId);
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
        return Jdbc.with(dataSource, c -> {
            CycleHead head = CycleHead.lock(c, cycleId);
            if (head.status() != CycleStatus.POSTED) {
                return false;
            }
            List<Outbox.Event> events = new ArrayList<>();
            for (SettlementDtos.Instruction i : Instructions.ofCycle(c, cycleId)) {
                events.add(new Outbox.Event(TOPIC, i.member(), "INSTRUCTION_ISSUED", i));
            }
            outbox.append(c, events);
            Sql.on(c)
                    .update(
                            "UPDATE settlement_cycle SET status = 'PUBLISHED', published_at = ? WHERE id = ?",
                            clock.instant(),
                            cycleId);
            LOG.infof("settlement cycle %s published: %d instructions", head.code(), events.size());
            return true;
        });
    }

    // ---------------------------------------------------------------------------------------------------- state

    /** Records an operator's request to finish a cycle. @return the cycle's id */
    @Transactional
    public long recordResume(String idOrCode, String actor) {
        return Jdbc.with(dataSource, c -> {
            long id = CycleReads.resolve(c, idOrCode);
            Cycle before = CycleReads.read(c, id);
            audit.recordAs(
                    actor,
                    "RESUME_SETTLEMENT_CYCLE",
                    "settlement-cycle",
                    before.code(),
                    Map.of("status", before.status()),
                    null);
            return id;
        });
    }

    /** The unfinished cycle, if any. */
    @Transactional
    public Optional<Long> unfinished() {
        return Jdbc.with(dataSource, CycleService::unfinished);
    }

    /** Whether a cycle of this code exists. */
    @Transactional
    public boolean exists(String code) {
        return Jdbc.with(dataSource, c -> exists(c, code));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static Optional<Long> unfinished(Connection c) {
        return Sql.on(c)
                .first("SELECT id FROM settlement_cycle WHERE status <> 'PUBLISHED'", row -> row.longValue("id"));
    }

    private static boolean exists(Connection c, String code) {
        return Sql.on(c)
                .first("SELECT 1 AS found FROM settlement_cycle WHERE code = ?", row -> true, code)
                .isPresent();
    }

    private CycleHead.Asset settlementAsset(Connection c) {
        return Sql.on(c)
                .first(
                        "SELECT id, code, scale FROM asset WHERE code = ?",
                        row -> new CycleHead.Asset(row.longValue("id"), row.string("code"), row.intValue("scale")),
                        config.currency())
                .orElseThrow(() -> ApiProblem.of(
                        ProblemCode.SETTLEMENT_ASSET_MISSING,
                        "the settlement asset '" + config.currency()
                                + "' does not exist; create it with POST /api/v1/admin/assets"));
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
