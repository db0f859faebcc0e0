-- The inbox's index on (source_topic, source_partition, source_offset) served no query of the application: the
-- consumer's exactly-once rests on consumer_offset, advanced in the batch's own transaction, and the only reader of
-- the source offsets, the fault harness's checker, scans every inbox, duplicate and dead-letter row anyway. Every
-- trade paid for it on the ingest path: three keys, one of them text, in a fourth B-tree written per row.
DROP INDEX trade_inbox_source_idx;
