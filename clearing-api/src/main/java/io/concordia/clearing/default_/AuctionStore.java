package io.concordia.clearing.default_;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.default_.DefaultDtos.AuctionView;
import io.concordia.clearing.default_.DefaultDtos.BidView;
import io.concordia.clearing.default_.DefaultDtos.LotItem;
import io.concordia.clearing.default_.DefaultDtos.MemberAuctionView;
import io.concordia.clearing.default_.DefaultDtos.MyBid;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Auction rows, lots and bids on the caller's connection. */
final class AuctionStore {

    record AuctionRow(
            long id,
            long caseId,
            long defaulterId,
            String defaulter,
            String underlying,
            String status,
            Instant deadline,
            Long proposedBid,
            String openedBy,
            Instant openedAt,
            String awardProposedBy,
            Instant awardProposedAt,
            String awardedBy,
            Instant awardedAt,
            String cancelledBy,
            Instant cancelledAt,
            String cancelReason) {}

    /** One product of a lot: the defaulter's net quantity (+ long: the winner buys). */
    record Lot(long productId, String product, BigDecimal quantity) {}

    /** A bid with its prices by product id. */
    record BidRow(
            long id,
            long memberId,
            String member,
            long accountId,
            String account,
            BigDecimal value,
            String submittedBy,
            Instant submittedAt,
            Map<Long, BigDecimal> pricesByProduct,
            Map<String, BigDecimal> prices) {}

    private static final String SELECT = """
            SELECT x.id, x.case_id, d.member_id, m.code, x.underlying, x.status, x.deadline, x.proposed_bid_id, x.opened_by,
                   x.opened_at, x.award_proposed_by, x.award_proposed_at, x.awarded_by, x.awarded_at, x.cancelled_by,
                   x.cancelled_at, x.cancel_reason
              FROM default_auction x JOIN default_case d ON d.id = x.case_id JOIN member m ON m.id = d.member_id""";

    private AuctionStore() {}

    static AuctionRow find(Connection c, long id) throws SQLException {
        return one(c, SELECT + " WHERE x.id = ?", id);
    }

    /** The auction with its row locked: exclusively for awards and cancellations, shared for bids. */
    static AuctionRow lock(Connection c, long id, boolean exclusive) throws SQLException {
        return one(c, SELECT + " WHERE x.id = ? FOR " + (exclusive ? "UPDATE" : "SHARE") + " OF x", id);
    }

    static List<AuctionRow> ofCase(Connection c, long caseId) throws SQLException {
        return many(c, SELECT + " WHERE x.case_id = ? ORDER BY x.id", caseId);
    }

    /** The open auctions a member may bid in: every auction not of its own default. */
    static List<AuctionRow> openFor(Connection c, long memberId) throws SQLException {
        return many(c, SELECT + " WHERE x.status = 'OPEN' AND d.member_id <> ? ORDER BY x.id", memberId);
    }

