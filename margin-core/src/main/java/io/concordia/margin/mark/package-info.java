/**
 * The harmonized mark: one price per product from its venues' latest prices (stale prices and outliers dropped, a
 * minimum number of sources, the median, and a guard that holds a move too large for an operator), and the implied
 * volatility of an option's mark taken the same way. The margin model values every position at this mark, whichever
 * venue the trade came from. Pure: the time, the prices and the marks in force are passed in.
 */
package io.concordia.margin.mark;
