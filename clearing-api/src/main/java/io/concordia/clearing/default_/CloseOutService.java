package io.concordia.clearing.default_;

import io.concordia.clearing.account.AccountEntity;
import io.concordia.clearing.account.AccountLocks;
import io.concordia.clearing.account.AccountService;
import io.concordia.clearing.account.AccountStatus;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.FourEyes;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.default_.AuctionStore.AuctionRow;
import io.concordia.clearing.default_.AuctionStore.BidRow;
import io.concordia.clearing.default_.AuctionStore.Lot;
import io.concordia.clearing.default_.CaseStore.CaseRow;
import io.concordia.clearing.default_.DefaultDtos.AuctionView;
import io.concordia.clearing.default_.DefaultDtos.Bid;
import io.concordia.clearing.default_.DefaultDtos.CaseView;
import io.concordia.clearing.default_.DefaultDtos.CloseOutView;
import io.concordia.clearing.default_.DefaultDtos.MemberAuctionView;
import io.concordia.clearing.default_.DefaultDtos.MyBid;
import io.concordia.clearing.default_.DefaultDtos.OpenAuctions;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.member.MemberEntity;
import io.concordia.clearing.member.MemberService;
import io.concordia.clearing.member.MemberStatus;
import io.concordia.clearing.refdata.ProductEntity;
import io.concordia.clearing.refdata.RefDataService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Close-out of the defaulter's positions, each one transaction: at operator-entered prices into the CCP's own
 * default-management account, or by auction — one lot per underlying, bids from the members until the deadline, the
 * best bid proposed by an operator and awarded by a different person with the risk-officer role, the lot then
 * transferred to the winner's account at the bid prices. Every close-out is a pair of opposite fills at one price.
 */
@ApplicationScoped
public class CloseOutService {

    /** Prices and quantities are stored as NUMERIC(38, 18). */
    private static final int PRICE_SCALE = 18;

    @Inject
    CaseSteps steps;

    @Inject
    RefDataService refData;

    @Inject
    MemberService members;

    @Inject
    AccountService accounts;

    @Inject
    DefaultReportService reports;

    @Inject
    Caller caller;

    @Inject
    FourEyes fourEyes;

    @Inject
    Clock clock;

