package io.concordia.clearing.default_;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.default_.AuctionStore.AuctionRow;
import io.concordia.clearing.default_.AuctionStore.BidRow;
import io.concordia.clearing.default_.CaseStore.CaseRow;
import io.concordia.clearing.default_.DefaultDtos.Amount;
import io.concordia.clearing.default_.DefaultDtos.LotItem;
import io.concordia.clearing.default_.DefaultDtos.PortView;
import io.concordia.clearing.default_.DefaultDtos.PortedPosition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default report: what was ported, every position closed out at what price against which mark, the loss, every
 * waterfall layer's capacity and use with its journal entry, and each surviving member's share — as JSON and as a
 * human-readable summary. It is built from the case's own records while the case runs, and frozen on the case when it
 * closes.
 */
@ApplicationScoped
public class DefaultReportService {

    /**
     * A closed-out position. {@code variationToMark = quantity × (mark − averagePrice)} and
     * {@code closeOutVsMark = quantity × (price − mark)}: USD, {@code +} gained by the defaulter (0 when the product had
     * no mark: the close-out price stands in for it).
     */
    public record CloseOutLine(
            String account,
            String product,
            BigDecimal quantity,
            BigDecimal averagePrice,
            BigDecimal mark,
            BigDecimal price,
            String method,
            Long auction,
            String takenBy,
            BigDecimal variationToMark,
            BigDecimal closeOutVsMark,
            String closedBy,
            Instant closedAt) {}

    /** An auction's outcome; losing bids are counted, never listed. */
    public record AuctionLine(
            long id,
            String underlying,
            String status,
            Instant deadline,
            List<LotItem> lot,
            int bids,
            String winner,
            Map<String, BigDecimal> winningPrices,
            String awardProposedBy,
            String awardedBy) {}

    /**
     * The defaulter's result and the loss, in the currency. {@code tradingResult}: what settlement cycles booked to its
     * settlement balances and it never paid (variation margin, funding and fees, at the cycles' rounding), {@code +}
     * gained — what it paid before is not part of it; {@code closeOutVsMarks}: the part due to closing out away from the
     * marks; {@code variationToMarks}: the rest, the variation to the marks (and the fees) it did not pay.
     * {@code loss = max(0, costs − tradingResult)} rounded up; {@code surplus = max(0, tradingResult − costs)} rounded
     * down.
     */
    public record LossLine(
            BigDecimal tradingResult,
            BigDecimal variationToMarks,
            BigDecimal closeOutVsMarks,
            BigDecimal costs,
            BigDecimal loss,
            BigDecimal surplus) {}

    public record LayerLine(int ordinal, String layer, BigDecimal capacity, BigDecimal used, Long entryId) {}

    /** A surviving member's share: its default-fund contribution used and its assessment. */
    public record MemberShare(String member, BigDecimal defaultFund, BigDecimal assessment, BigDecimal total) {}

    /**
     * The waterfall as applied. {@code claimOnDefaulter}: what others' resources paid for the defaulter, plus the
     * uncovered remainder — the CCP's claim on the defaulter's estate.
     */
    public record WaterfallLine(
            String currency,
            BigDecimal loss,
            List<LayerLine> layers,
            BigDecimal covered,
            BigDecimal uncovered,
            String stoppedAt,
            BigDecimal claimOnDefaulter,
            List<MemberShare> memberShares) {}

