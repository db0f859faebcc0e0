package io.concordia.clearing.default_;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.default_.DefaultDtos.ChargeView;
import io.concordia.clearing.default_.DefaultDtos.Contribution;
import io.concordia.clearing.default_.DefaultDtos.DefaultFundView;
import io.concordia.clearing.default_.DefaultDtos.MyContribution;
import io.concordia.clearing.default_.DefaultDtos.SizingLine;
import io.concordia.clearing.default_.DefaultDtos.SizingView;
import io.concordia.clearing.ledger.EntryKind;
import io.concordia.clearing.ledger.JournalEntry;
import io.concordia.clearing.ledger.LedgerAccount;
import io.concordia.clearing.ledger.LedgerAccountKind;
import io.concordia.clearing.ledger.LedgerService;
import io.concordia.clearing.ledger.LedgerService.Leg;
import io.concordia.clearing.member.MemberEntity;
import io.concordia.clearing.member.MemberService;
import io.concordia.clearing.member.MemberStatus;
import io.concordia.clearing.refdata.AssetEntity;
import io.concordia.clearing.refdata.RefDataService;
import io.concordia.settlement.calc.Cover2Result;
import io.concordia.settlement.calc.DefaultFundSizing;
import io.concordia.settlement.model.Cover2Input;
import io.concordia.settlement.model.MemberCode;
import io.concordia.types.AssetCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default fund: members' contributions and the CCP's skin in the game, set by operators (audited, each change a
 * journal entry against custody: a contribution received, or returned), the Cover-2 sizing report, and what defaults
 * charged each member.
 */
