package io.concordia.clearing.settlement;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.concordia.settlement.calc.Direction;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Request and response bodies of the settlement endpoints. Money and quantities are decimal strings; cash amounts are
 * signed from the member's side: {@code +} received by the member, {@code -} paid by it. Statement figures are exact
 * (unrounded); only a member's net is rounded, {@code FLOOR} at the currency's scale (in the CCP's favour).
 */
public final class SettlementDtos {

    private SettlementDtos() {}

    /**
     * An operator's cycle. {@code prices}: settlement price per product, replacing its mark (audited); {@code funding}:
     * the funding rate of a perpetual for the whole cycle, {@code +} longs pay shorts. All optional.
     */
    public record RunCycle(
            @Size(max = 1000) Map<String, BigDecimal> prices,
            @Size(max = 1000) Map<String, BigDecimal> funding,
            @Size(max = 500) String reason) {
        public static final RunCycle NONE = new RunCycle(null, null, null);

        Map<String, BigDecimal> pricesOrEmpty() {
            return prices == null ? Map.of() : prices;
        }

        Map<String, BigDecimal> fundingOrEmpty() {
            return funding == null ? Map.of() : funding;
        }
    }

    /** A product's settlement price in a cycle: the mark at the cut-off ({@code MARK}) or an operator's ({@code OPERATOR}). */
    public record CyclePrice(
            String product, BigDecimal price, String source, boolean markStale, BigDecimal fundingRate) {}

    /**
     * A cycle and what it did; {@code deferredProducts} had positions or trades but no price, and wait for the next.
     * {@code transfers}: default management's position transfers it settled besides the venues' trades.
     */
    public record Cycle(
            long id,
            String code,
            CycleOrigin origin,
            CycleStatus status,
            Instant cutOff,
            String currency,
            BigDecimal feeRate,
            String requestedBy,
            String reason,
            List<String> deferredProducts,
            int trades,
            int transfers,
            Integer positions,
            Integer instructions,
            List<CyclePrice> prices,
            Instant frozenAt,
            Instant postedAt,
            Instant publishedAt) {}

    /** One payment between a member and the CCP for one cycle and currency; {@code amount} > 0 at the currency's scale. */
    public record Instruction(
            long id,
            String cycle,
            String member,
            String currency,
            Direction direction,
            BigDecimal amount,
            InstructionStatus status,
            Instant createdAt,
            String decidedBy,
            Instant decidedAt,
            String reason,
            String externalReference) {}

    /** The payment is confirmed; {@code reference}: the custodian's or bank's reference, optional. */
    public record Settle(@Size(max = 200) String reference) {}

    /** The payment failed. */
    public record Fail(@NotBlank @Size(max = 500) String reason) {}

    /**
     * A member's statement of one cycle: a line per account and product, each account's share of the net, and the net
     * per currency with its instruction.
     */
    public record Statement(
            String cycle,
            Instant cutOff,
            String member,
            List<StatementLine> lines,
            List<AccountShare> accounts,
            List<Net> nets) {}

    /**
     * One account and product in a cycle, exact. Quantities in product units ({@code +} long); prices in the currency
     * per unit; {@code total = variationMargin + funding + fees}.
     */
    public record StatementLine(
            String account,
            String product,
            String currency,
            BigDecimal openingQuantity,
            BigDecimal referencePrice,
            int tradeCount,
            BigDecimal tradedQuantity,
            BigDecimal tradedNotional,
            BigDecimal settlementPrice,
            BigDecimal closingQuantity,
            BigDecimal variationMargin,
            BigDecimal funding,
            BigDecimal fees,
            BigDecimal total) {}

    /** An account's share of its member's rounded net, booked to its settlement balance until the instruction settles. */
    public record AccountShare(String account, String currency, BigDecimal amount) {}

    /** The member's net in a currency: exact, and rounded; {@code instruction} is absent when the net rounds to 0. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Net(
            String currency,
            BigDecimal variationMargin,
            BigDecimal funding,
            BigDecimal fees,
            BigDecimal exactNet,
            BigDecimal net,
            InstructionRef instruction) {}

    public record InstructionRef(long id, Direction direction, BigDecimal amount, InstructionStatus status) {}
}
