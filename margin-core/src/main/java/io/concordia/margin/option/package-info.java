/**
 * Option pricing of docs/margin-model.md §8: the standard normal distribution (through W. J. Cody's rational
 * approximations of {@code erfc}, accurate to about 1e-16), Black-76 with zero rates and its Greeks, and the
 * revaluation of options under the scenarios and stress scenarios of a margin run. Doubles throughout: these are
 * the inner loops of the risk calculation.
 */
package io.concordia.margin.option;