    static List<Lot> lot(Connection c, long auctionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT l.product_id, p.symbol, l.quantity FROM default_auction_lot l JOIN product p ON p.id = l.product_id
                 WHERE l.auction_id = ? ORDER BY p.symbol""")) {
            ps.setLong(1, auctionId);
            List<Lot> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Lot(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3)));
                }
            }
            return out;
        }
    }

    /** The auction's bids, best first (largest value, then earliest); {@code memberId} keeps one member's only. */
    static List<BidRow> bids(Connection c, long auctionId, Long memberId) throws SQLException {
        List<BidRow> out = new ArrayList<>();
        Map<Long, Object[]> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT b.id, b.member_id, m.code, b.account_id, a.code, b.value, b.submitted_by, b.submitted_at
                  FROM default_auction_bid b JOIN member m ON m.id = b.member_id JOIN account a ON a.id = b.account_id
                 WHERE b.auction_id = ? AND (?::bigint IS NULL OR b.member_id = ?::bigint)
                 ORDER BY b.value DESC, b.submitted_at, b.id""")) {
            ps.setLong(1, auctionId);
            if (memberId == null) {
                ps.setNull(2, java.sql.Types.BIGINT);
                ps.setNull(3, java.sql.Types.BIGINT);
            } else {
                ps.setLong(2, memberId);
                ps.setLong(3, memberId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new Object[] {
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getBigDecimal(6),
                        rs.getString(7),
                        CaseStore.instant(rs, 8)
                    });
                }
            }
        }
        Map<Long, Map<Long, BigDecimal>> byProduct = new LinkedHashMap<>();
        Map<Long, Map<String, BigDecimal>> bySymbol = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT bp.bid_id, bp.product_id, p.symbol, bp.price FROM default_auction_bid_price bp
                  JOIN default_auction_bid b ON b.id = bp.bid_id JOIN product p ON p.id = bp.product_id
                 WHERE b.auction_id = ? ORDER BY p.symbol""")) {
            ps.setLong(1, auctionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byProduct
                            .computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                            .put(rs.getLong(2), rs.getBigDecimal(4));
                    bySymbol.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(3), Decimals.plain(rs.getBigDecimal(4)));
                }
            }
        }
        rows.forEach((id, r) -> out.add(new BidRow(
                id,
                (Long) r[0],
                (String) r[1],
                (Long) r[2],
                (String) r[3],
                (BigDecimal) r[4],
                (String) r[5],
                (Instant) r[6],
                byProduct.getOrDefault(id, Map.of()),
                bySymbol.getOrDefault(id, Map.of()))));
        return out;
    }

    static AuctionView view(Connection c, AuctionRow a) throws SQLException {
        List<BidView> bids = new ArrayList<>();
        for (BidRow b : bids(c, a.id(), null)) {
            bids.add(new BidView(
                    b.id(),
                    b.member(),
                    b.account(),
                    b.prices(),
                    Decimals.plain(b.value()),
                    b.submittedBy(),
                    b.submittedAt()));
        }
        return new AuctionView(
                a.id(),
                a.caseId(),
                a.defaulter(),
                a.underlying(),
                a.status(),
                a.deadline(),
                lotItems(c, a.id()),
                bids,
                a.proposedBid(),
                a.openedBy(),
                a.openedAt(),
                a.awardProposedBy(),
                a.awardProposedAt(),
                a.awardedBy(),
                a.awardedAt(),
                a.cancelledBy(),
                a.cancelledAt(),
                a.cancelReason());
    }

    /** What a member sees: the lot and its own bids, never another member's. */
    static MemberAuctionView memberView(Connection c, AuctionRow a, long memberId) throws SQLException {
        List<MyBid> mine = new ArrayList<>();
        for (BidRow b : bids(c, a.id(), memberId)) {
            mine.add(new MyBid(b.id(), b.account(), b.prices(), b.submittedAt()));
        }
        mine.sort((x, y) -> Long.compare(x.id(), y.id()));
        Boolean won = null;
        if (a.status().equals("AWARDED")) {
            long winner = a.proposedBid();
            won = mine.stream().anyMatch(b -> b.id() == winner);
        }
        return new MemberAuctionView(a.id(), a.underlying(), a.status(), a.deadline(), lotItems(c, a.id()), mine, won);
    }

    static List<LotItem> lotItems(Connection c, long auctionId) throws SQLException {
        List<LotItem> out = new ArrayList<>();
        for (Lot l : lot(c, auctionId)) {
            out.add(new LotItem(l.product(), Decimals.plain(l.quantity())));
        }
        return out;
    }

    private static AuctionRow one(Connection c, String sql, long id) throws SQLException {
        List<AuctionRow> rows = many(c, sql, id);
        if (rows.isEmpty()) {
            throw ApiProblem.notFound("auction", Long.toString(id));
        }
        return rows.get(0);
    }

    private static List<AuctionRow> many(Connection c, String sql, long arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            List<AuctionRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuctionRow(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            CaseStore.instant(rs, 7),
                            (Long) rs.getObject(8, Long.class),
                            rs.getString(9),
                            CaseStore.instant(rs, 10),
                            rs.getString(11),
                            CaseStore.instant(rs, 12),
                            rs.getString(13),
                            CaseStore.instant(rs, 14),
                            rs.getString(15),
                            CaseStore.instant(rs, 16),
                            rs.getString(17)));
                }
            }
            return out;
        }
    }
}
