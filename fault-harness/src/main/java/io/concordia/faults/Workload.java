package io.concordia.faults;

import io.concordia.bench.ingest.ConcordiaProcess;
import io.concordia.simulator.PriceRecord;
import io.concordia.simulator.SimulationOptions;
import io.concordia.simulator.TradeRecord;
import io.concordia.simulator.VenueRecord;
import io.concordia.simulator.VenueSimulator;
import io.concordia.simulator.VenueSpec;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The steady workload, on threads of its own while faults are injected: venue trades with exact redeliveries,
 * conflicting duplicates and records that can never succeed; venue prices that follow the trades with a seeded shock
 * that moves them by several per cent (margin calls come and go); deposits (some repeated under their reference),
 * withdrawals requested by members and decided by operators (some approved twice at once, on two instances);
 * settlement cycles on demand; and the custodian's confirmations of their instructions (some sent twice).
 *
 * <p>It keeps what it sent and what the application answered, for the checker: the acknowledged trade records and
 * what each must become (a trade, a counted duplicate, a dead letter of a known reason), the withdrawals each
 * operator request approved, the requests that failed.
 */
final class Workload {

    private static final String ASSET = "USD";
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Deployment deployment;
    private final HarnessOptions options;
    private final List<String> accounts = new ArrayList<>();
    private final Map<String, String> memberTokens = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private String operatorToken;

    // what the trade feed sent and was acknowledged, and what each record must become
    final AtomicLong tradeRecords = new AtomicLong();
    final AtomicLong validTrades = new AtomicLong();
    final AtomicLong redeliveries = new AtomicLong();
    final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private volatile BigDecimal lastTradePrice;
    private volatile double shock = 1.0;

    // the collateral and settlement actors' tallies
    final AtomicLong deposits = new AtomicLong();
    final AtomicLong depositRepeats = new AtomicLong();
    final AtomicLong withdrawalsRequested = new AtomicLong();
    final Map<Long, AtomicLong> approvalsAnswered = new ConcurrentHashMap<>();
    final AtomicLong cyclesRequested = new AtomicLong();
    final AtomicLong confirmationsSent = new AtomicLong();
    final AtomicLong priceRecords = new AtomicLong();
    final Map<String, AtomicLong> failedRequests = new ConcurrentHashMap<>();
    final List<String> serverErrors = new CopyOnWriteArrayList<>();

    Workload(Deployment deployment) {
        this.deployment = deployment;
        this.options = deployment.options;
        for (int i = 0; i < options.accounts(); i++) {
            accounts.add(String.format(Locale.ROOT, "M%02d-%s", i / 2 + 1, i % 2 == 0 ? "H1" : "C1"));
        }
    }

    /** Reference data through the first instance: the asset, a perpetual listed on three venues, members and accounts. */
    void setUp() {
        ConcordiaProcess app = deployment.instance(1);
        operatorToken = app.operatorToken();
        app.adminPost("/api/v1/admin/assets", "{\"code\":\"" + ASSET + "\",\"scale\":2}");
        app.adminPost(
                "/api/v1/admin/products",
                "{\"symbol\":\"" + VenueSimulator.PRODUCT + "\",\"underlying\":\"" + VenueSimulator.UNDERLYING
                        + "\",\"kind\":\"PERPETUAL\"}");
        for (VenueSpec v : VenueSpec.DEFAULTS) {
            app.adminPost(
                    "/api/v1/admin/venues", "{\"code\":\"" + v.code() + "\",\"name\":\"Venue " + v.code() + "\"}");
            app.adminPost(
                    "/api/v1/admin/venues/" + v.code() + "/instruments",
                    "{\"symbol\":\"" + v.symbol() + "\",\"product\":\"" + VenueSimulator.PRODUCT
                            + "\",\"contractSize\":\"" + v.contractSize().toPlainString() + "\"}");
        }
        for (String account : accounts) {
            String member = member(account);
            if (account.endsWith("-H1")) {
                app.adminPost(
                        "/api/v1/admin/members", "{\"code\":\"" + member + "\",\"name\":\"Member " + member + "\"}");
                HttpResponse<String> minted = app.send(
                        "POST",
                        "/api/v1/admin/tokens",
                        operatorToken,
                        "{\"subject\":\"treasury@" + member + "\",\"member\":\"" + member
                                + "\",\"roles\":[\"member\"],\"ttlSeconds\":86400}",
                        REQUEST_TIMEOUT);
                Matcher m = TOKEN.matcher(minted.body());
                if (minted.statusCode() != 201 || !m.find()) {
                    throw new IllegalStateException(
                            "minting a member token answered " + minted.statusCode() + ": " + minted.body());
                }
                memberTokens.put(member, m.group(1));
            }
            app.adminPost(
                    "/api/v1/admin/members/" + member + "/accounts",
                    "{\"code\":\"" + account + "\",\"mode\":\"CROSS\",\"type\":\""
                            + (account.endsWith("-H1") ? "HOUSE" : "CLIENT") + "\"}");
            HttpResponse<String> deposit = app.send(
                    "POST",
                    "/api/v1/admin/accounts/" + account + "/deposits",
                    operatorToken,
                    "{\"asset\":\"" + ASSET + "\",\"quantity\":\"2000.00\",\"reference\":\"opening-" + account + "\"}",
                    REQUEST_TIMEOUT);
            if (deposit.statusCode() != 201) {
                throw new IllegalStateException(
                        "opening deposit answered " + deposit.statusCode() + ": " + deposit.body());
            }
        }
    }