    /**
     * The report. {@code defaulterCollateral}: what the defaulter's (not ported) accounts still hold per asset — a
     * surplus, or collateral in assets other than the waterfall's currency, which the waterfall does not apply and which
     * stays frozen. {@code summary} is the same content as plain text.
     */
    public record DefaultReport(
            long caseId,
            String member,
            String status,
            String reason,
            Long marginCall,
            String proposedBy,
            Instant proposedAt,
            String declaredBy,
            Instant declaredAt,
            Instant closedOutAt,
            String lossAllocatedBy,
            Instant lossAllocatedAt,
            String closedBy,
            Instant closedAt,
            List<PortView> ported,
            List<CloseOutLine> closeOuts,
            List<AuctionLine> auctions,
            LossLine loss,
            WaterfallLine waterfall,
            List<Amount> defaulterCollateral,
            String summary) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /** The report: frozen once the case is closed, built from the records before. */
    @Transactional
    public DefaultReport report(long caseId) {
        return Jdbc.with(dataSource, c -> {
            CaseRow row = CaseStore.find(c, caseId);
            if (!CaseStatus.CLOSED.is(row.status())) {
                return build(c, row);
            }
            String stored = Sql.on(c)
                    .one(
                            "SELECT report::text AS report FROM default_case WHERE id = ?",
                            r -> r.string("report"),
                            caseId);
            try {
                return json.readValue(stored, DefaultReport.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the stored report of default case " + caseId + " cannot be read", e);
            }
        });
    }

    /** The report of the case as {@code closed} leaves it, as the JSON the closing step stores on the case. */
    String frozen(Connection c, CaseRow closed) {
        try {
            return json.writeValueAsString(build(c, closed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report of default case " + closed.id() + " cannot be written", e);
        }
    }

    DefaultReport build(Connection c, CaseRow row) {
        List<PortView> ported = new ArrayList<>();
        for (long portId : Sql.on(c)
                .list("SELECT id FROM default_port WHERE case_id = ? ORDER BY id", r -> r.longValue("id"), row.id())) {
            ported.add(port(c, portId));
        }
        List<CloseOutLine> closeOuts = closeOuts(c, row.id());
        List<AuctionLine> auctions = new ArrayList<>();
        for (AuctionRow a : AuctionStore.ofCase(c, row.id())) {
            List<BidRow> bids = AuctionStore.bids(c, a.id(), null);
            BidRow winning = a.status().equals("AWARDED")
                    ? bids.stream()
                            .filter(b -> b.id() == a.proposedBid())
                            .findFirst()
                            .orElse(null)
                    : null;
            auctions.add(new AuctionLine(
                    a.id(),
                    a.underlying(),
                    a.status(),
                    a.deadline(),
                    AuctionStore.lotItems(c, a.id()),
                    bids.size(),
                    winning == null ? null : winning.member(),
                    winning == null ? null : winning.prices(),
                    a.awardProposedBy(),
                    a.awardedBy()));
        }
        LossLine loss = null;
        WaterfallLine waterfall = null;
        if (row.lossAllocatedAt() != null) {
            int scale = currencyScale(c, row.assetId());
            BigDecimal vsMarks = BigDecimal.ZERO;
            for (CloseOutLine l : closeOuts) {
                vsMarks = vsMarks.add(l.closeOutVsMark());
            }
            loss = new LossLine(
                    money(row.tradingResult(), scale),
                    money(row.tradingResult().subtract(vsMarks), scale),
                    money(vsMarks, scale),
                    money(row.costs(), scale),
                    money(row.loss(), scale),
                    money(row.surplus(), scale));
            waterfall = waterfall(c, row.id());
        }
        List<Amount> held = defaulterCollateral(c, row.memberId());
        DefaultReport partial = new DefaultReport(
                row.id(),
                row.member(),
                row.status(),
                row.reason(),
                row.marginCall(),
                row.proposedBy(),
                row.proposedAt(),
                CaseStatus.REJECTED.is(row.status()) ? null : row.decidedBy(),
                CaseStatus.REJECTED.is(row.status()) ? null : row.decidedAt(),
                row.closedOutAt(),
                row.lossAllocatedBy(),
                row.lossAllocatedAt(),
                row.closedBy(),
                row.closedAt(),
                ported,
                closeOuts,
                auctions,
                loss,
                waterfall,
                held,
                null);
        return new DefaultReport(
                partial.caseId(),
                partial.member(),
                partial.status(),
                partial.reason(),
                partial.marginCall(),
                partial.proposedBy(),
                partial.proposedAt(),
                partial.declaredBy(),
                partial.declaredAt(),
                partial.closedOutAt(),
                partial.lossAllocatedBy(),
                partial.lossAllocatedAt(),
                partial.closedBy(),
                partial.closedAt(),
                ported,
                closeOuts,
                auctions,
                loss,
                waterfall,
                held,
                ReportText.render(partial));
    }

    /** One stored layer of a waterfall. */
    private record StoredLayer(int ordinal, String layer, BigDecimal capacity, BigDecimal used, Long entryId) {}

    /** One member's charge by one layer of a waterfall. */
    private record Charge(String member, String layer, BigDecimal amount) {}

    /** The waterfall as stored by the waterfall step, or {@code null} before it ran. */
    WaterfallLine waterfall(Connection c, long caseId) {
        CaseRow row = CaseStore.find(c, caseId);
        if (row.lossAllocatedAt() == null) {
            return null;
        }
        Sql sql = Sql.on(c);
        int scale = currencyScale(c, row.assetId());
        String currency = sql.one("SELECT code FROM asset WHERE id = ?", r -> r.string("code"), row.assetId());
        List<LayerLine> layers = new ArrayList<>();
        BigDecimal covered = BigDecimal.ZERO.setScale(scale);
        BigDecimal ownResources = BigDecimal.ZERO.setScale(scale);
        String stoppedAt = null;
        for (StoredLayer stored : sql.list(
                "SELECT ordinal, layer, capacity, used, entry_id FROM default_waterfall_layer WHERE case_id = ? ORDER BY ordinal",
                r -> new StoredLayer(
                        r.intValue("ordinal"),
                        r.string("layer"),
                        r.decimal("capacity"),
                        r.decimal("used"),
                        r.nullableLong("entry_id")),
                caseId)) {
            BigDecimal used = money(stored.used(), scale);
            layers.add(new LayerLine(
                    stored.ordinal(), stored.layer(), money(stored.capacity(), scale), used, stored.entryId()));
            covered = covered.add(used);
            if (stored.ordinal() <= 2) {
                ownResources = ownResources.add(used);
            }
            if (used.signum() > 0) {
                stoppedAt = stored.layer();
            }
        }
        Map<String, BigDecimal[]> shares = new TreeMap<>();
        for (Charge charge :
                sql.list("""
                SELECT m.code AS member, ch.layer, ch.amount FROM default_member_charge ch JOIN member m ON m.id = ch.member_id
                 WHERE ch.case_id = ?""", r -> new Charge(r.string("member"), r.string("layer"), r.decimal("amount")), caseId)) {
            BigDecimal[] s = shares.computeIfAbsent(charge.member(), k ->
                    new BigDecimal[] {BigDecimal.ZERO.setScale(scale), BigDecimal.ZERO.setScale(scale)});
            s[charge.layer().equals("MUTUAL_FUND") ? 0 : 1] = money(charge.amount(), scale);
        }
        List<MemberShare> memberShares = new ArrayList<>();
        shares.forEach((m, s) -> memberShares.add(new MemberShare(m, s[0], s[1], s[0].add(s[1]))));
        BigDecimal loss = money(row.loss(), scale);
        BigDecimal uncovered = money(row.uncovered(), scale);
        return new WaterfallLine(
                currency,
                loss,
                layers,
                covered,
                uncovered,
                uncovered.signum() > 0 ? "UNCOVERED" : stoppedAt,
                loss.subtract(ownResources),
                memberShares);
    }

    /** A recorded port, before its positions and collateral. */
    private record Port(
            String from,
            String toMember,
            String toAccount,
            String consent,
            Long entry,
            String by,
            Instant at,
            long toAccountId) {}

    /** A port as recorded: its positions, and the collateral its journal entry moved. */
    PortView port(Connection c, long portId) {
        Sql sql = Sql.on(c);
        Port port = sql.one(
                """
                SELECT f.code AS from_account, m.code AS to_member, t.code AS to_account, p.consent, p.entry_id, p.ported_by,
                       p.ported_at, t.id AS to_account_id
                  FROM default_port p
                  JOIN account f ON f.id = p.from_account_id JOIN account t ON t.id = p.to_account_id
                  JOIN member m ON m.id = t.member_id WHERE p.id = ?""",
                r -> new Port(
                        r.string("from_account"),
                        r.string("to_member"),
                        r.string("to_account"),
                        r.string("consent"),
                        r.nullableLong("entry_id"),
                        r.string("ported_by"),
                        r.instant("ported_at"),
                        r.longValue("to_account_id")),
                portId);
        List<PortedPosition> positions = sql.list(
                """
                SELECT pr.symbol AS product, pp.quantity, pp.average_price, pp.realized_pnl, pp.settled_variation_margin
                  FROM default_port_position pp
                  JOIN product pr ON pr.id = pp.product_id WHERE pp.port_id = ? ORDER BY pr.symbol""",
                r -> new PortedPosition(
                        r.string("product"),
                        Decimals.plain(r.decimal("quantity")),
                        Decimals.plain(r.decimal("average_price")),
                        Decimals.plain(r.decimal("realized_pnl")),
                        Decimals.plain(r.decimal("settled_variation_margin"))),
                portId);
        List<Amount> collateral = port.entry() == null
                ? new ArrayList<>()
                : sql.list("""
                        SELECT a.code AS asset, a.scale, sum(p.amount) AS amount FROM posting p
                          JOIN ledger_account la ON la.id = p.ledger_account_id JOIN asset a ON a.id = p.asset_id
                         WHERE p.entry_id = ? AND la.account_id = ? GROUP BY a.code, a.scale ORDER BY a.code""", DefaultReportService::amount, port.entry(), port.toAccountId());
        return new PortView(
                port.from(),
                port.toMember(),
                port.toAccount(),
                port.consent(),
                positions,
                collateral,
                port.entry(),
                port.by(),
                port.at());
    }

    private static List<CloseOutLine> closeOuts(Connection c, long caseId) {
        return Sql.on(c)
                .list(
                        """
                        SELECT a.code AS account, pr.symbol AS product, co.quantity, co.average_price, co.mark, co.price,
                               co.method, co.auction_id, t.code AS counterparty, co.closed_by, co.closed_at
                          FROM default_close_out co JOIN account a ON a.id = co.account_id JOIN product pr ON pr.id = co.product_id
                          JOIN account t ON t.id = co.counterparty_account_id
                         WHERE co.case_id = ? ORDER BY co.id""",
                        r -> {
                            BigDecimal q = r.decimal("quantity");
                            BigDecimal avg = r.decimal("average_price");
                            BigDecimal mark = r.decimal("mark");
                            BigDecimal price = r.decimal("price");
                            BigDecimal reference = mark == null ? price : mark;
                            return new CloseOutLine(
                                    r.string("account"),
                                    r.string("product"),
                                    Decimals.plain(q),
                                    Decimals.plain(avg),
                                    mark == null ? null : Decimals.plain(mark),
                                    Decimals.plain(price),
                                    r.string("method"),
                                    r.nullableLong("auction_id"),
                                    r.string("counterparty"),
                                    Decimals.plain(q.multiply(reference.subtract(avg))),
                                    Decimals.plain(q.multiply(price.subtract(reference))),
                                    r.string("closed_by"),
                                    r.instant("closed_at"));
                        },
                        caseId);
    }

    private static List<Amount> defaulterCollateral(Connection c, long memberId) {
        return Sql.on(c).list("""
                        SELECT a.code AS asset, a.scale, sum(b.balance) AS amount FROM ledger_balance b
                          JOIN ledger_account la ON la.id = b.ledger_account_id JOIN asset a ON a.id = b.asset_id
                         WHERE la.account_id = ANY (?) AND la.kind IN ('MEMBER_COLLATERAL', 'MEMBER_BUCKET')
                         GROUP BY a.code, a.scale HAVING sum(b.balance) <> 0 ORDER BY a.code""", DefaultReportService::amount, Sql.longs(CaseStore.defaulterAccounts(c, memberId)));
    }

    /** Reads an asset's {@code amount}, at the asset's {@code scale}. */
    private static Amount amount(Row row) throws SQLException {
        return new Amount(
                row.string("asset"), row.decimal("amount").setScale(row.intValue("scale"), RoundingMode.UNNECESSARY));
    }

    private static int currencyScale(Connection c, long assetId) {
        return Sql.on(c).one("SELECT scale FROM asset WHERE id = ?", r -> r.intValue("scale"), assetId);
    }

    /** A stored amount shown at the currency's scale; figures that carry more decimals are rounded half-even for display. */
    static BigDecimal money(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.HALF_EVEN);
    }
}