    /** Closes out the defaulter's positions in the priced products into the CCP's default-management account. */
    @Transactional
    public CaseView closeOut(long caseId, Map<String, BigDecimal> prices) {
        return steps.onConnection(c -> {
            CaseRow row = CaseSteps.begin(c, caseId, "a close-out", CaseStatus.DECLARED, CaseStatus.CLOSING_OUT);
            List<Long> defaulter = CaseStore.defaulterAccounts(c, row.memberId());
            long ccp = CaseStore.ccpAccount(c);
            List<Long> locked = new ArrayList<>(defaulter);
            locked.add(ccp);
            AccountLocks.lock(c, locked);
            List<Positions.Held> open = Positions.open(c, defaulter);
            Set<Long> inAuction = productsInLiveAuctions(c, caseId);
            if (prices.isEmpty() && (!open.isEmpty() || CaseStore.liveAuctions(c, caseId))) {
                throw ApiProblem.of(
                        ProblemCode.PRICES_REQUIRED,
                        "the defaulter still holds open positions or live auctions; "
                                + "give a close-out price per product");
            }
            Map<Long, BigDecimal> priced = new TreeMap<>();
            for (Map.Entry<String, BigDecimal> e : new TreeMap<>(prices).entrySet()) {
                if (e.getValue() == null) {
                    throw ApiProblem.of(ProblemCode.INVALID_PRICE, "prices." + e.getKey() + " must be a price");
                }
                ProductEntity product = refData.requireProduct(e.getKey());
                BigDecimal price = Decimals.positive(e.getValue(), PRICE_SCALE, "prices." + e.getKey());
                if (inAuction.contains(product.id)) {
                    throw ApiProblem.of(
                            ProblemCode.LOT_IN_AUCTION,
                            "the defaulter's " + product.symbol + " positions are in a live auction");
                }
                if (open.stream().noneMatch(h -> h.productId() == product.id)) {
                    throw ApiProblem.of(
                            ProblemCode.NOTHING_TO_CLOSE,
                            "the defaulter holds no open " + product.symbol + " position");
                }
                priced.put(product.id, price);
            }
            Instant now = clock.instant();
            List<CloseOutView> closed = new ArrayList<>();
            Set<Long> touched = new TreeSet<>();
            for (Positions.Held h : open) {
                BigDecimal price = priced.get(h.productId());
                if (price == null) {
                    continue;
                }
                BigDecimal mark = Positions.mark(c, h.productId());
                Positions.fill(c, h.accountId(), h.productId(), h.quantity().negate(), price);
                Positions.fill(c, ccp, h.productId(), h.quantity(), price);
                recordCloseOut(c, caseId, h, mark, price, "PRICE", null, ccp, now);
                closed.add(new CloseOutView(
                        h.account(),
                        h.product(),
                        Decimals.plain(h.quantity()),
                        Decimals.plain(h.averagePrice()),
                        mark == null ? null : Decimals.plain(mark),
                        Decimals.plain(price),
                        "PRICE",
                        null,
                        CaseStore.CCP_ACCOUNT,
                        caller.actor(),
                        now));
                touched.add(h.accountId());
            }
            CaseStore.afterCloseOut(c, row, now);
            MarginQueue.enqueue(c, touched);
            CaseView after = CaseStore.view(c, CaseStore.find(c, caseId));
            steps.record(
                    c,
                    row,
                    "CLOSE_OUT",
                    CaseStore.view(c, row),
                    Map.of("closedOut", closed, "case", after),
                    "POSITIONS_CLOSED_OUT",
                    Map.of("case", caseId, "closedOut", closed));
            return after;
        });
    }

    /** Opens one auction per underlying of the defaulter's open positions not already in a live auction. */
    @Transactional
    public List<AuctionView> openAuctions(long caseId, OpenAuctions request) {
        return steps.onConnection(c -> {
            CaseRow row = CaseSteps.begin(c, caseId, "an auction", CaseStatus.DECLARED, CaseStatus.CLOSING_OUT);
            Instant now = clock.instant();
            if (!request.deadline().isAfter(now)) {
                throw ApiProblem.of(ProblemCode.INVALID_DEADLINE, "the deadline must lie in the future");
            }
            Set<Long> inAuction = productsInLiveAuctions(c, caseId);
            // net per product across the defaulter's accounts, grouped by underlying
            Map<String, Map<Long, BigDecimal>> byUnderlying = new TreeMap<>();
            for (Positions.Held h : Positions.open(c, CaseStore.defaulterAccounts(c, row.memberId()))) {
                if (!inAuction.contains(h.productId())) {
                    byUnderlying
                            .computeIfAbsent(h.underlying(), k -> new LinkedHashMap<>())
                            .merge(h.productId(), h.quantity(), BigDecimal::add);
                }
            }
            Set<String> wanted =
                    request.underlyings() == null ? byUnderlying.keySet() : new TreeSet<>(request.underlyings());
            List<AuctionView> opened = new ArrayList<>();
            for (String underlying : wanted) {
                Map<Long, BigDecimal> lot = new LinkedHashMap<>();
                byUnderlying.getOrDefault(underlying, Map.of()).forEach((product, quantity) -> {
                    if (quantity.signum() != 0) {
                        lot.put(product, quantity);
                    }
                });
                if (lot.isEmpty()) {
                    throw ApiProblem.of(
                            ProblemCode.NOTHING_TO_AUCTION,
                            "the defaulter holds no open " + underlying + " position outside a live auction");
                }
                Sql sql = Sql.on(c);
                long id = sql.one(
                        """
                        INSERT INTO default_auction (case_id, underlying, status, deadline, opened_by, opened_at)
                        VALUES (?, ?, 'OPEN', ?, ?, ?) RETURNING id""", r -> r.longValue("id"), caseId, underlying, request.deadline(), caller.actor(), now);
                sql.batch(
                        "INSERT INTO default_auction_lot (auction_id, product_id, quantity) VALUES (?, ?, ?)",
                        lot.entrySet(),
                        e -> new Object[] {id, e.getKey(), e.getValue()});
                AuctionView view = AuctionStore.view(c, AuctionStore.find(c, id));
                opened.add(view);
                steps.audit("OPEN_AUCTION", "auction", Long.toString(id), null, view);
                steps.publish(
                        c,
                        row.member(),
                        "AUCTION_OPENED",
                        Map.of(
                                "auction",
                                id,
                                "case",
                                caseId,
                                "underlying",
                                underlying,
                                "deadline",
                                request.deadline().toString(),
                                "lot",
                                view.lot()));
            }
            if (opened.isEmpty()) {
                throw ApiProblem.of(
                        ProblemCode.NOTHING_TO_AUCTION, "the defaulter holds no open position outside a live auction");
            }
            CaseStore.afterCloseOut(c, row, now);
            return opened;
        });
    }

