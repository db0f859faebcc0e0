package io.concordia.clearing.settlement;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Sql;
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
import java.time.Instant;
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
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            long cycleId = CycleReads.resolve(c, cycleRef);
            record Head(String code, Instant cutOff, CycleStatus status) {}
            Head cycle = sql.one(
                    "SELECT code, cut_off, status FROM settlement_cycle WHERE id = ?",
                    row -> new Head(
                            row.string("code"), row.instant("cut_off"), row.enumValue("status", CycleStatus.class)),
                    cycleId);
            if (finishedOnly && cycle.status() != CycleStatus.PUBLISHED) {
                throw ApiProblem.notFound("settlement statement of cycle", cycleRef);
            }
            long memberId = sql.first("SELECT id FROM member WHERE code = ?", row -> row.longValue("id"), memberCode)
                    .orElseThrow(() -> ApiProblem.notFound("settlement statement of cycle", cycleRef));
            List<StatementLine> lines = sql.list(
                    """
                    SELECT a.code AS account, p.symbol, x.code AS asset, l.opening_quantity, l.reference_price, l.trade_count,
                           l.traded_quantity, l.traded_notional, l.settlement_price, l.closing_quantity, l.variation_margin,
                           l.funding, l.fees
                      FROM settlement_statement_line l JOIN account a ON a.id = l.account_id JOIN product p ON p.id = l.product_id
                      JOIN asset x ON x.id = l.asset_id
                     WHERE l.cycle_id = ? AND l.account_id IN (SELECT id FROM account WHERE member_id = ?)
                     ORDER BY a.code, p.symbol""",
                    row -> {
                        BigDecimal vm = row.decimal("variation_margin");
                        BigDecimal funding = row.decimal("funding");
                        BigDecimal fees = row.decimal("fees");
                        return new StatementLine(
                                row.string("account"),
                                row.string("symbol"),
                                row.string("asset"),
                                plain(row.decimal("opening_quantity")),
                                plain(row.decimal("reference_price")),
                                row.intValue("trade_count"),
                                plain(row.decimal("traded_quantity")),
                                plain(row.decimal("traded_notional")),
                                plain(row.decimal("settlement_price")),
                                plain(row.decimal("closing_quantity")),
                                plain(vm),
                                plain(funding),
                                plain(fees),
                                plain(vm.add(funding).add(fees)));
                    },
                    cycleId,
                    memberId);
            List<AccountShare> shares = sql.list(
                    """
                    SELECT a.code AS account, x.code AS asset, x.scale, s.amount
                      FROM settlement_account_amount s JOIN account a ON a.id = s.account_id
                      JOIN asset x ON x.id = s.asset_id WHERE s.cycle_id = ? AND s.member_id = ? ORDER BY a.code, x.code""",
                    row -> new AccountShare(
                            row.string("account"),
                            row.string("asset"),
                            row.decimal("amount").setScale(row.intValue("scale"))),
                    cycleId,
                    memberId);
            List<Net> nets = sql.list(
                    """
                    SELECT x.code AS asset, x.scale, n.variation_margin, n.funding, n.fees, n.exact_net, n.rounded_net,
                           i.id AS instruction_id, i.direction, i.amount AS instruction_amount, i.status AS instruction_status
                      FROM settlement_net n JOIN asset x ON x.id = n.asset_id
                      LEFT JOIN settlement_instruction i ON i.cycle_id = n.cycle_id AND i.member_id = n.member_id AND i.asset_id = n.asset_id
                     WHERE n.cycle_id = ? AND n.member_id = ? ORDER BY x.code""",
                    row -> {
                        int scale = row.intValue("scale");
                        Long instruction = row.nullableLong("instruction_id");
                        InstructionRef ref = instruction == null
                                ? null
                                : new InstructionRef(
                                        instruction,
                                        row.enumValue("direction", Direction.class),
                                        row.decimal("instruction_amount").setScale(scale),
                                        row.enumValue("instruction_status", InstructionStatus.class));
                        return new Net(
                                row.string("asset"),
                                plain(row.decimal("variation_margin")),
                                plain(row.decimal("funding")),
                                plain(row.decimal("fees")),
                                plain(row.decimal("exact_net")),
                                row.decimal("rounded_net").setScale(scale),
                                ref);
                    },
                    cycleId,
                    memberId);
            if (lines.isEmpty() && nets.isEmpty()) {
                throw ApiProblem.notFound("settlement statement of cycle", cycleRef);
            }
            return new Statement(cycle.code(), cycle.cutOff(), memberCode, lines, shares, nets);
        });
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
        return CycleReads.plain(d);
    }
}
