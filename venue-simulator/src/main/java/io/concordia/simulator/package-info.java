/**
 * A venue simulator: replays the 100,000 real Bitstamp BTC/USD trades of 25 Nov – 1 Dec 2013 (shipped in
 * {@code org.ta4j:ta4j-examples:0.15}) through several simulated venues, each with its own symbol and contract size,
 * between configurable member accounts, plus each venue's mark prices, as the JSON records Concordia ingests from
 * {@code trades.<venue>} and {@code prices.<venue>} (clearing-api {@code schemas/trade.schema.json} and
 * {@code schemas/price.schema.json}).
 *
 * <ul>
 *   <li>{@link io.concordia.simulator.HistoricalTrades} — the CSV, parsed once into primitive arrays.</li>
 *   <li>{@link io.concordia.simulator.VenueSimulator} — pure and deterministic: the same history, venues, accounts,
 *       seed and options give the same records. No clock, no Kafka; the base instant is a parameter.</li>
 *   <li>{@link io.concordia.simulator.OptionChain}, {@link io.concordia.simulator.ListedOption},
 *       {@link io.concordia.simulator.VolatilitySmile} — the optional option chain a replay adds
 *       ({@link io.concordia.simulator.VenueSimulator#withOptions}), priced with margin-core's Black-76.</li>
 *   <li>{@link io.concordia.simulator.KafkaVenuePublisher} — sends the records with a tuned idempotent producer,
 *       optionally paced to a target rate.</li>
 *   <li>{@link io.concordia.simulator.VenueSimulatorMain} — the command line.</li>
 * </ul>
 *
 * <p><b>Units and signs.</b> Prices are USD per BTC, strictly positive, at 2 decimals (Bitstamp's tick is one cent);
 * an option's price is USD per BTC of option (per unit of the underlying), its implied volatility annualised at 4
 * decimals. Trade quantities are positive whole numbers of the venue's contracts; one contract is the venue's contract
 * size in BTC (its option contract size for an option). A trade has no sign: the buyer goes long, the seller short.
 *
 * <p>Invalid arguments raise {@link java.lang.IllegalArgumentException} naming the argument and the value.
 */
package io.concordia.simulator;
