package io.concordia.clearing.default_;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Decimals;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
        try (Connection c = dataSource.getConnection()) {
            CaseRow row = CaseStore.find(c, caseId);
            if (CaseStatus.CLOSED.is(row.status())) {
                try (PreparedStatement ps = c.prepareStatement("SELECT report::text FROM default_case WHERE id = ?")) {
                    ps.setLong(1, caseId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return json.readValue(rs.getString(1), DefaultReport.class);
                    }
                }
            }
            return build(c, row);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored report of default case " + caseId + " cannot be read", e);
        }
    }

    /** The report of the case as {@code closed} leaves it, as the JSON the closing step stores on the case. */
    String frozen(Connection c, CaseRow closed) throws SQLException {
        try {
            return json.writeValueAsString(build(c, closed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report of default case " + closed.id() + " cannot be written", e);
        }
    }

    DefaultReport build(Connection c, CaseRow row) throws SQLException {
        List<PortView> ported = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM default_port WHERE case_id = ? ORDER BY id")) {
            ps.setLong(1, row.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ported.add(port(c, rs.getLong(1)));
                }
            }
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

    /** The waterfall as stored by the waterfall step, or {@code null} before it ran. */
    WaterfallLine waterfall(Connection c, long caseId) throws SQLException {
        CaseRow row = CaseStore.find(c, caseId);
        if (row.lossAllocatedAt() == null) {
            return null;
        }
        int scale = currencyScale(c, row.assetId());
        String currency;
        try (PreparedStatement ps = c.prepareStatement("SELECT code FROM asset WHERE id = ?")) {
            ps.setLong(1, row.assetId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                currency = rs.getString(1);
            }
        }
        List<LayerLine> layers = new ArrayList<>();
        BigDecimal covered = BigDecimal.ZERO.setScale(scale);
        BigDecimal ownResources = BigDecimal.ZERO.setScale(scale);
        String stoppedAt = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ordinal, layer, capacity, used, entry_id FROM default_waterfall_layer WHERE case_id = ? ORDER BY ordinal")) {
            ps.setLong(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal used = money(rs.getBigDecimal(4), scale);
                    layers.add(
                            new LayerLine(rs.getInt(1), rs.getString(2), money(rs.getBigDecimal(3), scale), used, (Long)
                                    rs.getObject(5, Long.class)));
                    covered = covered.add(used);
                    if (rs.getInt(1) <= 2) {
                        ownResources = ownResources.add(used);
                    }
                    if (used.signum() > 0) {
                        stoppedAt = rs.getString(2);
                    }
                }
            }
        }
        Map<String, BigDecimal[]> shares = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT m.code, ch.layer, ch.amount FROM default_member_charge ch JOIN member m ON m.id = ch.member_id
                 WHERE ch.case_id = ?""")) {
            ps.setLong(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal[] s = shares.computeIfAbsent(rs.getString(1), k ->
                            new BigDecimal[] {BigDecimal.ZERO.setScale(scale), BigDecimal.ZERO.setScale(scale)});
                    s[rs.getString(2).equals("MUTUAL_FUND") ? 0 : 1] = money(rs.getBigDecimal(3), scale);
                }
            }
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

    /** A port as recorded: its positions, and the collateral its journal entry moved. */
    PortView port(Connection c, long portId) throws SQLException {
        String from;
        String toMember;
        String toAccount;
        String consent;
        Long entry;
        String by;
        Instant at;
        long toAccountId;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT f.code, m.code, t.code, p.consent, p.entry_id, p.ported_by, p.ported_at, t.id FROM default_port p
                  JOIN account f ON f.id = p.from_account_id JOIN account t ON t.id = p.to_account_id
                  JOIN member m ON m.id = t.member_id WHERE p.id = ?""")) {
            ps.setLong(1, portId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                from = rs.getString(1);
                toMember = rs.getString(2);
                toAccount = rs.getString(3);
                consent = rs.getString(4);
                entry = rs.getObject(5, Long.class);
                by = rs.getString(6);
                at = CaseStore.instant(rs, 7);
                toAccountId = rs.getLong(8);
            }
        }
        List<PortedPosition> positions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT pr.symbol, pp.quantity, pp.average_price, pp.realized_pnl, pp.settled_variation_margin FROM default_port_position pp
                  JOIN product pr ON pr.id = pp.product_id WHERE pp.port_id = ? ORDER BY pr.symbol""")) {
            ps.setLong(1, portId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    positions.add(new PortedPosition(
                            rs.getString(1),
                            Decimals.plain(rs.getBigDecimal(2)),
                            Decimals.plain(rs.getBigDecimal(3)),
                            Decimals.plain(rs.getBigDecimal(4)),
                            Decimals.plain(rs.getBigDecimal(5))));
                }
            }
        }
        List<Amount> collateral = new ArrayList<>();
        if (entry != null) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT a.code, a.scale, sum(p.amount) FROM posting p JOIN ledger_account la ON la.id = p.ledger_account_id
                      JOIN asset a ON a.id = p.asset_id
                     WHERE p.entry_id = ? AND la.account_id = ? GROUP BY a.code, a.scale ORDER BY a.code""")) {
                ps.setLong(1, entry);
                ps.setLong(2, toAccountId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        collateral.add(new Amount(
                                rs.getString(1), rs.getBigDecimal(3).setScale(rs.getInt(2), RoundingMode.UNNECESSARY)));
                    }
                }
            }
        }
        return new PortView(from, toMember, toAccount, consent, positions, collateral, entry, by, at);
    }

    private static List<CloseOutLine> closeOuts(Connection c, long caseId) throws SQLException {
        List<CloseOutLine> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.code, pr.symbol, co.quantity, co.average_price, co.mark, co.price, co.method, co.auction_id, t.code,
                       co.closed_by, co.closed_at
                  FROM default_close_out co JOIN account a ON a.id = co.account_id JOIN product pr ON pr.id = co.product_id
                  JOIN account t ON t.id = co.counterparty_account_id
                 WHERE co.case_id = ? ORDER BY co.id""")) {
            ps.setLong(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal q = rs.getBigDecimal(3);
                    BigDecimal avg = rs.getBigDecimal(4);
                    BigDecimal mark = rs.getBigDecimal(5);
                    BigDecimal price = rs.getBigDecimal(6);
                    BigDecimal reference = mark == null ? price : mark;
                    out.add(new CloseOutLine(
                            rs.getString(1),
                            rs.getString(2),
                            Decimals.plain(q),
                            Decimals.plain(avg),
                            mark == null ? null : Decimals.plain(mark),
                            Decimals.plain(price),
                            rs.getString(7),
                            rs.getObject(8, Long.class),
                            rs.getString(9),
                            Decimals.plain(q.multiply(reference.subtract(avg))),
                            Decimals.plain(q.multiply(price.subtract(reference))),
                            rs.getString(10),
                            CaseStore.instant(rs, 11)));
                }
            }
        }
        return out;
    }

    private static List<Amount> defaulterCollateral(Connection c, long memberId) throws SQLException {
        List<Amount> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.code, a.scale, sum(b.balance) FROM ledger_balance b JOIN ledger_account la ON la.id = b.ledger_account_id
                  JOIN asset a ON a.id = b.asset_id
                 WHERE la.account_id = ANY (?) AND la.kind IN ('MEMBER_COLLATERAL', 'MEMBER_BUCKET')
                 GROUP BY a.code, a.scale HAVING sum(b.balance) <> 0 ORDER BY a.code""")) {
            ps.setArray(1, io.concordia.clearing.common.SqlArrays.longs(c, CaseStore.defaulterAccounts(c, memberId)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Amount(
                            rs.getString(1), rs.getBigDecimal(3).setScale(rs.getInt(2), RoundingMode.UNNECESSARY)));
                }
            }
        }
        return out;
    }

    private static int currencyScale(Connection c, long assetId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT scale FROM asset WHERE id = ?")) {
            ps.setLong(1, assetId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A stored amount shown at the currency's scale; figures that carry more decimals are rounded half-even for display. */
    static BigDecimal money(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.HALF_EVEN);
    }
}