@ApplicationScoped
public class DefaultFundService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DefaultConfig config;

    @Inject
    RefDataService refData;

    @Inject
    MemberService members;

    @Inject
    LedgerService ledger;

    @Inject
    AuditService audit;

    /** Sets the member's contribution; the difference to what it holds is received into or returned from the fund. */
    @Transactional
    public Contribution setContribution(String memberCode, BigDecimal amount, String reference) {
        MemberEntity member = members.require(memberCode);
        if (member.ccp) {
            throw ApiProblem.of(
                    ProblemCode.CCP_MEMBER, "the CCP contributes through its skin in the game, not the mutual fund");
        }
        if (member.status == MemberStatus.DEFAULTED) {
            throw ApiProblem.of(
                    ProblemCode.MEMBER_DEFAULTED,
                    "member '" + memberCode + "' is in default; its contribution is the " + "waterfall's");
        }
        AssetEntity asset = currency();
        BigDecimal target = nonNegative(amount, asset);
        LedgerAccount fund = ledger.memberAccount(member, LedgerAccountKind.MEMBER_DEFAULT_FUND);
        Contribution after = new Contribution(memberCode, member.status.name(), target);
        BigDecimal before = set(
                fund,
                asset,
                target,
                EntryKind.DEFAULT_FUND_CONTRIBUTION,
                reference,
                "default-fund:" + memberCode + ":");
        if (before != null) {
            audit.record(
                    "SET_DEFAULT_FUND_CONTRIBUTION",
                    "member",
                    memberCode,
                    new Contribution(memberCode, member.status.name(), before),
                    Map.of("contribution", after, "reference", reference));
        }
        return after;
    }

    /** Sets the CCP's capital committed ahead of the mutual fund. */
    @Transactional
    public DefaultFundView setSkinInTheGame(BigDecimal amount, String reference) {
        AssetEntity asset = currency();
        BigDecimal target = nonNegative(amount, asset);
        BigDecimal before = set(
                ledger.ccp(LedgerAccountKind.CCP_SKIN_IN_THE_GAME),
                asset,
                target,
                EntryKind.SKIN_IN_THE_GAME,
                reference,
                "skin-in-the-game:");
        if (before != null) {
            audit.record(
                    "SET_SKIN_IN_THE_GAME",
                    "default-fund",
                    "skin-in-the-game",
                    Map.of("amount", before),
                    Map.of("amount", target, "reference", reference));
        }
        return view();
    }

    @Transactional
    public DefaultFundView view() {
        AssetEntity asset = currency();
        return Jdbc.with(dataSource, c -> {
            List<Contribution> contributions = Sql.on(c)
                    .list(
                            """
                            SELECT m.code AS member, m.status, b.balance FROM ledger_account la JOIN member m ON m.id = la.member_id
                              JOIN ledger_balance b ON b.ledger_account_id = la.id AND b.asset_id = ?
                             WHERE la.kind = 'MEMBER_DEFAULT_FUND' AND b.balance <> 0 ORDER BY m.code""",
                            row -> new Contribution(
                                    row.string("member"),
                                    row.string("status"),
                                    row.decimal("balance").setScale(asset.scale, RoundingMode.UNNECESSARY)),
                            asset.id);
            BigDecimal total = BigDecimal.ZERO.setScale(asset.scale);
            for (Contribution k : contributions) {
                total = total.add(k.amount());
            }
            BigDecimal skin = balance(c, LedgerAccountKind.CCP_SKIN_IN_THE_GAME, asset);
            return new DefaultFundView(asset.code, skin, config.assessmentMultiple(), total, contributions);
        });
    }

    /** A member's stored margin, and its stressed loss, before rounding. */
    private record MemberMargin(MemberCode member, BigDecimal im, BigDecimal stressedLoss) {}

    /**
     * Cover-2: each member's stressed loss (the worst loss of the stress scenarios behind its stored margin, {@code
     * IM_stress / stressWeight}, summed over its accounts) beyond its IM; the fund is the sum of the two largest, allocated
     * pro rata to IM by the settlement library's {@link DefaultFundSizing}.
     */
    @Transactional
    public SizingView sizing() {
        AssetEntity asset = currency();
        int scale = asset.scale;
        List<MemberMargin> margins = Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .list(
                                """
                                SELECT m.code AS member, sum(am.im) AS im,
                                       sum(CASE WHEN (s.body ->> 'stressWeight')::numeric > 0
                                                THEN coalesce(am.im_stress, (SELECT sum((b -> 'components' ->> 'imStress')::numeric)
                                                                               FROM jsonb_array_elements(am.buckets) b), 0)
                                                     / (s.body ->> 'stressWeight')::numeric
                                                ELSE 0 END) AS stressed_loss
                                  FROM account_margin am JOIN account a ON a.id = am.account_id JOIN member m ON m.id = a.member_id
                                  JOIN margin_schedule s ON s.version = am.schedule_version
                                 WHERE m.status <> 'DEFAULTED' AND NOT m.is_ccp AND a.status <> 'CLOSED'
                                 GROUP BY m.code HAVING sum(am.im) > 0""",
                                row -> new MemberMargin(
                                        MemberCode.of(row.string("member")),
                                        row.decimal("im"),
                                        row.decimal("stressed_loss"))));
        Map<MemberCode, BigDecimal> im = new TreeMap<>();
        Map<MemberCode, BigDecimal> stressed = new TreeMap<>();
        Map<MemberCode, BigDecimal> beyond = new TreeMap<>();
        for (MemberMargin margin : margins) {
            MemberCode m = margin.member();
            BigDecimal memberIm = margin.im().setScale(scale, RoundingMode.CEILING);
            // a loss is a requirement: rounded up
            BigDecimal loss = margin.stressedLoss().setScale(scale, RoundingMode.CEILING);
            im.put(m, memberIm);
            stressed.put(m, loss);
            beyond.put(m, loss.subtract(memberIm).max(BigDecimal.ZERO.setScale(scale)));
        }
        Cover2Result result =
                DefaultFundSizing.DEFAULT.cover2(new Cover2Input(AssetCode.of(asset.code), scale, beyond, im));
        Map<String, BigDecimal> current = new TreeMap<>();
        BigDecimal currentTotal = BigDecimal.ZERO.setScale(scale);
        for (Contribution k : view().contributions()) {
            if (!k.status().equals("DEFAULTED")) {
                current.put(k.member(), k.amount());
                currentTotal = currentTotal.add(k.amount());
            }
        }
        List<SizingLine> lines = new ArrayList<>();
        for (MemberCode m : im.keySet()) {
            lines.add(new SizingLine(
                    m.code(),
                    im.get(m),
                    stressed.get(m),
                    beyond.get(m),
                    current.getOrDefault(m.code(), BigDecimal.ZERO.setScale(scale)),
                    result.contributions().get(m)));
        }
        BigDecimal fund = result.fundSize().setScale(scale);
        return new SizingView(
                asset.code,
                result.largest().stream().map(MemberCode::code).toList(),
                fund,
                currentTotal,
                fund.subtract(currentTotal).max(BigDecimal.ZERO.setScale(scale)),
                lines,
                "stored margins: stressed loss = IM_stress / stressWeight per account, summed per member; members in default "
                        + "and closed accounts excluded");
    }

    /** What defaults charged the member: its contribution used by the mutual-fund layer and its assessments. */
    @Transactional
    public List<ChargeView> chargesOf(String memberCode) {
        MemberEntity member = members.require(memberCode);
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .list(
                                """
                                SELECT d.id AS case_id, dm.code AS defaulter, a.code AS asset, a.scale,
                                       coalesce(sum(ch.amount) FILTER (WHERE ch.layer = 'MUTUAL_FUND'), 0) AS mutual_fund,
                                       coalesce(sum(ch.amount) FILTER (WHERE ch.layer = 'ASSESSMENTS'), 0) AS assessments,
                                       d.loss_allocated_at
                                  FROM default_member_charge ch JOIN default_case d ON d.id = ch.case_id JOIN member dm ON dm.id = d.member_id
                                  JOIN asset a ON a.id = d.asset_id
                                 WHERE ch.member_id = ? GROUP BY d.id, dm.code, a.code, a.scale, d.loss_allocated_at ORDER BY d.id DESC""",
                                row -> {
                                    int scale = row.intValue("scale");
                                    BigDecimal fund =
                                            row.decimal("mutual_fund").setScale(scale, RoundingMode.UNNECESSARY);
                                    BigDecimal assessment =
                                            row.decimal("assessments").setScale(scale, RoundingMode.UNNECESSARY);
                                    return new ChargeView(
                                            row.longValue("case_id"),
                                            row.string("defaulter"),
                                            row.string("asset"),
                                            fund,
                                            assessment,
                                            fund.add(assessment),
                                            row.instant("loss_allocated_at"));
                                },
                                member.id));
    }

    @Transactional
    public MyContribution contributionOf(String memberCode) {
        MemberEntity member = members.require(memberCode);
        AssetEntity asset = currency();
        BigDecimal amount = Jdbc.with(
                        dataSource, c -> Sql.on(c).first("""
                                        SELECT b.balance FROM ledger_account la JOIN ledger_balance b ON b.ledger_account_id = la.id AND b.asset_id = ?
                                         WHERE la.kind = 'MEMBER_DEFAULT_FUND' AND la.member_id = ?""", row -> row.decimal("balance"), asset.id, member.id))
                .orElse(BigDecimal.ZERO);
        return new MyContribution(asset.code, amount.setScale(asset.scale, RoundingMode.UNNECESSARY));
    }

    /**
     * Books the difference between {@code target} and the account's balance against custody, once per account and
     * {@code reference} (the payment or decision behind it): a repeat with the same target books nothing again, one with
     * another target is refused ({@code 409 REFERENCE_REUSED}).
     *
     * @return the balance before, or null for a repeat
     */
    private BigDecimal set(
            LedgerAccount account,
            AssetEntity asset,
            BigDecimal target,
            EntryKind kind,
            String reference,
            String entryPrefix) {
        LedgerService.ExternalBooking booking = ledger.claimReference(account, kind, reference, asset, target);
        if (booking.repeat()) {
            return null;
        }
        BigDecimal before = ledger.lockedBalance(account, asset)
                .orElse(BigDecimal.ZERO)
                .setScale(asset.scale, RoundingMode.UNNECESSARY);
        BigDecimal change = target.subtract(before);
        JournalEntry entry = null;
        if (change.signum() != 0) {
            String entryReference = entryPrefix + reference;
            entry = ledger.post(
                    kind,
                    entryReference.length() > 200 ? entryReference.substring(0, 200) : entryReference,
                    List.of(
                            new Leg(account, asset, change),
                            new Leg(ledger.ccp(LedgerAccountKind.CCP_CUSTODY), asset, change.negate())));
        }
        ledger.completeReference(booking, entry, target);
        return before;
    }

    private AssetEntity currency() {
        return refData.requireAsset(config.currency());
    }

    private static BigDecimal nonNegative(BigDecimal amount, AssetEntity asset) {
        if (amount.signum() < 0) {
            throw ApiProblem.of(
                    ProblemCode.NEGATIVE_AMOUNT, "amount must be zero or more, was " + amount.toPlainString());
        }
        return Decimals.atScale(amount, asset.scale, "amount");
    }

    private static BigDecimal balance(Connection c, LedgerAccountKind kind, AssetEntity asset) {
        return Sql.on(c)
                .first("""
                        SELECT b.balance FROM ledger_account la JOIN ledger_balance b ON b.ledger_account_id = la.id AND b.asset_id = ?
                         WHERE la.kind = ?""", row -> row.decimal("balance"), asset.id, kind)
                .orElse(BigDecimal.ZERO)
                .setScale(asset.scale, RoundingMode.UNNECESSARY);
    }
}
