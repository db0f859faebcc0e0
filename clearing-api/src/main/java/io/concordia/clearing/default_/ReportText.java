package io.concordia.clearing.default_;

import io.concordia.clearing.default_.DefaultDtos.Amount;
import io.concordia.clearing.default_.DefaultDtos.PortView;
import io.concordia.clearing.default_.DefaultReportService.AuctionLine;
import io.concordia.clearing.default_.DefaultReportService.CloseOutLine;
import io.concordia.clearing.default_.DefaultReportService.DefaultReport;
import io.concordia.clearing.default_.DefaultReportService.LayerLine;
import io.concordia.clearing.default_.DefaultReportService.LossLine;
import io.concordia.clearing.default_.DefaultReportService.MemberShare;
import io.concordia.clearing.default_.DefaultReportService.WaterfallLine;
import java.math.BigDecimal;
import java.util.stream.Collectors;

/** The human-readable summary of a default report: the same figures as the JSON, one fact a line. */
final class ReportText {

    private ReportText() {}

    static String render(DefaultReport r) {
        StringBuilder s = new StringBuilder();
        s.append("Default case ")
                .append(r.caseId())
                .append(" - member ")
                .append(r.member())
                .append(" - ")
                .append(r.status())
                .append('\n');
        s.append("Proposed by ").append(r.proposedBy()).append(" at ").append(r.proposedAt());
        if (r.marginCall() != null) {
            s.append(" from escalated margin call ").append(r.marginCall());
        }
        s.append(": ").append(r.reason()).append('\n');
        if (r.declaredBy() != null) {
            s.append("Declared by ")
                    .append(r.declaredBy())
                    .append(" at ")
                    .append(r.declaredAt())
                    .append("; the member's accounts were frozen.\n");
        }
        if (!r.ported().isEmpty()) {
            s.append("Ported:\n");
            for (PortView p : r.ported()) {
                s.append("  ")
                        .append(p.account())
                        .append(" -> ")
                        .append(p.toAccount())
                        .append(" of ")
                        .append(p.toMember())
                        .append(": ")
                        .append(p.positions().size())
                        .append(p.positions().size() == 1 ? " position" : " positions")
                        .append(", collateral ")
                        .append(
                                p.collateral().isEmpty()
                                        ? "none"
                                        : p.collateral().stream()
                                                .map(ReportText::amount)
                                                .collect(Collectors.joining(", ")))
                        .append(" (consent: ")
                        .append(p.consent())
                        .append(")\n");
            }
        }
        if (!r.closeOuts().isEmpty()) {
            s.append("Closed out:\n");
            for (CloseOutLine l : r.closeOuts()) {
                s.append("  ")
                        .append(l.account())
                        .append(' ')
                        .append(l.product())
                        .append(' ')
                        .append(signed(l.quantity()))
                        .append(" @ ")
                        .append(l.price().toPlainString())
                        .append(" (entry ")
                        .append(l.averagePrice().toPlainString())
                        .append(", mark ")
                        .append(l.mark() == null ? "none" : l.mark().toPlainString())
                        .append(") ")
                        .append(l.method().equals("AUCTION") ? "auction " + l.auction() : "operator price")
                        .append(" -> ")
                        .append(l.takenBy())
                        .append('\n');
            }
        }
        for (AuctionLine a : r.auctions()) {
            s.append("Auction ")
                    .append(a.id())
                    .append(" (")
                    .append(a.underlying())
                    .append("): ")
                    .append(a.status())
                    .append(", ")
                    .append(a.bids())
                    .append(a.bids() == 1 ? " bid" : " bids");
            if (a.winner() != null) {
                s.append(", won by ")
                        .append(a.winner())
                        .append(" at ")
                        .append(a.winningPrices().entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue().toPlainString())
                                .collect(Collectors.joining(", ")))
                        .append(" (proposed by ")
                        .append(a.awardProposedBy())
                        .append(", approved by ")
                        .append(a.awardedBy())
                        .append(')');
            }
            s.append('\n');
        }
        LossLine loss = r.loss();
        WaterfallLine w = r.waterfall();
        if (loss != null && w != null) {
            String ccy = " " + w.currency();
            s.append("Trading result ")
                    .append(signed(loss.tradingResult()))
                    .append(ccy)
                    .append(" (variation to marks ")
                    .append(signed(loss.variationToMarks()))
                    .append(", close-out vs marks ")
                    .append(signed(loss.closeOutVsMarks()))
                    .append("); costs ")
                    .append(loss.costs().toPlainString())
                    .append("; loss ")
                    .append(loss.loss().toPlainString())
                    .append(ccy);
            if (loss.surplus().signum() > 0) {
                s.append("; surplus ")
                        .append(loss.surplus().toPlainString())
                        .append(ccy)
                        .append(" credited to the defaulter");
            }
            s.append('\n').append("Waterfall:\n");
            for (LayerLine l : w.layers()) {
                s.append(String.format(
                        "  %d %-24s capacity %14s  used %14s\n",
                        l.ordinal(),
                        l.layer(),
                        l.capacity().toPlainString(),
                        l.used().toPlainString()));
            }
            s.append("  covered ")
                    .append(w.covered().toPlainString())
                    .append(", uncovered ")
                    .append(w.uncovered().toPlainString())
                    .append(w.stoppedAt() == null ? "" : "; stopped at " + w.stoppedAt())
                    .append("; claim on the defaulter ")
                    .append(w.claimOnDefaulter().toPlainString())
                    .append(ccy)
                    .append('\n');
            if (!w.memberShares().isEmpty()) {
                s.append("Member shares:\n");
                for (MemberShare m : w.memberShares()) {
                    s.append(String.format(
                            "  %-12s default fund %12s  assessment %12s  total %12s\n",
                            m.member(),
                            m.defaultFund().toPlainString(),
                            m.assessment().toPlainString(),
                            m.total().toPlainString()));
                }
            }
        }
        if (r.defaulterCollateral() != null && !r.defaulterCollateral().isEmpty()) {
            s.append("Left in the defaulter's accounts: ")
                    .append(r.defaulterCollateral().stream()
                            .map(ReportText::amount)
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        if (r.closedBy() != null) {
            s.append("Closed by ")
                    .append(r.closedBy())
                    .append(" at ")
                    .append(r.closedAt())
                    .append('\n');
        }
        return s.toString();
    }

    private static String amount(Amount a) {
        return a.quantity().toPlainString() + " " + a.asset();
    }

    private static String signed(BigDecimal d) {
        return (d.signum() > 0 ? "+" : "") + d.toPlainString();
    }
}
