package io.concordia.clearing.settlement;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.settlement.SettlementDtos.AccountShare;
import io.concordia.clearing.settlement.SettlementDtos.InstructionRef;
import io.concordia.clearing.settlement.SettlementDtos.Net;
import io.concordia.clearing.settlement.SettlementDtos.Statement;
import io.concordia.clearing.settlement.SettlementDtos.StatementLine;
import io.concordia.settlement.calc.Direction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A member's statement of a cycle, read back exactly as the cycle wrote it. Members see finished (PUBLISHED) cycles
 * only; a cycle in which the member had nothing, another member's, and a missing one all answer 404.
 */
@ApplicationScoped
public class StatementService {

    @Inject
    AgroalDataSource dataSource;

    @Transactional
    public Statement statementOf(String memberCode, String cycleRef, boolean finishedOnly) {
        try (Connection c = dataSource.getConnection()) {
            long cycleId = CycleService.resolve(c, cycleRef);
            String cycleCode;
            Instant cutOff;
            try (var st = c.prepareStatement("SELECT code, cut_off, status FROM settlement_cycle WHERE id = ?")) {
                st.setLong(1, cycleId);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    if (finishedOnly && !CycleStatus.PUBLISHED.name().equals(rs.getString(3))) {
                        throw ApiProblem.notFound("settlement statement of cycle", cycleRef);
                    }
                    cycleCode = rs.getString(1);
                    cutOff = rs.getTimestamp(2).toInstant();
                }
            }
            Long memberId = null;
            try (var st = c.prepareStatement("SELECT id FROM member WHERE code = ?")) {
                st.setString(1, memberCode);
                try (var rs = st.executeQuery()) {
                    if (rs.next()) {
                        memberId = rs.getLong(1);
                    }
                }
            }
            if (memberId == null) {
                throw ApiProblem.notFound("settlement statement of cycle", cycleRef);
            }
            List<StatementLine> lines = new ArrayList<>();
            try (var st = c.prepareStatement("""
                    SELECT a.code, p.symbol, x.code, l.opening_quantity, l.reference_price, l.trade_count, l.traded_quantity,
                           l.traded_notional, l.settlement_price, l.closing_quantity, l.variation_margin, l.funding, l.fees
                      FROM settlement_statement_line l JOIN account a ON a.id = l.account_id JOIN product p ON p.id = l.product_id
                      JOIN asset x ON x.id = l.asset_id
                     WHERE l.cycle_id = ? AND l.account_id IN (SELECT id FROM account WHERE member_id = ?)
                     ORDER BY a.code, p.symbol""")) {
                st.setLong(1, cycleId);
                st.setLong(2, memberId);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        BigDecimal vm = rs.getBigDecimal(11);
                        BigDecimal funding = rs.getBigDecimal(12);
                        BigDecimal fees = rs.getBigDecimal(13);
                        lines.add(new StatementLine(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                plain(rs.getBigDecimal(4)),
                                plain(rs.getBigDecimal(5)),
                                rs.getInt(6),
                                plain(rs.getBigDecimal(7)),
                                plain(rs.getBigDecimal(8)),
                                plain(rs.getBigDecimal(9)),
                                plain(rs.getBigDecimal(10)),
                                plain(vm),
                                plain(funding),
                                plain(fees),
                                plain(vm.add(funding).add(fees))));
                    }
                }
            }
            List<AccountShare> shares = new ArrayList<>();
            try (var st = c.prepareStatement("""
                    SELECT a.code, x.code, x.scale, s.amount FROM settlement_account_amount s JOIN account a ON a.id = s.account_id
                      JOIN asset x ON x.id = s.asset_id WHERE s.cycle_id = ? AND s.member_id = ? ORDER BY a.code, x.code""")) {
                st.setLong(1, cycleId);
                st.setLong(2, memberId);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        shares.add(new AccountShare(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getBigDecimal(4).setScale(rs.getInt(3))));
                    }
                }
            }
            List<Net> nets = new ArrayList<>();
            try (var st = c.prepareStatement("""
                    SELECT x.code, x.scale, n.variation_margin, n.funding, n.fees, n.exact_net, n.rounded_net,
                           i.id, i.direction, i.amount, i.status
                      FROM settlement_net n JOIN asset x ON x.id = n.asset_id
                      LEFT JOIN settlement_instruction i ON i.cycle_id = n.cycle_id AND i.member_id = n.member_id AND i.asset_id = n.asset_id
                     WHERE n.cycle_id = ? AND n.member_id = ? ORDER BY x.code""")) {
                st.setLong(1, cycleId);
                st.setLong(2, memberId);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        int scale = rs.getInt(2);
                        long instruction = rs.getLong(8);
                        InstructionRef ref = rs.wasNull()
                                ? null
                                : new InstructionRef(
                                        instruction,
                                        Direction.valueOf(rs.getString(9)),
                                        rs.getBigDecimal(10).setScale(scale),
                                        InstructionStatus.valueOf(rs.getString(11)));
                        nets.add(new Net(
                                rs.getString(1),
                                plain(rs.getBigDecimal(3)),
                                plain(rs.getBigDecimal(4)),
                                plain(rs.getBigDecimal(5)),
                                plain(rs.getBigDecimal(6)),
                                rs.getBigDecimal(7).setScale(scale),
                                ref));
                    }
                }
            }
            if (lines.isEmpty() && nets.isEmpty()) {
                throw ApiProblem.notFound("settlement statement of cycle", cycleRef);
            }
            return new Statement(cycleCode, cutOff, memberCode, lines, shares, nets);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * The statement as CSV (RFC 4180, header first). The first column names the record: {@code POSITION} lines carry
     * the position columns, {@code ACCOUNT} lines an account's share ({@code net}), {@code NET} lines the member's net per
     * currency with its instruction; columns a record does not use are empty.
     */
    public static String csv(Statement s) {
        StringBuilder out = new StringBuilder();
        row(
                out,
                "record",
                "cycle",
                "member",
                "account",
                "product",
                "currency",
                "openingQuantity",
                "referencePrice",
                "tradeCount",
                "tradedQuantity",
                "tradedNotional",
                "settlementPrice",
                "closingQuantity",
                "variationMargin",
                "funding",
                "fees",
                "total",
                "exactNet",
                "net",
                "direction",
                "instructionId",
                "instructionStatus");
        for (StatementLine l : s.lines()) {
            row(
                    out,
                    "POSITION",
                    s.cycle(),
                    s.member(),
                    l.account(),
                    l.product(),
                    l.currency(),
                    str(l.openingQuantity()),
                    str(l.referencePrice()),
                    Integer.toString(l.tradeCount()),
                    str(l.tradedQuantity()),
                    str(l.tradedNotional()),
                    str(l.settlementPrice()),
                    str(l.closingQuantity()),
                    str(l.variationMargin()),
                    str(l.funding()),
                    str(l.fees()),
                    str(l.total()),
                    "",
                    "",
                    "",
                    "",
                    "");
        }
        for (AccountShare a : s.accounts()) {
            row(
                    out,
                    "ACCOUNT",
                    s.cycle(),
                    s.member(),
                    a.account(),
                    "",
                    a.currency(),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    str(a.amount()),
                    "",
                    "",
                    "");
        }
        for (Net n : s.nets()) {
            InstructionRef i = n.instruction();
            row(
                    out,
                    "NET",
                    s.cycle(),
                    s.member(),
                    "",
                    "",
                    n.currency(),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    str(n.variationMargin()),
                    str(n.funding()),
                    str(n.fees()),
                    "",
                    str(n.exactNet()),
                    str(n.net()),
                    i == null ? "" : i.direction().name(),
                    i == null ? "" : Long.toString(i.id()),
                    i == null ? "" : i.status().name());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String cell = cells[i];
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        out.append("\r\n");
    }

    private static String str(BigDecimal d) {
        return d == null ? "" : d.toPlainString();
    }

    private static BigDecimal plain(BigDecimal d) {
        return CycleService.plain(d);
    }
}
