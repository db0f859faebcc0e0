package io.concordia.clearing.default_;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.default_.DefaultDtos.AuctionView;
import io.concordia.clearing.default_.DefaultDtos.BidView;
import io.concordia.clearing.default_.DefaultDtos.LotItem;
import io.concordia.clearing.default_.DefaultDtos.MemberAuctionView;
import io.concordia.clearing.default_.DefaultDtos.MyBid;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
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
            SELECT x.id, x.case_id, d.member_id, m.code AS defaulter, x.underlying, x.status, x.deadline, x.proposed_bid_id, x.opened_by,
                   x.opened_at, x.award_proposed_by, x.award_proposed_at, x.awarded_by, x.awarded_at, x.cancelled_by,
                   x.cancelled_at, x.cancel_reason
              FROM default_auction x JOIN default_case d ON d.id = x.case_id JOIN member m ON m.id = d.member_id""";

    private AuctionStore() {}

    static AuctionRow find(Connection c, long id) {
        return one(c, SELECT + " WHERE x.id = ?", id);
    }

    /** The auction with its row locked: exclusively for awards and cancellations, shared for bids. */
    static AuctionRow lock(Connection c, long id, boolean exclusive) {
        return one(c, SELECT + " WHERE x.id = ? FOR " + (exclusive ? "UPDATE" : "SHARE") + " OF x", id);
    }

    static List<AuctionRow> ofCase(Connection c, long caseId) {
        return Sql.on(c).list(SELECT + " WHERE x.case_id = ? ORDER BY x.id", AuctionStore::auction, caseId);
    }

    /** The open auctions a member may bid in: every auction not of its own default. */
    static List<AuctionRow> openFor(Connection c, long memberId) {
        return Sql.on(c)
                .list(
                        SELECT + " WHERE x.status = 'OPEN' AND d.member_id <> ? ORDER BY x.id",
                        AuctionStore::auction,
                        memberId);
    }

    static List<Lot> lot(Connection c, long auctionId) {
        return Sql.on(c)
                .list(
                        """
                        SELECT l.product_id, p.symbol AS product, l.quantity FROM default_auction_lot l JOIN product p ON p.id = l.product_id
                         WHERE l.auction_id = ? ORDER BY p.symbol""",
                        row -> new Lot(row.longValue("product_id"), row.string("product"), row.decimal("quantity")),
                        auctionId);
    }

    /** A bid's row, before its prices. */
    private record Bid(
            long id,
            long memberId,
            String member,
            long accountId,
            String account,
            BigDecimal value,
            String submittedBy,
            Instant submittedAt) {}

    /** One price of a bid. */
    private record BidPrice(long bidId, long productId, String product, BigDecimal price) {}

    /** The auction's bids, best first (largest value, then earliest); {@code memberId} keeps one member's only. */
    static List<BidRow> bids(Connection c, long auctionId, Long memberId) {
        Sql sql = Sql.on(c);
        Object member = memberId == null ? Sql.nullOf(Types.BIGINT) : memberId;
        List<Bid> bids = sql.list(
                """
                SELECT b.id, b.member_id, m.code AS member, b.account_id, a.code AS account, b.value, b.submitted_by, b.submitted_at
                  FROM default_auction_bid b JOIN member m ON m.id = b.member_id JOIN account a ON a.id = b.account_id
                 WHERE b.auction_id = ? AND (?::bigint IS NULL OR b.member_id = ?::bigint)
                 ORDER BY b.value DESC, b.submitted_at, b.id""",
                row -> new Bid(
                        row.longValue("id"),
                        row.longValue("member_id"),
                        row.string("member"),
                        row.longValue("account_id"),
                        row.string("account"),
                        row.decimal("value"),
                        row.string("submitted_by"),
                        row.instant("submitted_at")),
                auctionId,
                member,
                member);
        Map<Long, Map<Long, BigDecimal>> byProduct = new LinkedHashMap<>();
        Map<Long, Map<String, BigDecimal>> bySymbol = new LinkedHashMap<>();
        for (BidPrice p : sql.list(
                """
                SELECT bp.bid_id, bp.product_id, p.symbol AS product, bp.price FROM default_auction_bid_price bp
                  JOIN default_auction_bid b ON b.id = bp.bid_id JOIN product p ON p.id = bp.product_id
                 WHERE b.auction_id = ? ORDER BY p.symbol""",
                row -> new BidPrice(
                        row.longValue("bid_id"),
                        row.longValue("product_id"),
                        row.string("product"),
                        row.decimal("price")),
                auctionId)) {
            byProduct.computeIfAbsent(p.bidId(), k -> new LinkedHashMap<>()).put(p.productId(), p.price());
            bySymbol.computeIfAbsent(p.bidId(), k -> new LinkedHashMap<>()).put(p.product(), Decimals.plain(p.price()));
        }
        List<BidRow> out = new ArrayList<>();
        for (Bid b : bids) {
            out.add(new BidRow(
                    b.id(),
                    b.memberId(),
                    b.member(),
                    b.accountId(),
                    b.account(),
                    b.value(),
                    b.submittedBy(),
                    b.submittedAt(),
                    byProduct.getOrDefault(b.id(), Map.of()),
                    bySymbol.getOrDefault(b.id(), Map.of())));
        }
        return out;
    }

    static AuctionView view(Connection c, AuctionRow a) {
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
    static MemberAuctionView memberView(Connection c, AuctionRow a, long memberId) {
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

    static List<LotItem> lotItems(Connection c, long auctionId) {
        List<LotItem> out = new ArrayList<>();
        for (Lot l : lot(c, auctionId)) {
            out.add(new LotItem(l.product(), Decimals.plain(l.quantity())));
        }
        return out;
    }

    private static AuctionRow one(Connection c, String sql, long id) {
        return Sql.on(c)
                .first(sql, AuctionStore::auction, id)
                .orElseThrow(() -> ApiProblem.notFound("auction", Long.toString(id)));
    }

    /** Reads a row of {@link #SELECT}. */
    private static AuctionRow auction(Row row) throws SQLException {
        return new AuctionRow(
                row.longValue("id"),
                row.longValue("case_id"),
                row.longValue("member_id"),
                row.string("defaulter"),
                row.string("underlying"),
                row.string("status"),
                row.instant("deadline"),
                row.nullableLong("proposed_bid_id"),
                row.string("opened_by"),
                row.instant("opened_at"),
                row.string("award_proposed_by"),
                row.instant("award_proposed_at"),
                row.string("awarded_by"),
                row.instant("awarded_at"),
                row.string("cancelled_by"),
                row.instant("cancelled_at"),
                row.string("cancel_reason"));
    }
}
