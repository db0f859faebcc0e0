package io.concordia.clearing.default_;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.default_.DefaultDtos.ChargeView;
import io.concordia.clearing.default_.DefaultDtos.Contribution;
import io.concordia.clearing.default_.DefaultDtos.DefaultFundView;
import io.concordia.clearing.default_.DefaultDtos.MyContribution;
import io.concordia.clearing.default_.DefaultDtos.SizingLine;
import io.concordia.clearing.default_.DefaultDtos.SizingView;
import io.concordia.clearing.ledger.EntryKind;
import io.concordia.clearing.ledger.JournalEntryEntity;
import io.concordia.clearing.ledger.LedgerAccountEntity;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        LedgerAccountEntity fund = ledger.memberAccount(member, LedgerAccountKind.MEMBER_DEFAULT_FUND);
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
        try (Connection c = dataSource.getConnection()) {
            List<Contribution> contributions = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO.setScale(asset.scale);
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.code, m.status, b.balance FROM ledger_account la JOIN member m ON m.id = la.member_id
                      JOIN ledger_balance b ON b.ledger_account_id = la.id AND b.asset_id = ?
                     WHERE la.kind = 'MEMBER_DEFAULT_FUND' AND b.balance <> 0 ORDER BY m.code""")) {
                ps.setLong(1, asset.id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        BigDecimal amount = rs.getBigDecimal(3).setScale(asset.scale, RoundingMode.UNNECESSARY);
                        contributions.add(new Contribution(rs.getString(1), rs.getString(2), amount));
                        total = total.add(amount);
                    }
                }
            }
            BigDecimal skin = balance(c, LedgerAccountKind.CCP_SKIN_IN_THE_GAME, asset);
            return new DefaultFundView(asset.code, skin, config.assessmentMultiple(), total, contributions);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Cover-2: each member's stressed loss (the worst loss of the stress scenarios behind its stored margin, {@code
     * IM_stress / stressWeight}, summed over its accounts) beyond its IM; the fund is the sum of the two largest, allocated
     * pro rata to IM by the settlement library's {@link DefaultFundSizing}.
     */
    @Transactional
    public SizingView sizing() {
        AssetEntity asset = currency();
        int scale = asset.scale;
        try (Connection c = dataSource.getConnection()) {
            Map<MemberCode, BigDecimal> im = new TreeMap<>();
            Map<MemberCode, BigDecimal> stressed = new TreeMap<>();
            Map<MemberCode, BigDecimal> beyond = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.code, sum(am.im),
                           sum(CASE WHEN (s.body ->> 'stressWeight')::numeric > 0
                                    THEN coalesce(am.im_stress, (SELECT sum((b -> 'components' ->> 'imStress')::numeric)
                                                                   FROM jsonb_array_elements(am.buckets) b), 0)
                                         / (s.body ->> 'stressWeight')::numeric
                                    ELSE 0 END)
                      FROM account_margin am JOIN account a ON a.id = am.account_id JOIN member m ON m.id = a.member_id
                      JOIN margin_schedule s ON s.version = am.schedule_version
                     WHERE m.status <> 'DEFAULTED' AND NOT m.is_ccp AND a.status <> 'CLOSED'
                     GROUP BY m.code HAVING sum(am.im) > 0""")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        MemberCode m = MemberCode.of(rs.getString(1));
                        BigDecimal memberIm = rs.getBigDecimal(2).setScale(scale, RoundingMode.CEILING);
                        // a loss is a requirement: rounded up
                        BigDecimal loss = rs.getBigDecimal(3).setScale(scale, RoundingMode.CEILING);
                        im.put(m, memberIm);
                        stressed.put(m, loss);
                        beyond.put(m, loss.subtract(memberIm).max(BigDecimal.ZERO.setScale(scale)));
                    }
                }
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
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** What defaults charged the member: its contribution used by the mutual-fund layer and its assessments. */
    @Transactional
    public List<ChargeView> chargesOf(String memberCode) {
        MemberEntity member = members.require(memberCode);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT d.id, dm.code, a.code, a.scale,
                       coalesce(sum(ch.amount) FILTER (WHERE ch.layer = 'MUTUAL_FUND'), 0),
                       coalesce(sum(ch.amount) FILTER (WHERE ch.layer = 'ASSESSMENTS'), 0), d.loss_allocated_at
                  FROM default_member_charge ch JOIN default_case d ON d.id = ch.case_id JOIN member dm ON dm.id = d.member_id
                  JOIN asset a ON a.id = d.asset_id
                 WHERE ch.member_id = ? GROUP BY d.id, dm.code, a.code, a.scale, d.loss_allocated_at ORDER BY d.id DESC""")) {
            ps.setLong(1, member.id);
            List<ChargeView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int scale = rs.getInt(4);
                    BigDecimal fund = rs.getBigDecimal(5).setScale(scale, RoundingMode.UNNECESSARY);
                    BigDecimal assessment = rs.getBigDecimal(6).setScale(scale, RoundingMode.UNNECESSARY);
                    out.add(new ChargeView(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            fund,
                            assessment,
                            fund.add(assessment),
                            CaseStore.instant(rs, 7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public MyContribution contributionOf(String memberCode) {
        MemberEntity member = members.require(memberCode);
        AssetEntity asset = currency();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT b.balance FROM ledger_account la JOIN ledger_balance b ON b.ledger_account_id = la.id AND b.asset_id = ?
                 WHERE la.kind = 'MEMBER_DEFAULT_FUND' AND la.member_id = ?""")) {
            ps.setLong(1, asset.id);
            ps.setLong(2, member.id);
            try (ResultSet rs = ps.executeQuery()) {
                BigDecimal amount = rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO;
                return new MyContribution(asset.code, amount.setScale(asset.scale, RoundingMode.UNNECESSARY));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Books the difference between {@code target} and the account's balance against custody, once per account and
     * {@code reference} (the payment or decision behind it): a repeat with the same target books nothing again, one with
     * another target is refused ({@code 409 REFERENCE_REUSED}).
     *
     * @return the balance before, or null for a repeat
     */
    private BigDecimal set(
            LedgerAccountEntity account,
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
        JournalEntryEntity entry = null;
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

    private static BigDecimal balance(Connection c, LedgerAccountKind kind, AssetEntity asset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT b.balance FROM ledger_account la JOIN ledger_balance b ON b.ledger_account_id = la.id AND b.asset_id = ?
                 WHERE la.kind = ?""")) {
            ps.setLong(1, asset.id);
            ps.setString(2, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                return (rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO)
                        .setScale(asset.scale, RoundingMode.UNNECESSARY);
            }
        }
    }
}