    /** A member's bid, accepted while the auction is open and before its deadline. */
    @Transactional
    public MyBid bid(String memberCode, long auctionId, Bid request) {
        MemberEntity member = members.require(memberCode);
        return steps.onConnection(c -> {
            AuctionRow auction = visible(c, auctionId, member, true);
            if (member.status != MemberStatus.ACTIVE) {
                throw ApiProblem.of(ProblemCode.MEMBER_NOT_ACTIVE, "member '" + memberCode + "' is " + member.status);
            }
            Instant now = clock.instant();
            if (!auction.status().equals("OPEN") || !now.isBefore(auction.deadline())) {
                throw ApiProblem.of(
                        ProblemCode.AUCTION_CLOSED,
                        "auction " + auctionId + " took bids until " + auction.deadline() + "; it is "
                                + (auction.status().equals("OPEN") ? "past its deadline" : auction.status()));
            }
            AccountEntity account = accounts.requireForMember(memberCode, request.account());
            if (account.status != AccountStatus.OPEN) {
                throw ApiProblem.of(
                        ProblemCode.ACCOUNT_NOT_OPEN, "account '" + account.code + "' is " + account.status);
            }
            List<Lot> lot = AuctionStore.lot(c, auctionId);
            Map<Long, BigDecimal> prices = bidPrices(request, lot);
            BigDecimal value = BigDecimal.ZERO;
            for (Lot l : lot) {
                value = value.add(l.quantity().multiply(prices.get(l.productId())));
            }
            Sql sql = Sql.on(c);
            long id =
                    sql.one("""
                    INSERT INTO default_auction_bid (auction_id, member_id, account_id, value, submitted_by, submitted_at)
                    VALUES (?, ?, ?, ?, ?, ?) RETURNING id""", r -> r.longValue("id"), auctionId, member.id, account.id, value, caller.actor(), now);
            sql.batch(
                    "INSERT INTO default_auction_bid_price (bid_id, product_id, price) VALUES (?, ?, ?)",
                    prices.entrySet(),
                    e -> new Object[] {id, e.getKey(), e.getValue()});
            Map<String, BigDecimal> bySymbol = new TreeMap<>();
            for (Lot l : lot) {
                bySymbol.put(l.product(), Decimals.plain(prices.get(l.productId())));
            }
            MyBid bid = new MyBid(id, account.code, bySymbol, now);
            steps.audit(
                    "SUBMIT_BID", "auction", Long.toString(auctionId), null, Map.of("member", memberCode, "bid", bid));
            return bid;
        });
    }

