package io.concordia.clearing.ledger;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Request and response bodies of the collateral endpoints. Quantities are decimal strings in asset units;
 * ledger amounts are signed: {@code +} received by the member's account, {@code -} taken from it.
 */
public final class LedgerDtos {

    private LedgerDtos() {}

    /** A confirmed receipt of collateral; {@code reference} is the custodian's or bank's reference. */
    public record Deposit(
            @NotNull String asset,
            @NotNull BigDecimal quantity,
            @NotBlank @Size(max = 200) String reference) {}

    public record DepositReceipt(long entryId, String account, String asset, BigDecimal quantity, BigDecimal balance) {}

    public record WithdrawalRequest(
            @NotNull String asset, @NotNull BigDecimal quantity) {}

    public record Rejection(@NotBlank @Size(max = 500) String reason) {}

    public record Withdrawal(
            long id,
            String account,
            String asset,
            BigDecimal quantity,
            WithdrawalStatus status,
            String requestedBy,
            Instant requestedAt,
            String decidedBy,
            Instant decidedAt,
            String reason) {}

    /** The account's collateral in one asset, at the asset's scale. */
    /** Collateral to move into or out of an isolated bucket. */
    public record BucketMove(@NotNull String asset, @NotNull BigDecimal quantity) {}

    /** What a bucket holds of one asset. */
    public record BucketBalance(String product, String asset, BigDecimal quantity) {}

    public record Balance(String asset, BigDecimal quantity) {}

    /** One ledger movement of the account's collateral. {@code amount}: + into the account, - out of it. */
    public record LedgerLine(
            long entryId, EntryKind kind, String reference, String asset, BigDecimal amount, Instant at) {}
}
