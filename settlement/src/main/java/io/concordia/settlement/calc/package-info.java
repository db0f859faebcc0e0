/**
 * Stateless settlement calculators and their results: the settlement cycle ({@link
 * io.concordia.settlement.calc.SettlementCalculator}), the default waterfall ({@link
 * io.concordia.settlement.calc.WaterfallCalculator}) and Cover-2 default-fund sizing ({@link
 * io.concordia.settlement.calc.DefaultFundSizing}). Each has a {@code DEFAULT} instance and holds no state.
 *
 * <p><b>Money.</b> Exact {@link java.math.BigDecimal} throughout, no {@code double}. Per-position figures are exact;
 * rounding happens at named sites only, at the currency scale: a member's net payment rounds up in magnitude
 * ({@link java.math.RoundingMode#UP}), a payout rounds down ({@link java.math.RoundingMode#DOWN}), the residue goes
 * to the CCP's rounding account; waterfall losses round up, resources down; pro-rata splits use the largest
 * remainder method ({@link io.concordia.settlement.calc.Allocation}) so parts sum exactly to the whole.
 *
 * <p><b>Sign convention.</b> Cash {@code +} received by the member, {@code -} paid by the member; ledger postings
 * are the change of the named account's balance. See {@link io.concordia.settlement.model}.
 */
package io.concordia.settlement.calc;
