/**
 * Building scenario sets by filtered historical simulation (docs/margin-model.md §3). Inputs
 * are values (dates and daily closes per underlying); parsing files is the caller's business.
 */
package io.concordia.margin.scenario;
