/**
 * Novation's arithmetic: what one fill does to a member's position in a product (quantity, volume-weighted entry
 * price, realized P&L), and closing a position at a final price. The clearing service keeps its positions with it;
 * this package holds no state and knows no framework.
 */
package io.concordia.settlement.novation;
