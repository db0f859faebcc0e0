package io.concordia.settlement.calc;

import io.concordia.settlement.model.CycleId;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.PositionState;
import io.concordia.types.AssetCode;
import java.util.List;
import java.util.Optional;

/**
 * Everything a settlement cycle decides, as values, in a deterministic order. The service stores it in one
 * transaction: the ledger entries, the instructions (with their outbox events), the statement lines, and the
 * positions' next reference state.
 *
 * @param cycle the cycle
 * @param positions one line per account and product touched (state or trade), ordered by account then product
 * @param nets one per member and currency with a position, ordered by member then currency
 * @param instructions one per member and currency whose rounded net is not 0, same order
 * @param ledgerEntries one balanced entry per currency with at least one non-zero posting, ordered by currency
 * @param currencyTotals one per currency touched, ordered by currency
 * @param nextPositions the next cycle's position states (closing quantity at the settlement price), including flat
 *     ones (closing quantity 0) which the service may drop
 */
public record CycleResult(
        CycleId cycle,
        List<PositionSettlement> positions,
        List<MemberNet> nets,
        List<SettlementInstruction> instructions,
        List<LedgerEntry> ledgerEntries,
        List<CurrencyTotals> currencyTotals,
        List<PositionState> nextPositions) {

    /** Copies the lists. */
    public CycleResult {
        positions = List.copyOf(positions);
        nets = List.copyOf(nets);
        instructions = List.copyOf(instructions);
        ledgerEntries = List.copyOf(ledgerEntries);
        currencyTotals = List.copyOf(currencyTotals);
        nextPositions = List.copyOf(nextPositions);
    }

    /**
     * The instruction for a member and currency.
     *
     * @param member the member
     * @param currency the currency
     * @return the instruction, or empty if its rounded net is 0 or it had no position in the currency
     */
    public Optional<SettlementInstruction> instruction(MemberCode member, AssetCode currency) {
        return instructions.stream()
                .filter(i -> i.member().equals(member) && i.currency().equals(currency))
                .findFirst();
    }

    /**
     * The net of a member in a currency.
     *
     * @param member the member
     * @param currency the currency
     * @return the net, or empty if the member had no position in the currency
     */
    public Optional<MemberNet> net(MemberCode member, AssetCode currency) {
        return nets.stream()
                .filter(n -> n.member().equals(member) && n.currency().equals(currency))
                .findFirst();
    }

    /**
     * The totals of a currency.
     *
     * @param currency the currency
     * @return the totals, or empty if the cycle did not touch it
     */
    public Optional<CurrencyTotals> totals(AssetCode currency) {
        return currencyTotals.stream()
                .filter(t -> t.currency().equals(currency))
                .findFirst();
    }
}
