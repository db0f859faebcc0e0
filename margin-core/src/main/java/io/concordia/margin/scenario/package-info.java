/**
 * Building scenario sets by filtered historical simulation (docs/margin-model.md §3), and the input checks of the
 * closes they are built from. Inputs are values (rows of closes as written, or dates and daily closes per
 * underlying); reading files is the caller's business (margin-replication reads the CSV).
 */
package io.concordia.margin.scenario;
