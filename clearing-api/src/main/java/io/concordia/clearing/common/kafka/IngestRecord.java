package io.concordia.clearing.common.kafka;

/** One Kafka record as ingestion sees it: where it came from, and its raw key and value. */
public record IngestRecord(String topic, int partition, long offset, String key, byte[] value, long timestamp) {}
