/**
 * Launcher of the embedded Kafka broker: starts a real single-node Apache Kafka (KRaft) broker in a child JVM and
 * stops it again.
 *
 * <p>This package uses the JDK only. Kafka's own classes live in {@link io.concordia.kafka.embedded.broker} and
 * are loaded only in the child JVM, from the broker classpath written at build time, so a dependent such as
 * clearing-api can run any other kafka-clients version beside it.
 *
 * <p>Layout of a data directory:
 * <pre>
 * kraft/                   Kafka's log directory: topics, consumer offsets, the cluster metadata log
 * logs/broker.log          the broker's log (rolled at 20 MB, 5 files kept)
 * logs/broker-stdout.log   the child JVM's stdout and stderr, rewritten on every start
 * config/                  broker.properties, log4j2.xml and classpath.args of the last start (rewritten each start)
 * broker.pid               pid of the running broker and of the process that launched it
 * ports.properties         ports of the last start, reused when the caller asks for port 0
 * tmp/                     the child JVM's java.io.tmpdir (native compression libraries are unpacked here)
 * </pre>
 */
package io.concordia.kafka.embedded;
