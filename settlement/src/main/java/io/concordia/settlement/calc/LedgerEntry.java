package io.concordia.settlement.calc;

import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A balanced journal entry (docs/architecture.md invariant I1): its postings sum to exactly zero per currency, no posting is
 * zero, and no ledger account appears twice for the same currency.
 *
 * @param reference stable reference, unique per cycle and currency (e.g. {@code 2026-11-25T12:00Z/USD}); the
 *     service can key idempotency on it
 * @param postings the postings, in ledger account order
 */
public record LedgerEntry(String reference, List<Posting> postings) {

    /** Validates balance. @throws IllegalArgumentException if unbalanced, empty or with a duplicate account */
    public LedgerEntry {
        Checks.notNull(reference, "reference");
        Checks.noNulls(postings, "postings of " + reference);
        if (postings.isEmpty()) {
            throw new IllegalArgumentException("postings of " + reference + " must not be empty");
        }
        Set<List<Object>> seen = new HashSet<>();
        for (Posting p : postings) {
            if (!seen.add(List.of(p.account(), p.currency()))) {
                throw new IllegalArgumentException(
                        "postings of " + reference + " name " + p.account().code() + " twice in " + p.currency());
            }
        }
        totals(postings).forEach((c, sum) -> {
            if (sum.signum() != 0) {
                throw new IllegalArgumentException(
                        "postings of " + reference + " must sum to 0 in " + c + ", got: " + sum.toPlainString());
            }
        });
        postings = List.copyOf(postings);
    }

    /**
     * Sum of postings per currency.
     *
     * @param postings postings
     * @return the sums, by currency
     */
    public static Map<AssetCode, BigDecimal> totals(List<Posting> postings) {
        Map<AssetCode, BigDecimal> sums = new TreeMap<>();
        for (Posting p : postings) {
            sums.merge(p.currency(), p.amount(), BigDecimal::add);
        }
        return sums;
    }

    /**
     * The posting to an account in a currency.
     *
     * @param account the account
     * @param currency the currency
     * @return its amount, or 0 if the entry has no such posting
     */
    public BigDecimal amount(LedgerAccountRef account, AssetCode currency) {
        for (Posting p : postings) {
            if (p.account().equals(account) && p.currency().equals(currency)) {
                return p.amount();
            }
        }
        return BigDecimal.ZERO;
    }
}