    /** The open auctions the member may bid in, with its own bids. */
    @Transactional
    public List<MemberAuctionView> openAuctionsFor(String memberCode) {
        MemberEntity member = members.require(memberCode);
        return steps.onConnection(c -> {
            List<MemberAuctionView> out = new ArrayList<>();
            for (AuctionRow a : AuctionStore.openFor(c, member.id)) {
                out.add(AuctionStore.memberView(c, a, member.id));
            }
            return out;
        });
    }

    /** One auction as the member sees it; the defaulter's own auctions do not exist for it. */
    @Transactional
    public MemberAuctionView auctionFor(String memberCode, long auctionId) {
        MemberEntity member = members.require(memberCode);
        return steps.onConnection(c -> AuctionStore.memberView(c, visible(c, auctionId, member, false), member.id));
    }

    /** Proposes the best bid for award, once the deadline has passed. */
    @Transactional
    public AuctionView proposeAward(long auctionId) {
        return steps.onConnection(c -> {
            AuctionRow auction = lockWithCase(c, auctionId);
            if (!auction.status().equals("OPEN")) {
                throw ApiProblem.of(
                        ProblemCode.AUCTION_STATE, "auction " + auctionId + " is " + auction.status() + ", not OPEN");
            }
            if (clock.instant().isBefore(auction.deadline())) {
                throw ApiProblem.of(
                        ProblemCode.AUCTION_OPEN, "auction " + auctionId + " takes bids until " + auction.deadline());
            }
            List<BidRow> bids = AuctionStore.bids(c, auctionId, null);
            if (bids.isEmpty()) {
                throw ApiProblem.of(
                        ProblemCode.NO_BIDS,
                        "auction " + auctionId + " has no bid; cancel it and close the lot out at prices");
            }
            AuctionView before = AuctionStore.view(c, auction);
            Sql.on(c).update("""
                            UPDATE default_auction SET status = 'AWARD_PROPOSED', proposed_bid_id = ?, award_proposed_by = ?,
                                                       award_proposed_at = ? WHERE id = ?""", bids.get(0).id(), caller.actor(), clock.instant(), auctionId);
            AuctionView after = audited(c, auctionId, "PROPOSE_AWARD", before);
            return after;
        });
    }

    /**
     * Awards the proposed bid (four-eyes: not the proposer): the defaulter's positions in the lot's products are closed
     * at the bid prices and the lot opens at the same prices in the winner's account, through the CCP (whose own
     * position does not change).
     */
    @Transactional
    public AuctionView approveAward(long auctionId) {
        return steps.onConnection(c -> {
            AuctionRow auction = lockWithCase(c, auctionId);
            if (!auction.status().equals("AWARD_PROPOSED")) {
                throw ApiProblem.of(
                        ProblemCode.AUCTION_STATE,
                        "auction " + auctionId + " is " + auction.status() + ", not AWARD_PROPOSED");
            }
            fourEyes.requireSecondPerson(c, auction.awardProposedBy(), "the award of auction " + auctionId);
            CaseRow row = CaseStore.find(c, auction.caseId());
            BidRow bid = AuctionStore.bids(c, auctionId, null).stream()
                    .filter(b -> b.id() == auction.proposedBid())
                    .findFirst()
                    .orElseThrow();
            AccountEntity winner = accounts.require(bid.account());
            if (winner.status != AccountStatus.OPEN || winner.member.status != MemberStatus.ACTIVE) {
                throw ApiProblem.of(
                        ProblemCode.WINNER_NOT_ELIGIBLE,
                        "account '" + winner.code + "' of the winning bid is " + winner.status + " and its member "
                                + winner.member.status + "; cancel the auction");
            }
            List<Long> defaulter = CaseStore.defaulterAccounts(c, row.memberId());
            List<Long> locked = new ArrayList<>(defaulter);
            locked.add(winner.id);
            AccountLocks.lock(c, locked);
            List<Positions.Held> open = Positions.open(c, defaulter);
            Instant now = clock.instant();
            AuctionView before = AuctionStore.view(c, auction);
            for (Lot l : AuctionStore.lot(c, auctionId)) {
                BigDecimal price = bid.pricesByProduct().get(l.productId());
                BigDecimal mark = Positions.mark(c, l.productId());
                BigDecimal held = BigDecimal.ZERO;
                for (Positions.Held h : open) {
                    if (h.productId() == l.productId()) {
                        held = held.add(h.quantity());
                        Positions.fill(
                                c, h.accountId(), h.productId(), h.quantity().negate(), price);
                        recordCloseOut(c, row.id(), h, mark, price, "AUCTION", auctionId, winner.id, now);
                    }
                }
                if (held.compareTo(l.quantity()) != 0) {
                    throw new IllegalStateException(
                            "auction " + auctionId + ": the defaulter holds " + held.toPlainString() + " " + l.product()
                                    + ", the lot " + l.quantity().toPlainString());
                }
                Positions.fill(c, winner.id, l.productId(), l.quantity(), price);
            }
            Sql.on(c)
                    .update(
                            "UPDATE default_auction SET status = 'AWARDED', awarded_by = ?, awarded_at = ? WHERE id = ?",
                            caller.actor(),
                            now,
                            auctionId);
            CaseStore.afterCloseOut(c, row, now);
            Set<Long> touched = new HashSet<>(defaulter);
            touched.add(winner.id);
            MarginQueue.enqueue(c, touched);
            AuctionView after = audited(c, auctionId, "AWARD_AUCTION", before);
            steps.publish(
                    c,
                    row.member(),
                    "AUCTION_AWARDED",
                    Map.of("auction", auctionId, "case", row.id(), "winner", bid.member(), "prices", bid.prices()));
            return after;
        });
    }

