package io.concordia.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trade history in primitive arrays: execution second, price in US cents, amount in satoshis (1e-8 BTC), in file
 * order (non-decreasing time).
 *
 * <p>{@link #bitstamp()} is the Bitstamp BTC/USD file of {@code org.ta4j:ta4j-examples:0.15},
 * {@value #BITSTAMP_RESOURCE}: a header {@code timestamp,price,amount} then 100,000 rows such as
 * {@code 1385337600,800.010000000000,0.100000000000} (epoch seconds, USD per BTC, BTC), from 2013-11-25T00:00:00Z
 * to 2013-12-01T16:02:05Z. Its prices are whole cents and its amounts whole satoshis; a row that is not exact at
 * those scales is rejected rather than rounded. 18 rows have an amount of zero.
 */
public final class HistoricalTrades {

    /** The classpath resource of the Bitstamp trades. */
    public static final String BITSTAMP_RESOURCE = "bitstamp_trades_from_20131125_usd.csv";

    /** Scale of {@link #priceCents(int)}: 2 decimals. */
    public static final int PRICE_SCALE = 2;

    /** Scale of {@link #amountSatoshis(int)}: 8 decimals. */
    public static final int AMOUNT_SCALE = 8;

    private static final String HEADER = "timestamp,price,amount";

    /** No schema: every record is the list of its fields as written. */
    private static final CsvMapper CSV = new CsvMapper();

    private static volatile HistoricalTrades bitstamp;

    private final long[] epochSeconds;
    private final long[] priceCents;
    private final long[] amountSatoshis;

    private HistoricalTrades(long[] epochSeconds, long[] priceCents, long[] amountSatoshis) {
        this.epochSeconds = epochSeconds;
        this.priceCents = priceCents;
        this.amountSatoshis = amountSatoshis;
    }

    /**
     * The 100,000 Bitstamp trades, read from the classpath on first use and shared afterwards (the value is
     * immutable).
     *
     * @throws IllegalStateException if the resource is missing or malformed
     */
    public static HistoricalTrades bitstamp() {
        HistoricalTrades loaded = bitstamp;
        if (loaded == null) {
            synchronized (HistoricalTrades.class) {
                loaded = bitstamp;
                if (loaded == null) {
                    loaded = readResource(BITSTAMP_RESOURCE);
                    bitstamp = loaded;
                }
            }
        }
        return loaded;
    }

    /** Reads a CSV of the Bitstamp format from a classpath resource. */
    static HistoricalTrades readResource(String resource) {
        InputStream in = HistoricalTrades.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + resource
                    + " not found: it ships in org.ta4j:ta4j-examples:0.15, a dependency of venue-simulator");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.US_ASCII)) {
            return read(reader, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * Reads a CSV of the Bitstamp format ({@code timestamp,price,amount} header, then one trade a line).
     *
     * @param source names the input in error messages
     * @throws IllegalStateException naming the line of a malformed row, or if there is no row
     */
    public static HistoricalTrades read(Reader csv, String source) throws IOException {
        long[] seconds = new long[1 << 17];
        long[] prices = new long[1 << 17];
        long[] amounts = new long[1 << 17];
        int n = 0;
        long previousSecond = Long.MIN_VALUE;
        try (JsonParser rows = CSV.createParser(csv)) {
            Row first = nextRow(rows);
            String header = first == null ? null : first.text();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IllegalStateException(
                        source + ": expected the header '" + HEADER + "', found '" + header + "'");
            }
            for (Row record = nextRow(rows); record != null; record = nextRow(rows)) {
                int lineNo = record.line();
                List<String> fields = record.fields();
                String row = record.text().strip();
                if (row.isEmpty()) {
                    continue;
                }
                if (fields.size() != 3) {
                    throw malformed(source, lineNo, row, "expected 3 comma-separated fields");
                }
                if (n == seconds.length) {
                    seconds = Arrays.copyOf(seconds, n * 2);
                    prices = Arrays.copyOf(prices, n * 2);
                    amounts = Arrays.copyOf(amounts, n * 2);
                }
                try {
                    seconds[n] = Long.parseLong(fields.get(0).strip());
                    prices[n] = new BigDecimal(fields.get(1).strip())
                            .movePointRight(PRICE_SCALE)
                            .longValueExact();
                    amounts[n] = new BigDecimal(fields.get(2).strip())
                            .movePointRight(AMOUNT_SCALE)
                            .longValueExact();
                } catch (NumberFormatException | ArithmeticException e) {
                    throw malformed(
                            source,
                            lineNo,
                            row,
                            "a timestamp in seconds, a price in whole cents and an amount "
                                    + "in whole satoshis were expected (" + e.getMessage() + ")");
                }
                if (prices[n] <= 0 || amounts[n] < 0) {
                    throw malformed(source, lineNo, row, "price must be > 0 and amount >= 0");
                }
                if (seconds[n] < previousSecond) {
                    throw malformed(source, lineNo, row, "timestamps must not decrease");
                }
                previousSecond = seconds[n];
                n++;
            }
        } catch (StreamReadException e) {
            throw new IllegalStateException(
                    source + " line " + e.getLocation().getLineNr() + ": not CSV: " + e.getOriginalMessage(), e);
        }
        if (n == 0) {
            throw new IllegalStateException(source + ": no trade rows");
        }
        return new HistoricalTrades(Arrays.copyOf(seconds, n), Arrays.copyOf(prices, n), Arrays.copyOf(amounts, n));
    }

    /** One record of the CSV: the line it starts on and its fields as written. */
    private record Row(int line, List<String> fields) {
        String text() {
            return String.join(",", fields);
        }
    }

    /** The next record, or null at the end of the text. */
    private static Row nextRow(JsonParser csv) throws IOException {
        if (csv.nextToken() != JsonToken.START_ARRAY) {
            return null;
        }
        int line = csv.currentLocation().getLineNr();
        List<String> fields = new ArrayList<>(3);
        while (csv.nextToken() == JsonToken.VALUE_STRING) {
            fields.add(csv.getText());
        }
        return new Row(line, fields);
    }

    private static IllegalStateException malformed(String source, int lineNo, String row, String why) {
        return new IllegalStateException(source + " line " + lineNo + " '" + row + "': " + why);
    }

    /** The number of trades. */
    public int size() {
        return epochSeconds.length;
    }

    /** Execution time of trade {@code i}, seconds since the epoch (UTC). */
    public long epochSecond(int i) {
        return epochSeconds[i];
    }

    /** Price of trade {@code i} in US cents per BTC, &gt; 0. */
    public long priceCents(int i) {
        return priceCents[i];
    }

    /** Amount of trade {@code i} in satoshis (1e-8 BTC), &ge; 0 (a few historical rows are 0). */
    public long amountSatoshis(int i) {
        return amountSatoshis[i];
    }

    /** Price of trade {@code i}, USD per BTC at scale 2. */
    public BigDecimal price(int i) {
        return BigDecimal.valueOf(priceCents[i], PRICE_SCALE);
    }

    /** Amount of trade {@code i}, BTC at scale 8. */
    public BigDecimal amount(int i) {
        return BigDecimal.valueOf(amountSatoshis[i], AMOUNT_SCALE);
    }

    /** Seconds from the first to the last trade. */
    public long spanSeconds() {
        return epochSeconds[epochSeconds.length - 1] - epochSeconds[0];
    }
}
