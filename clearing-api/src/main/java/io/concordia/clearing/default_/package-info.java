/**
 * Default management (docs/architecture.md, "Data flow" 5): the default fund, and a member's default from proposal to report.
 *
 * <p>Lifecycle, each step one audited transaction that moves the case's status, so a crash between steps leaves the
 * case at the last step that committed and a repeated step is refused with {@code 409 DEFAULT_CASE_STATE}:
 * PROPOSED (an operator, with a reason) → DECLARED (a different person with the risk-officer role; the member becomes
 * DEFAULTED and its accounts FROZEN) → client accounts ported → CLOSING_OUT (positions closed into the CCP's
 * default-management account at operator prices, or auctioned per underlying and awarded under four-eyes) →
 * CLOSED_OUT → LOSS_ALLOCATED (the waterfall) → CLOSED (the report is frozen).
 *
 * <p>Conventions. Quantities: product units, {@code +} long. Prices: USD per unit. A defaulter's trading result:
 * {@code +} gained by the defaulter. Losses, costs, capacities, uses and charges: non-negative magnitudes in the
 * configured currency; a loss rounds up and a surplus rounds down at the currency's scale. Ledger amounts: the change of
 * the named ledger account's balance.
 */
package io.concordia.clearing.default_;
