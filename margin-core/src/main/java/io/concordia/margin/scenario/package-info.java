/**
 * Building scenario sets by filtered historical simulation (margin-model.md, "Building a scenario set"). Inputs
 * are values (dates and daily closes per underlying); parsing files is the caller's business.
 */
package io.concordia.margin.scenario;
