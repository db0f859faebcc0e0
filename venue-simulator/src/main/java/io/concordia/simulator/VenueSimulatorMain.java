package io.concordia.simulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line: replays the Bitstamp trades through the simulated venues into Kafka, to standard output
 * ({@code --print}), or prints the operator's curl calls that set Concordia up for them ({@code --setup-curl}).
 * See {@link #USAGE}.
 */
public final class VenueSimulatorMain {

    static final String USAGE = """
            usage: java -jar venue-simulator/target/venue-simulator-1.0.0-SNAPSHOT.jar OPTIONS

            Replays the 100,000 real Bitstamp BTC/USD trades of 25 Nov - 1 Dec 2013 through simulated venues,
            between the given accounts, to trades.<venue> and prices.<venue>.

              --client-properties FILE  the broker's address and login, in kcat's format (the embedded
                                        default writes data/kafka-client.properties) or Java's
              --bootstrap HOST:PORT     Kafka bootstrap servers, instead of or over the file's (one of the two
                                        is required unless --print or --setup-curl)
              --accounts A,B,...        account codes trading with each other, at least 2 (required)
              --trades N                number of trades (default 100000, the whole history; more cycles
                                        through it again with fresh ids)
              --seed S                  seed of the buyer/seller choice and of the marks' noise (default 1)
              --venues V,...            code:symbol:contractSizeBtc[:weight] (default
                                        venue-a:XBTUSD:0.001,venue-b:BTC-PERP:0.01,venue-c:BTCUSDT:1)
              --price-every K           a venue's mark after its 1st and every K-th trade (default 100; 0 = none)
              --end-at INSTANT          the last trade executes at this ISO-8601 instant (default: now)
              --start-at INSTANT        the first trade executes at this instant instead
              --historical-time         keep the 2013 execution times
              --id-prefix P             trade ids are P1, P2, ... per venue (default s<seed>-)
              --rate R                  target rate in records/s, trades and prices together (default: as fast
                                        as possible)
              --partitions N            partitions of the topics it creates (default: the broker's default)
              --producer-property K=V   a Kafka producer property, repeatable (e.g. compression.type=none);
                                        defaults: acks=all, idempotence, lz4, linger.ms 20 (5 with --rate),
                                        batch.size 256 KiB
              --print                   write the records' JSON to standard output, one a line, instead of Kafka
              --topic T                 with --print: only the records of topic T (e.g. trades.venue-a)
              --key-separator C         with --print: write KEY C JSON (for kcat -P -K C)
              --setup-curl              print the operator's curl calls creating the venues, the product and the
                                        instruments in Concordia, then exit
              --api URL                 with --setup-curl: Concordia's URL (default http://localhost:8080)
              --product P               harmonized product of the instruments (default BTC-PERP)
              --underlying U            its underlying, and the option chain's (default BTC)
              --options                 add an option chain on the underlying: 3 weekly expiries (the first
                                        Fridays 08:00 UTC at least 2 days after the last trade), 9 strikes
                                        around the first price, calls and puts, named like BTC-04DEC26-800-C;
                                        option trades at the Black-76 price of a volatility smile, and marks
                                        with their iv (with --setup-curl: the option products and instruments
                                        too; give it the same --trades and time options as the replay)
              --option-every N          with --options: an option trade after every N-th trade (default 10)
              --option-price-every K    with --options: an option venue's marks of the options it has traded
                                        after its 1st and every K-th option trade (default 10; 0 = none)
              --option-venues V,...     with --options: code:contractSizeBtc of the venues that list the chain,
                                        among --venues (default venue-a:1,venue-b:0.1)
              --smile ATM,SKEW,CURV     with --options: iv = ATM + SKEW x + CURV x^2, x = ln(strike/price),
                                        4 decimals, at least 0.05 (default 0.60,-0.10,0.50)
              --help                    this text
            """;

    private VenueSimulatorMain() {}

    public static void main(String[] args) {
        // kafka-clients logs through SLF4J; the command's own output is what a person reads.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(run(args, System.out, System.err, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }

    /**
     * Runs the command.
     *
     * @param now the default end of the replay
     * @return the exit status: 0 done, 1 failed, 2 bad arguments
     */
    static int run(String[] args, PrintStream out, PrintStream err, Instant now) {
        Arguments a;
        try {
            a = Arguments.parse(args, now);
        } catch (IllegalArgumentException e) {
            err.println("venue-simulator: " + e.getMessage());
            err.println("try --help");
            return 2;
        }
        if (a.help) {
            out.print(USAGE);
            return 0;
        }
        if (a.setupCurl) {
            if (a.optionSettings == null) {
                out.print(SetupScript.curl(a.api, a.venues, a.product, a.underlying, a.accounts));
            } else {
                out.print(SetupScript.curl(
                        a.api,
                        a.venues,
                        a.product,
                        a.underlying,
                        a.accounts,
                        VenueSimulator.optionChain(HistoricalTrades.bitstamp(), a.options, a.underlying),
                        a.optionSettings.venues()));
            }
            return 0;
        }
        VenueSimulator simulator;
        try {
            simulator = VenueSimulator.bitstamp(a.venues, a.accounts, a.options);
            if (a.optionSettings != null) {
                simulator = simulator.withOptions(a.optionSettings);
            }
        } catch (IllegalArgumentException e) {
            err.println("venue-simulator: " + e.getMessage());
            return 2;
        }
        try {
            if (a.print) {
                return print(simulator, a, out, err);
            }
            return publish(simulator, a, out);
        } catch (RuntimeException e) {
            err.println("venue-simulator: failed: " + e.getMessage());
            return 1;
        }
    }

    private static int print(VenueSimulator simulator, Arguments a, PrintStream out, PrintStream err) {
        long trades = 0;
        long prices = 0;
        StringBuilder line = new StringBuilder(256);
        for (VenueRecord record : simulator) {
            if (a.topic != null && !a.topic.equals(record.topic())) {
                continue;
            }
            line.setLength(0);
            if (a.keySeparator != null) {
                line.append(record.key()).append(a.keySeparator);
            }
            out.append(line.append(record.toJson()).append('\n'));
            if (record instanceof TradeRecord) {
                trades++;
            } else {
                prices++;
            }
        }
        out.flush();
        err.println("printed " + trades + " trades and " + prices + " prices" + describe(simulator));
        return 0;
    }

    private static int publish(VenueSimulator simulator, Arguments a, PrintStream out) {
        out.println("publishing " + simulator.tradeCount() + " trades" + describe(simulator) + " to "
                + a.connection.get("bootstrap.servers")
                + (a.rate > 0 ? " at " + String.format(Locale.ROOT, "%,.0f", a.rate) + " records/s" : ""));
        var created = KafkaVenuePublisher.prepareTopics(a.connection, simulator.topics(), a.partitions);
        if (!created.isEmpty()) {
            out.println("created topics with " + (a.partitions > 0 ? a.partitions : "the broker's default")
                    + " partitions: " + String.join(", ", created));
        }
        PublishResult result;
        Map<String, Object> producerProperties = new LinkedHashMap<>();
        if (a.rate > 0) {
            producerProperties.putAll(KafkaVenuePublisher.LATENCY_OVERRIDES);
        }
        producerProperties.putAll(a.producerProperties);
        try (KafkaVenuePublisher publisher = KafkaVenuePublisher.create(a.connection, producerProperties)) {
            Iterator<VenueRecord> records = simulator.iterator();
            result = publisher.publish(records, a.rate);
        }
        out.println(String.format(
                Locale.ROOT,
                "sent %d trades and %d prices in %.3f s (%,.0f records/s)",
                result.trades(),
                result.prices(),
                result.elapsed().toNanos() / 1e9,
                result.recordsPerSecond()));
        result.perTopic().forEach((topic, count) -> out.println("  " + topic + " " + count));
        return 0;
    }

    private static String describe(VenueSimulator simulator) {
        String venues = simulator.venues().stream()
                .map(v -> v.code() + " " + v.symbol() + " (" + v.contractSize().toPlainString() + " BTC)")
                .collect(Collectors.joining(", "));
        return " (seed " + simulator.options().seed() + ", ids "
                + simulator.options().effectiveIdPrefix()
                + "N) on " + venues + " between " + String.join(", ", simulator.accounts())
                + ", " + describe(simulator.options().timeShift())
                + simulator
                        .optionSettings()
                        .map(settings ->
                                describe(settings, simulator.optionChain().orElseThrow()))
                        .orElse("");
    }

    private static String describe(OptionSettings settings, OptionChain chain) {
        String venues = settings.venues().stream()
                .map(v -> v.code() + " (" + v.contractSize().toPlainString() + " " + chain.underlying() + ")")
                .collect(Collectors.joining(", "));
        List<ListedOption> options = chain.options();
        return ", an option trade every " + settings.tradeEvery() + " trades among " + options.size() + " options ("
                + options.get(0).symbol() + " ... "
                + options.get(options.size() - 1).symbol() + ") on " + venues;
    }

    private static String describe(TimeShift shift) {
        if (shift instanceof TimeShift.EndingAt e) {
            return "last trade at " + e.end();
        } else if (shift instanceof TimeShift.StartingAt s) {
            return "first trade at " + s.start();
        }
        return "2013 execution times";
    }

    /** The parsed command line. */
    private static final class Arguments {
        Map<String, Object> connection = new LinkedHashMap<>();
        List<String> accounts = List.of();
        List<VenueSpec> venues = VenueSpec.DEFAULTS;
        SimulationOptions options;
        double rate;
        int partitions;
        Map<String, Object> producerProperties = new LinkedHashMap<>();
        boolean print;
        String topic;
        String keySeparator;
        boolean setupCurl;
        String api = "http://localhost:8080";
        String product = VenueSimulator.PRODUCT;
        String underlying = VenueSimulator.UNDERLYING;
        /** With {@code --options}: the chain to add; null without. */
        OptionSettings optionSettings;

        boolean help;

        static Arguments parse(String[] args, Instant now) {
            Arguments a = new Arguments();
            long seed = 1;
            long trades = SimulationOptions.HISTORY_TRADES;
            int priceEvery = SimulationOptions.DEFAULT_PRICE_EVERY;
            TimeShift shift = TimeShift.endingAt(now);
            String idPrefix = null;
            String bootstrap = null;
            boolean withOptions = false;
            OptionSettings optionSettings = OptionSettings.DEFAULTS;
            List<String> optionFlags = new ArrayList<>();
            List<String> rest = new ArrayList<>(Arrays.asList(args));
            while (!rest.isEmpty()) {
                String option = rest.remove(0);
                switch (option) {
                    case "--help", "-h" -> a.help = true;
                    case "--print" -> a.print = true;
                    case "--setup-curl" -> a.setupCurl = true;
                    case "--historical-time" -> shift = TimeShift.historical();
                    case "--bootstrap" -> bootstrap = value(option, rest);
                    case "--client-properties" ->
                        a.connection.putAll(KafkaClientProperties.load(Path.of(value(option, rest))));
                    case "--accounts" ->
                        a.accounts = Arrays.stream(value(option, rest).split(","))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList();
                    case "--trades" -> trades = number(option, value(option, rest));
                    case "--seed" -> seed = number(option, value(option, rest));
                    case "--venues" -> a.venues = VenueSpec.parseList(value(option, rest));
                    case "--price-every" -> priceEvery = (int) number(option, value(option, rest));
                    case "--end-at" -> shift = TimeShift.endingAt(instant(option, value(option, rest)));
                    case "--start-at" -> shift = TimeShift.startingAt(instant(option, value(option, rest)));
                    case "--id-prefix" -> idPrefix = value(option, rest);
                    case "--rate" -> a.rate = decimal(option, value(option, rest));
                    case "--partitions" -> a.partitions = (int) number(option, value(option, rest));
                    case "--producer-property" -> {
                        String kv = value(option, rest);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException(option + " must be KEY=VALUE: " + kv);
                        }
                        a.producerProperties.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    case "--topic" -> a.topic = value(option, rest);
                    case "--key-separator" -> a.keySeparator = value(option, rest);
                    case "--api" -> a.api = value(option, rest);
                    case "--product" -> a.product = value(option, rest);
                    case "--underlying" -> a.underlying = value(option, rest);
                    case "--options" -> withOptions = true;
                    case "--option-every" ->
                        optionSettings = optionSettings.withTradeEvery((int) number(option, value(option, rest)));
                    case "--option-price-every" ->
                        optionSettings = optionSettings.withPriceEvery((int) number(option, value(option, rest)));
                    case "--option-venues" ->
                        optionSettings = optionSettings.withVenues(OptionVenue.parseList(value(option, rest)));
                    case "--smile" ->
                        optionSettings = optionSettings.withSmile(VolatilitySmile.parse(value(option, rest)));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
                if (option.startsWith("--option-") || option.equals("--smile")) {
                    optionFlags.add(option);
                }
            }
            if (a.help) {
                return a;
            }
            if (a.rate < 0 || a.partitions < 0 || priceEvery < 0 || trades < 0) {
                throw new IllegalArgumentException("--trades, --rate, --partitions and --price-every must be >= 0");
            }
            if (!a.setupCurl && a.accounts.size() < 2) {
                throw new IllegalArgumentException(
                        "--accounts needs at least 2 account codes, e.g. " + "--accounts ACME-H1,BETA-H1");
            }
            if (bootstrap != null) {
                a.connection.put("bootstrap.servers", bootstrap);
            }
            if (!a.setupCurl && !a.print && !a.connection.containsKey("bootstrap.servers")) {
                throw new IllegalArgumentException(
                        "--client-properties FILE or --bootstrap HOST:PORT is required" + " (or --print)");
            }
            a.options = new SimulationOptions(seed, trades, priceEvery, shift, idPrefix);
            if (withOptions) {
                a.optionSettings = optionSettings.withUnderlying(a.underlying);
                // refused here, before anything is printed: --setup-curl builds no simulator that would refuse it
                a.optionSettings.positionsIn(a.venues);
            } else if (!optionFlags.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", optionFlags) + " only with --options");
            }
            return a;
        }

        private static String value(String option, List<String> rest) {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return rest.remove(0);
        }

        private static long number(String option, String value) {
            try {
                return Long.parseLong(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a whole number: " + value);
            }
        }

        private static double decimal(String option, String value) {
            try {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number: " + value);
            }
        }

        private static Instant instant(String option, String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        option + " must be an ISO-8601 instant such as " + "2026-11-25T12:00:00Z: " + value);
            }
        }
    }
}