    /** Cancels a live auction (no bids, or an award not to be approved); its lot can be closed out again. */
    @Transactional
    public AuctionView cancel(long auctionId, String reason) {
        return steps.onConnection(c -> {
            AuctionRow auction = lockWithCase(c, auctionId);
            if (!auction.status().equals("OPEN") && !auction.status().equals("AWARD_PROPOSED")) {
                throw ApiProblem.of(ProblemCode.AUCTION_STATE, "auction " + auctionId + " is " + auction.status());
            }
            AuctionView before = AuctionStore.view(c, auction);
            Sql.on(c).update("""
                            UPDATE default_auction SET status = 'CANCELLED', cancelled_by = ?, cancelled_at = ?, cancel_reason = ? WHERE id = ?""", caller.actor(), clock.instant(), reason, auctionId);
            AuctionView after = audited(c, auctionId, "CANCEL_AUCTION", before);
            return after;
        });
    }

    @Transactional
    public AuctionView auction(long auctionId) {
        return steps.onConnection(c -> AuctionStore.view(c, AuctionStore.find(c, auctionId)));
    }

    @Transactional
    public List<AuctionView> auctionsOf(long caseId) {
        return steps.onConnection(c -> {
            CaseStore.find(c, caseId);
            List<AuctionView> out = new ArrayList<>();
            for (AuctionRow a : AuctionStore.ofCase(c, caseId)) {
                out.add(AuctionStore.view(c, a));
            }
            return out;
        });
    }

    /** The auction as a step left it, audited against how it was before the step. */
    private AuctionView audited(Connection c, long auctionId, String action, AuctionView before) {
        AuctionView after = AuctionStore.view(c, AuctionStore.find(c, auctionId));
        steps.audit(action, "auction", Long.toString(auctionId), before, after);
        return after;
    }

    /** Locks the auction's case, then the auction: the order every step takes, so that steps never deadlock. */
    private static AuctionRow lockWithCase(Connection c, long auctionId) {
        AuctionRow auction = AuctionStore.find(c, auctionId);
        CaseStore.lock(c, auction.caseId());
        return AuctionStore.lock(c, auctionId, true);
    }

