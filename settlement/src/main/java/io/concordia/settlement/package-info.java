/**
 * Settlement: variation margin per position, funding for perpetuals, clearing fees, netting per member
 * and currency across venues, the balanced ledger entries that book a cycle, and the instructions it
 * issues.
 *
 * <p>Pure Java: no framework, no clock, no random source. Sign convention: quantities {@code +} long;
 * cash amounts {@code +} received by the member, {@code -} paid by the member.
 */
package io.concordia.settlement;
