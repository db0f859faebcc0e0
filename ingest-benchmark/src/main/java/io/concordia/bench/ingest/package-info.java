/**
 * The ingest benchmark: how fast the packaged clearing-api turns venue trades on Kafka into committed inbox rows and
 * positions, against two ceilings measured in the same run on the same servers — a bare consumer draining the same
 * topics and a bare {@code COPY} of the same rows into the same PostgreSQL — and its trade-to-commit latency at a
 * steady rate. A command, not a test: {@code mvn verify} compiles it and never runs it.
 *
 * <p>Times come from one clock: the harness stamps each trade when it hands it to the producer, and PostgreSQL stamps
 * each transaction's commit ({@code track_commit_timestamp = on}); every inbox row carries the id of the transaction
 * that wrote it and the batch's positions.
 */
package io.concordia.bench.ingest;
