package io.concordia.clearing.ledger;

import io.concordia.clearing.common.Row;
import java.sql.SQLException;

/**
 * A ledger account: a member account's collateral (unallocated, or in an isolated bucket) or settlement balance, a
 * member's own default fund or assessments, or one of the CCP's own books. Ledger accounts are only ever inserted.
 *
 * @param accountId the member account it belongs to; {@code null} for member-level and CCP kinds
 * @param memberId the member of a member-level kind ({@link LedgerAccountKind#memberLevel()}); {@code null} otherwise
 * @param productId the product of an isolated bucket; {@code null} for every other kind
 */
public record LedgerAccount(
        long id,
        String code,
        LedgerAccountKind kind,
        Long accountId,
        Long memberId,
        Long productId,
        boolean nonNegative) {

    /** The columns {@link #of} reads, of a {@code ledger_account} aliased {@code la}. */
    public static final String COLUMNS =
            "la.id, la.code, la.kind, la.account_id, la.member_id, la.product_id, la.non_negative";

    /** Reads a row selecting {@link #COLUMNS}. */
    public static LedgerAccount of(Row row) throws SQLException {
        return new LedgerAccount(
                row.longValue("id"),
                row.string("code"),
                row.enumValue("kind", LedgerAccountKind.class),
                row.nullableLong("account_id"),
                row.nullableLong("member_id"),
                row.nullableLong("product_id"),
                row.bool("non_negative"));
    }
}
