package io.concordia.settlement.calc;

import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;

/**
 * One line of a ledger entry: the change of a ledger account's balance in one currency. For a member's collateral
 * {@code +} means the member receives; for a CCP account {@code +} means the CCP's account grows. Never 0 (the
 * ledger refuses zero postings).
 *
 * @param account the ledger account
 * @param currency the currency
 * @param amount signed change, at the currency scale, not 0
 */
public record Posting(LedgerAccountRef account, AssetCode currency, BigDecimal amount) {

    /** Validates. @throws IllegalArgumentException on nulls or a zero amount */
    public Posting {
        Checks.notNull(account, "account");
        Checks.notNull(currency, "currency of posting to " + account.code());
        Checks.nonZero(amount, "amount of posting to " + account.code());
    }
}