    /** The auction if the member may see it: never the defaulter's own, never the CCP. Otherwise 404, like a missing one. */
    private static AuctionRow visible(Connection c, long auctionId, MemberEntity member, boolean forBid) {
        AuctionRow auction = forBid ? AuctionStore.lock(c, auctionId, false) : AuctionStore.find(c, auctionId);
        if (member.ccp || auction.defaulterId() == member.id) {
            throw ApiProblem.notFound("auction", Long.toString(auctionId));
        }
        return auction;
    }

    /** The bid's price per lot product: {@code price} for a one-product lot, or {@code prices} naming exactly the lot's products. */
    private static Map<Long, BigDecimal> bidPrices(Bid request, List<Lot> lot) {
        if ((request.price() == null) == (request.prices() == null)) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_BID, "give either price (a lot of one product) or prices by product");
        }
        Map<Long, BigDecimal> out = new LinkedHashMap<>();
        if (request.price() != null) {
            if (lot.size() != 1) {
                throw ApiProblem.of(
                        ProblemCode.BID_PRODUCTS_MISMATCH,
                        "the lot holds " + lot.size() + " products; give prices by product");
            }
            out.put(lot.get(0).productId(), Decimals.positive(request.price(), PRICE_SCALE, "price"));
            return out;
        }
        Set<String> expected = new TreeSet<>();
        lot.forEach(l -> expected.add(l.product()));
        if (!expected.equals(new TreeSet<>(request.prices().keySet()))) {
            throw ApiProblem.of(
                    ProblemCode.BID_PRODUCTS_MISMATCH, "prices must name exactly the lot's products " + expected);
        }
        for (Lot l : lot) {
            BigDecimal price = request.prices().get(l.product());
            if (price == null) {
                throw ApiProblem.of(ProblemCode.INVALID_PRICE, "prices." + l.product() + " must be a price");
            }
            out.put(l.productId(), Decimals.positive(price, PRICE_SCALE, "prices." + l.product()));
        }
        return out;
    }

    private static Set<Long> productsInLiveAuctions(Connection c, long caseId) {
        return new HashSet<>(Sql.on(c).list("""
                        SELECT l.product_id FROM default_auction_lot l JOIN default_auction x ON x.id = l.auction_id
                         WHERE x.case_id = ? AND x.status IN ('OPEN', 'AWARD_PROPOSED')""", row -> row.longValue("product_id"), caseId));
    }

    /**
     * Records a close-out and the position transfer that makes it visible to settlement: the next cycle settles the
     * defaulter's side and the counterparty's side at the close-out price like a trade between them, so the defaulter's
     * old settlement position stops accruing and the counterparty's new one starts from that price.
     */
    private void recordCloseOut(
            Connection c,
            long caseId,
            Positions.Held h,
            BigDecimal mark,
            BigDecimal price,
            String method,
            Long auction,
            long counterparty,
            Instant now) {
        Sql sql = Sql.on(c);
        long closeOut = sql.one(
                """
                INSERT INTO default_close_out (case_id, account_id, product_id, quantity, average_price, mark, price, method,
                                               auction_id, counterparty_account_id, closed_by, closed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                row -> row.longValue("id"),
                caseId,
                h.accountId(),
                h.productId(),
                h.quantity(),
                h.averagePrice(),
                mark,
                price,
                method,
                auction == null ? Sql.nullOf(Types.BIGINT) : auction,
                counterparty,
                caller.actor(),
                now);
        // the defaulter gives up its position: a long is sold to the counterparty, a short bought from it
        boolean defaulterSells = h.quantity().signum() > 0;
        sql.update(
                """
                INSERT INTO position_transfer (case_id, close_out_id, product_id, buyer_account_id, seller_account_id, quantity, price,
                                               method, transferred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                caseId,
                closeOut,
                h.productId(),
                defaulterSells ? counterparty : h.accountId(),
                defaulterSells ? h.accountId() : counterparty,
                h.quantity().abs(),
                price,
                method,
                now);
    }
}
