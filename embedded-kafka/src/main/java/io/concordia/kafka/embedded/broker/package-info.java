/**
 * The broker side: code that runs only in the child JVM that
 * {@link io.concordia.kafka.embedded.EmbeddedKafkaBroker} starts, on the Kafka classpath written at build time.
 * Nothing outside this package may refer to it except by name.
 */
package io.concordia.kafka.embedded.broker;
