/**
 * The JSON codec of the replication format (docs/margin-model.md §6): a small strict JSON
 * reader/writer that reads every number as {@link java.math.BigDecimal}, and mappers between that format and the
 * model and result values. Only the command line and the service use it; the calculators never see JSON.
 */
package io.concordia.margin.replication;
