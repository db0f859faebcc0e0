/**
 * The replication format (docs/margin-model.md §6) on Jackson: strict JSON that reads every number as
 * {@link java.math.BigDecimal} and prints the format's layout ({@link io.concordia.margin.replication.Json}), mappers
 * between that format and margin-core's model and result values ({@link io.concordia.margin.replication.ReplicationCodec}),
 * and the CSV of daily closes ({@link io.concordia.margin.replication.PriceHistoryCsv}). The command line and the
 * service use it; the calculators never see JSON or CSV.
 */
package io.concordia.margin.replication;
