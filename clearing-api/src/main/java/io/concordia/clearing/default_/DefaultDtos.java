package io.concordia.clearing.default_;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Request and response bodies of default management. Quantities: product units, {@code +} long. Prices: USD per unit.
 * Money: decimal strings in the case's currency; losses, uses and charges are non-negative magnitudes.
 */
public final class DefaultDtos {

    private DefaultDtos() {}

    // ---- requests --------------------------------------------------------------------------------------------------

    /**
     * A proposed default; {@code marginCall}, when given, is the escalated call that triggered it; {@code flag}, the
     * member's open default flag it comes from (without it, the member's open flag, if any, is taken).
     */
    public record ProposeDefault(
            @NotNull @Pattern(regexp = "[A-Z0-9][A-Z0-9_-]{0,31}", message = "must be a member code")
            String member,

            @NotBlank @Size(max = 1000) String reason,
            Long marginCall,
            Long flag) {}

    /** A risk officer's decision on a proposal; the note is kept on the case. */
    public record Decision(@Size(max = 1000) String note) {}

    /** Why. */
    public record Reason(@NotBlank @Size(max = 1000) String reason) {}

    /**
     * A client account of the defaulter to port: {@code toAccount} is the code of the new account the receiving member
     * gets, {@code consent} the reference of its acceptance.
     */
    public record PortAccount(
            @NotNull String account,
            @NotNull String toMember,

            @NotNull
            @Pattern(
                    regexp = "[A-Z0-9][A-Z0-9_-]{0,47}",
                    message = "must be capital letters, digits, '_' or '-', at most 48")
            String toAccount,

            @NotBlank @Size(max = 500) String consent) {}

    /** Close-out prices per product symbol, USD per unit. */
    public record CloseOut(@NotNull Map<String, BigDecimal> prices) {}

    /** Auctions to open, one per underlying (all the defaulter's underlyings when {@code underlyings} is absent). */
    public record OpenAuctions(@NotNull Instant deadline, List<String> underlyings) {}

    /** The waterfall step; {@code costs} of the close-out (hedging, auction, legal), in the currency; default 0. */
    public record ApplyWaterfall(BigDecimal costs) {}

    /** An amount set by an operator and the reference of the payment behind it. */
    public record SetAmount(
            @NotNull BigDecimal amount,
            @NotBlank @Size(max = 200) String reference) {}

    /**
     * A member's bid: the account that takes the positions if it wins, and a price per product of the lot —
     * {@code price} for a lot of one product, or {@code prices} by product symbol.
     */
    public record Bid(@NotNull String account, BigDecimal price, Map<String, BigDecimal> prices) {}

    // ---- responses -------------------------------------------------------------------------------------------------

    /** A position of the defaulter not yet closed out. */
    public record OpenPosition(String account, String product, BigDecimal quantity, BigDecimal averagePrice) {}

    /** A default case and the step it is at; {@code flag}: the default flag it comes from, if any. */
    public record CaseView(
            long id,
            String member,
            String status,
            String reason,
            Long marginCall,
            Long flag,
            String proposedBy,
            Instant proposedAt,
            String decidedBy,
            Instant decidedAt,
            String decisionNote,
            Instant closeOutStartedAt,
            Instant closedOutAt,
            String lossAllocatedBy,
            Instant lossAllocatedAt,
            String closedBy,
            Instant closedAt,
            List<OpenPosition> openPositions) {}

    /**
     * A ported position as it stood: {@code realizedPnl} on the old account, {@code settledVariationMargin} what cycles had
     * settled on it there (USD, + received); the new account carries the difference.
     */
    public record PortedPosition(
            String product,
            BigDecimal quantity,
            BigDecimal averagePrice,
            BigDecimal realizedPnl,
            BigDecimal settledVariationMargin) {}

    public record Amount(String asset, BigDecimal quantity) {}

    /** A ported client account: what moved where. */
    public record PortView(
            String account,
            String toMember,
            String toAccount,
            String consent,
            List<PortedPosition> positions,
            List<Amount> collateral,
            Long entryId,
            String portedBy,
            Instant portedAt) {}

    /** A position closed out. {@code mark} is absent when the product had none. */
    public record CloseOutView(
            String account,
            String product,
            BigDecimal quantity,
            BigDecimal averagePrice,
            BigDecimal mark,
            BigDecimal price,
            String method,
            Long auction,
            String takenBy,
            String closedBy,
            Instant closedAt) {}

    public record LotItem(String product, BigDecimal quantity) {}

    /** A bid as operators see it. */
    public record BidView(
            long id,
            String member,
            String account,
            Map<String, BigDecimal> prices,
            BigDecimal value,
            String submittedBy,
            Instant submittedAt) {}

    /** An auction as operators see it, every bid included. */
    public record AuctionView(
            long id,
            long caseId,
            String defaulter,
            String underlying,
            String status,
            Instant deadline,
            List<LotItem> lot,
            List<BidView> bids,
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

    /** A member's own bid. */
    public record MyBid(long id, String account, Map<String, BigDecimal> prices, Instant submittedAt) {}

    /**
     * An auction as a member sees it: the lot, the deadline and its own bids only; {@code won} is set once the auction
     * is awarded.
     */
    public record MemberAuctionView(
            long id,
            String underlying,
            String status,
            Instant deadline,
            List<LotItem> lot,
            List<MyBid> myBids,
            Boolean won) {}

    /** One member's contribution. */
    public record Contribution(String member, String status, BigDecimal amount) {}

    /** The default fund: every contribution, the CCP's skin in the game and the assessment cap. */
    public record DefaultFundView(
            String currency,
            BigDecimal skinInTheGame,
            BigDecimal assessmentMultiple,
            BigDecimal total,
            List<Contribution> contributions) {}

    /** A member's line of the Cover-2 sizing. */
    public record SizingLine(
            String member,
            BigDecimal initialMargin,
            BigDecimal stressedLoss,
            BigDecimal stressedLossBeyondIm,
            BigDecimal contribution,
            BigDecimal sizedContribution) {}

    /**
     * The Cover-2 sizing report: the fund must cover the stressed loss beyond IM of the two members with the largest,
     * allocated pro rata to IM. {@code shortfall}: how much the current contributions fall short of the sized fund.
     */
    public record SizingView(
            String currency,
            List<String> largest,
            BigDecimal fundSize,
            BigDecimal currentTotal,
            BigDecimal shortfall,
            List<SizingLine> members,
            String basis) {}

    /** What one default charged a member: its default-fund contribution used and its assessment. */
    public record ChargeView(
            long caseId,
            String defaulter,
            String currency,
            BigDecimal defaultFund,
            BigDecimal assessment,
            BigDecimal total,
            Instant at) {}

    /** A member's own contribution. */
    public record MyContribution(String currency, BigDecimal contribution) {}
}
