package io.concordia.simulator;

/** A record a venue publishes: a {@link TradeRecord} or a {@link PriceRecord}. */
public sealed interface VenueRecord permits TradeRecord, PriceRecord {

    /** The venue's code, e.g. {@code venue-a}; also the suffix of the record's topic. */
    String venue();

    /** The Kafka topic: {@code trades.<venue>} or {@code prices.<venue>}. */
    String topic();

    /** The Kafka record key: the trade id for a trade, the venue symbol for a price. */
    String key();

    /** The Kafka record value: a JSON object as the schema of the topic defines it. */
    String toJson();
}
