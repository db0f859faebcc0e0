package io.concordia.clearing.default_;

import io.concordia.clearing.ledger.EntryKind;
import io.concordia.clearing.ledger.JournalEntry;
import io.concordia.clearing.ledger.LedgerAccount;
import io.concordia.clearing.ledger.LedgerAccountKind;
import io.concordia.clearing.ledger.LedgerService;
import io.concordia.clearing.ledger.LedgerService.Leg;
import io.concordia.clearing.refdata.AssetEntity;
import io.concordia.settlement.calc.Drawdown;
import io.concordia.settlement.calc.LayerUse;
import io.concordia.settlement.model.MemberCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The journal entries of one default case's waterfall ({@link WaterfallService}): each moves an amount into
 * {@code CCP:DEFAULT-LOSS} (or, for a surplus, out of it), under the reference {@code default:<case>:<part>}. An entry
 * with nothing to move is not posted.
 */
final class WaterfallEntries {

    /** A source of layer 1: one of the defaulter's collateral ledger accounts and its balance in the currency. */
    record MarginSource(LedgerAccount account, BigDecimal balance) {}

    private final LedgerService ledger;
    private final AssetEntity asset;
    private final String reference;
    private final LedgerAccount defaultLoss;

    WaterfallEntries(LedgerService ledger, AssetEntity asset, long caseId) {
        this.ledger = ledger;
        this.asset = asset;
        this.reference = "default:" + caseId + ":";
        this.defaultLoss = ledger.ccp(LedgerAccountKind.CCP_DEFAULT_LOSS);
    }

    /** The defaulter's unpaid result leaves its settlement balances: the CCP holds the claim (or the debt) now. */
    void writeOffUnpaid(Map<Long, BigDecimal> unpaid, BigDecimal result) {
        if (unpaid.isEmpty()) {
            return;
        }
        List<Leg> legs = new ArrayList<>();
        unpaid.forEach((ledgerAccount, balance) ->
                legs.add(new Leg(ledger.ledgerAccount(ledgerAccount), asset, balance.negate())));
        if (result.signum() != 0) {
            legs.add(new Leg(defaultLoss, asset, result));
        }
        ledger.post(EntryKind.DEFAULT_SETTLEMENT_WRITE_OFF, reference + "settlement", legs);
    }

    /** Layer 1: the defaulter's collateral, account by account in the sources' order ({@link Drawdown#inOrder}). */
    Optional<JournalEntry> defaulterMargin(BigDecimal used, List<MarginSource> sources) {
        if (used.signum() <= 0) {
            return Optional.empty();
        }
        List<BigDecimal> takes = Drawdown.inOrder(
                used, sources.stream().map(MarginSource::balance).toList());
        List<Leg> legs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            if (takes.get(i).signum() > 0) {
                legs.add(new Leg(sources.get(i).account(), asset, takes.get(i).negate()));
            }
        }
        legs.add(new Leg(defaultLoss, asset, used));
        return Optional.of(ledger.post(EntryKind.WATERFALL_DEFAULTER_MARGIN, reference + "defaulter-margin", legs));
    }

    /** A layer drawn from one ledger account: the defaulter's default-fund contribution, or the CCP's skin in the game. */
    Optional<JournalEntry> single(EntryKind kind, String part, LedgerAccount from, BigDecimal used) {
        if (used.signum() <= 0) {
            return Optional.empty();
        }
        return Optional.of(ledger.post(
                kind,
                reference + part,
                List.of(new Leg(from, asset, used.negate()), new Leg(defaultLoss, asset, used))));
    }

    /** The mutual fund: each surviving member's share out of its default-fund account, in member order. */
    Optional<JournalEntry> mutualFund(LayerUse mutual, Map<MemberCode, LedgerAccount> survivorFunds) {
        return shares(EntryKind.WATERFALL_MUTUAL_FUND, "mutual-fund", mutual, survivorFunds::get);
    }

    /** Assessments: each surviving member's share out of its assessment account, in member order. */
    Optional<JournalEntry> assessments(LayerUse assessments, Map<MemberCode, LedgerAccount> survivorFunds) {
        return shares(
                EntryKind.WATERFALL_ASSESSMENT,
                "assessments",
                assessments,
                member -> ledger.memberAccount(
                        survivorFunds.get(member).memberId(), member.code(), LedgerAccountKind.MEMBER_ASSESSMENT));
    }

    private Optional<JournalEntry> shares(
            EntryKind kind, String part, LayerUse use, Function<MemberCode, LedgerAccount> accountOf) {
        if (use.used().signum() <= 0) {
            return Optional.empty();
        }
        List<Leg> legs = new ArrayList<>();
        use.shares().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (e.getValue().signum() > 0) {
                legs.add(
                        new Leg(accountOf.apply(e.getKey()), asset, e.getValue().negate()));
            }
        });
        legs.add(new Leg(defaultLoss, asset, use.used()));
        return Optional.of(ledger.post(kind, reference + part, legs));
    }

    /** What no layer covered, booked against CCP:UNCOVERED-LOSS. */
    void uncovered(BigDecimal uncovered) {
        if (uncovered.signum() > 0) {
            ledger.post(
                    EntryKind.WATERFALL_UNCOVERED,
                    reference + "uncovered",
                    List.of(
                            new Leg(ledger.ccp(LedgerAccountKind.CCP_UNCOVERED_LOSS), asset, uncovered.negate()),
                            new Leg(defaultLoss, asset, uncovered)));
        }
    }

    /** The surplus, paid to the collateral of the defaulter's first account by code. */
    void surplus(long firstAccount, BigDecimal surplus) {
        ledger.post(
                EntryKind.DEFAULT_SURPLUS,
                reference + "surplus",
                List.of(
                        new Leg(ledger.collateralOf(firstAccount), asset, surplus),
                        new Leg(defaultLoss, asset, surplus.negate())));
    }
}