    void start() {
        running = true;
        Random seeds = new Random(options.seed());
        thread("trade-feed", () -> tradeFeed(new Random(seeds.nextLong())));
        thread("price-feed", () -> priceFeed(new Random(seeds.nextLong())));
        thread("collateral", () -> collateral(new Random(seeds.nextLong())));
        thread("settlement", () -> settlement(new Random(seeds.nextLong())));
    }

    /** Stops every actor and waits for them; fails if one of them failed. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(Duration.ofMinutes(3).toMillis());
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the workload failed", failure.get());
        }
    }

    List<String> accounts() {
        return accounts;
    }

    String operatorToken() {
        return operatorToken;
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                },
                name);
        threads.add(t);
        t.start();
    }

    // ---- trades ----------------------------------------------------------------------------------------------

    private void tradeFeed(Random random) {
        long planned = (long) options.tradeRate() * (options.duration().toSeconds() + 600);
        VenueSimulator simulator = VenueSimulator.bitstamp(
                VenueSpec.DEFAULTS,
                accounts,
                SimulationOptions.of(options.seed(), planned, Instant.now()).withIdPrefix("f" + options.seed() + "-"));
        Iterator<VenueRecord> records = simulator.iterator();
        List<TradeRecord> recent = new ArrayList<>();
        int bad = 0;
        try (KafkaProducer<String, String> producer = producer()) {
            long start = System.nanoTime();
            double nanosPerTrade = 1e9 / options.tradeRate();
            long sent = 0;
            while (running && records.hasNext()) {
                if (!(records.next() instanceof TradeRecord t)) {
                    continue;
                }
                long lead = start + (long) (sent++ * nanosPerTrade) - System.nanoTime();
                if (lead > 0) {
                    LockSupport.parkNanos(lead);
                }
                send(producer, t.topic(), t.key(), t.toJson(), validTrades);
                lastTradePrice = t.price();
                recent.add(t);
                if (recent.size() > 5_000) {
                    recent.subList(0, 1_000).clear();
                }
                int roll = random.nextInt(1000);
                if (roll < 30) {
                    TradeRecord again = recent.get(random.nextInt(recent.size()));
                    send(producer, again.topic(), again.key(), again.toJson(), redeliveries);
                } else if (roll < 40) {
                    String id = "bad-" + options.seed() + "-" + ++bad;
                    switch (roll % 4) {
                        case 0 ->
                            send(
                                    producer,
                                    t.topic(),
                                    id,
                                    "{\"venue\":\"" + t.venue() + "\",\"tradeId\":",
                                    deadLetter("MALFORMED_JSON"));
                        case 1 ->
                            send(
                                    producer,
                                    t.topic(),
                                    id,
                                    new TradeRecord(
                                                    t.venue(),
                                                    id,
                                                    t.symbol(),
                                                    t.price(),
                                                    t.quantity(),
                                                    "NOBODY-1",
                                                    t.seller(),
                                                    t.executedAt())
                                            .toJson(),
                                    deadLetter("UNKNOWN_ACCOUNT"));
                        case 2 ->
                            send(
                                    producer,
                                    t.topic(),
                                    id,
                                    new TradeRecord(
                                                    t.venue(),
                                                    id,
                                                    "ETHUSD",
                                                    t.price(),
                                                    t.quantity(),
                                                    t.buyer(),
                                                    t.seller(),
                                                    t.executedAt())
                                            .toJson(),
                                    deadLetter("UNKNOWN_INSTRUMENT"));
                        default -> {
                            TradeRecord earlier = recent.get(random.nextInt(recent.size()));
                            send(
                                    producer,
                                    earlier.topic(),
                                    earlier.key(),
                                    new TradeRecord(
                                                    earlier.venue(),
                                                    earlier.tradeId(),
                                                    earlier.symbol(),
                                                    earlier.price(),
                                                    earlier.quantity().add(BigDecimal.ONE),
                                                    earlier.buyer(),
                                                    earlier.seller(),
                                                    earlier.executedAt())
                                            .toJson(),
                                    deadLetter("CONFLICTING_DUPLICATE"));
                        }
                    }
                }
            }
            producer.flush();
        }
    }

    private AtomicLong deadLetter(String reason) {
        return deadLetters.computeIfAbsent(reason, r -> new AtomicLong());
    }

    /** Sends one trade-topic record; once the brokers acknowledge it, counts it and what it must become. */
    private void send(
            KafkaProducer<String, String> producer, String topic, String key, String value, AtomicLong outcome) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, new IllegalStateException("a trade record was not acknowledged: " + e, e));
            } else {
                tradeRecords.incrementAndGet();
                outcome.incrementAndGet();
            }
        });
    }

    /** An idempotent producer that waits out a lost broker: the harness must never lose a record of its own. */
    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.putAll(deployment.publisherLogin());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(10 * 60_000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(5 * 60_000));
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    // ---- prices ----------------------------------------------------------------------------------------------

    /**
     * Each venue's mark every half second: the last trade's price times a shock that takes a seeded step of up to 4 %
     * every ten seconds, within ±12 %, and a venue's small bias.
     */
    private void priceFeed(Random random) {
        try (KafkaProducer<String, String> producer = producer()) {
            long nextStep = System.nanoTime();
            while (running) {
                if (System.nanoTime() - nextStep > 0) {
                    shock = Math.max(0.88, Math.min(1.12, shock * (1 + (random.nextDouble() * 2 - 1) * 0.04)));
                    nextStep = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
                BigDecimal last = lastTradePrice;
                if (last != null) {
                    for (int v = 0; v < VenueSpec.DEFAULTS.size(); v++) {
                        VenueSpec venue = VenueSpec.DEFAULTS.get(v);
                        BigDecimal price = last.multiply(BigDecimal.valueOf(shock * (1 + (v - 1) * 0.0002)))
                                .setScale(2, RoundingMode.HALF_EVEN);
                        PriceRecord r = new PriceRecord(venue.code(), venue.symbol(), price, Instant.now());
                        producer.send(new ProducerRecord<>(r.topic(), r.key(), r.toJson()));
                        priceRecords.incrementAndGet();
                    }
                }
                sleep(500);
            }
        }
    }

    // ---- collateral ------------------------------------------------------------------------------------------

    private void collateral(Random random) {
        List<String[]> booked = new ArrayList<>();
        long n = 0;
        while (running) {
            sleep(150 + random.nextInt(200));
            int roll = random.nextInt(100);
            String account = accounts.get(random.nextInt(accounts.size()));
            if (roll < 35) {
                String[] deposit;
                boolean repeat = !booked.isEmpty() && random.nextInt(10) == 0;
                if (repeat) {
                    deposit = booked.get(random.nextInt(booked.size()));
                } else {
                    deposit = new String[] {
                        account,
                        BigDecimal.valueOf(5_000 + random.nextInt(200_000), 2).toPlainString(),
                        "dep-" + options.seed() + "-" + ++n
                    };
                }
                HttpResponse<String> r = request(
                        random,
                        "POST",
                        "/api/v1/admin/accounts/" + deposit[0] + "/deposits",
                        operatorToken,
                        "{\"asset\":\"" + ASSET + "\",\"quantity\":\"" + deposit[1] + "\",\"reference\":\"" + deposit[2]
                                + "\"}");
                if (r != null && (r.statusCode() == 201 || r.statusCode() == 200)) {
                    if (!repeat) {
                        booked.add(deposit);
                        deposits.incrementAndGet();
                    } else {
                        depositRepeats.incrementAndGet();
                    }
                }
            } else if (roll < 65) {
                HttpResponse<String> r = request(
                        random,
                        "POST",
                        "/api/v1/accounts/" + account + "/withdrawals",
                        memberTokens.get(member(account)),
                        "{\"asset\":\"" + ASSET + "\",\"quantity\":\""
                                + BigDecimal.valueOf(1_000 + random.nextInt(40_000), 2)
                                        .toPlainString() + "\"}");
                if (r != null && r.statusCode() == 201) {
                    withdrawalsRequested.incrementAndGet();
                }
            } else {
                decideWithdrawal(random);
            }
        }
    }

    /** Decides the oldest pending withdrawal: mostly an approval sent to two instances at once, sometimes a rejection. */
    private void decideWithdrawal(Random random) {
        long id;
        try (Connection c = deployment.database.connect();
                var rs = c.createStatement()
                        .executeQuery("SELECT id FROM withdrawal WHERE status = 'PENDING' ORDER BY id LIMIT 1")) {
            if (!rs.next()) {
                return;
            }
            id = rs.getLong(1);
        } catch (SQLException e) {
            failedRequests
                    .computeIfAbsent("database read", k -> new AtomicLong())
                    .incrementAndGet();
            return;
        }
        if (random.nextInt(5) == 0) {
            request(
                    random,
                    "POST",
                    "/api/v1/admin/withdrawals/" + id + "/reject",
                    operatorToken,
                    "{\"reason\":\"not today\"}");
            return;
        }
        int pick = random.nextInt(deployment.instanceCount());
        Thread second = new Thread(() -> approve(id, pick + 1));
        second.start();
        approve(id, pick);
        try {
            second.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void approve(long id, int pick) {
        HttpResponse<String> r =
                request(pick, "POST", "/api/v1/admin/withdrawals/" + id + "/approve", operatorToken, null);
        if (r != null && r.statusCode() == 200) {
            approvalsAnswered.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
        }
    }

    // ---- settlement ------------------------------------------------------------------------------------------

    /** A settlement cycle every 40 s; every second, the custodian confirms the instructions it has not confirmed yet. */
    private void settlement(Random random) {
        java.util.Set<Long> confirmed = new java.util.HashSet<>();
        long nextCycle = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (KafkaProducer<String, String> producer = producer()) {
            while (running) {
                sleep(1_000);
                if (System.nanoTime() - nextCycle > 0) {
                    HttpResponse<String> r =
                            request(random, "POST", "/api/v1/admin/settlement-cycles", operatorToken, "{}");
                    if (r != null && r.statusCode() == 201) {
                        cyclesRequested.incrementAndGet();
                    }
                    nextCycle = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                }
                List<Long> pending = new ArrayList<>();
                try (Connection c = deployment.database.connect();
                        var rs = c.createStatement()
                                .executeQuery(
                                        "SELECT i.id FROM settlement_instruction i JOIN settlement_cycle y ON y.id = i.cycle_id"
                                                + " WHERE i.status = 'PENDING' AND y.status = 'PUBLISHED' ORDER BY i.id")) {
                    while (rs.next()) {
                        pending.add(rs.getLong(1));
                    }
                } catch (SQLException e) {
                    failedRequests
                            .computeIfAbsent("database read", k -> new AtomicLong())
                            .incrementAndGet();
                    continue;
                }
                for (long id : pending) {
                    if (!confirmed.add(id)) {
                        continue;
                    }
                    String value = random.nextInt(10) == 0
                            ? "{\"instructionId\":" + id
                                    + ",\"status\":\"FAILED\",\"reason\":\"returned by the settlement bank\"}"
                            : "{\"instructionId\":" + id + ",\"status\":\"SETTLED\",\"reference\":\"CUST-" + id + "\"}";
                    int copies = random.nextInt(5) == 0 ? 2 : 1;
                    for (int i = 0; i < copies; i++) {
                        producer.send(
                                new ProducerRecord<>(Deployment.CONFIRMATIONS, Long.toString(id), value), (m, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(
                                                null,
                                                new IllegalStateException("a confirmation was not acknowledged", e));
                                    }
                                });
                        confirmationsSent.incrementAndGet();
                    }
                }
            }
            producer.flush();
        }
    }

    // ---- requests --------------------------------------------------------------------------------------------

    private HttpResponse<String> request(Random random, String method, String path, String token, String json) {
        return request(random.nextInt(deployment.instanceCount()), method, path, token, json);
    }

    /**
     * One request to an instance; null when it could not be sent or got no answer (an instance or the database is
     * down: counted, not an anomaly). A 5xx is kept for the report.
     */
    private HttpResponse<String> request(int pick, String method, String path, String token, String json) {
        try {
            HttpResponse<String> r = deployment.anyInstance(pick).send(method, path, token, json, REQUEST_TIMEOUT);
            if (r.statusCode() >= 500) {
                serverErrors.add(method + " " + path + " -> " + r.statusCode() + " " + abbreviate(r.body()));
            }
            return r;
        } catch (UncheckedIOException | IllegalStateException e) {
            failedRequests
                    .computeIfAbsent(
                            method + " "
                                    + path.replaceAll("/[0-9]+/", "/{id}/")
                                            .replaceAll("/accounts/[^/]+/", "/accounts/{a}/"),
                            k -> new AtomicLong())
                    .incrementAndGet();
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    static String member(String account) {
        return account.substring(0, account.indexOf('-'));
    }

    /** Dead letters the feed sent, by reason. */
    Map<String, Long> expectedDeadLetters() {
        Map<String, Long> m = new TreeMap<>();
        deadLetters.forEach((reason, n) -> m.put(reason, n.get()));
        return m;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
