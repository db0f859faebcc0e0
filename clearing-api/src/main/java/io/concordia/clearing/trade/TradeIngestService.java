package io.concordia.clearing.trade;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.account.AccountLocks;
import io.concordia.clearing.account.AccountStatus;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.common.kafka.ConsumerOffsets;
import io.concordia.clearing.common.kafka.DeadLetterReason;
import io.concordia.clearing.common.kafka.DeadLetters;
import io.concordia.clearing.common.kafka.DeadLetters.Failed;
import io.concordia.clearing.common.kafka.IngestConfig;
import io.concordia.clearing.common.kafka.IngestRecord;
import io.concordia.clearing.common.kafka.RecordRejected;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.member.MemberStatus;
import io.concordia.clearing.refdata.ReferenceLookup;
import io.concordia.clearing.refdata.ReferenceLookup.Instrument;
import io.concordia.settlement.novation.NovatedPosition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a poll batch of trade records in one transaction: skips what was already applied, validates, maps
 * venue instruments to harmonized products, writes the inbox, novates into both sides' positions, queues the
 * accounts for margin, dead-letters what can never succeed, and advances the stored offsets. Set-based SQL
 * throughout: a batch costs a handful of round trips, not a few per trade.
 */
@ApplicationScoped
public class TradeIngestService {

    /** A batch at least this large is parsed in parallel. */
    private static final int PARALLEL_PARSE = 1_000;

    /** What a batch did. {@code deadLetters} are returned so that the consumer can publish them to trades.dlq. */
    public record BatchResult(
            int applied, int duplicates, int skipped, List<Failed> deadLetters, Set<Long> touchedAccounts) {}

    /** A record that passed the checks needing no reference data. */
    private record Candidate(IngestRecord record, TradeMessage message, byte[] hash) {}

    /**
     * A trade ready to be written: reference data resolved, quantity in product units. {@code key} identifies the trade
     * (venue id and venue trade id), built once: the batch looks trades up by it several times.
     */
    private record Resolved(
            Candidate candidate,
            long venueId,
            long productId,
            long buyerId,
            long sellerId,
            BigDecimal units,
            String key) {}

    private static String key(long venueId, String tradeId) {
        return venueId + "/" + tradeId;
    }

    private record AccountRef(long id, String accountStatus, String memberStatus, boolean ccp) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    IngestConfig config;

    @Inject
    Clock clock;

    /**
     * A poll batch parsed and hashed, ready to be applied: {@code parsed.get(i)} is the {@link Candidate} or the
     * {@link Failed} record of {@code records.get(i)}.
     */
    public record ParsedBatch(List<IngestRecord> records, List<Object> parsed) {}

    /**
     * The part of a batch that needs no database: parsing and hashing, a good part of the work. The consumer does it
     * for the next batch while the previous one is being applied, so that the two halves overlap.
     */
    public ParsedBatch parse(List<IngestRecord> records) {
        Instant now = clock.instant();
        // on a large batch on every core, in order
        List<Object> parsed = (records.size() >= PARALLEL_PARSE ? records.parallelStream() : records.stream())
                .map(r -> parse(r, now))
                .toList();
        return new ParsedBatch(records, parsed);
    }

    @Transactional
    public BatchResult apply(ParsedBatch batch) {
        // the offsets' compare-and-set and the inbox commit together: each record is applied exactly once
        return Jdbc.with(dataSource, c -> {
            ConsumerOffsets.Claim claim = ConsumerOffsets.claim(c, config.groupId(), batch.records());
            BatchResult result = applyTrades(c, freshOnly(batch, claim), claim.skipped(), true);
            ConsumerOffsets.commit(c, config.groupId(), claim);
            return result;
        });
    }

    /**
     * Applies records outside any offset bookkeeping: an operator's replay of a dead letter. Returns the batch result;
     * a record that still fails is in {@code deadLetters} and nothing was written for it, not even a new dead letter.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public BatchResult replay(IngestRecord record) {
        return Jdbc.with(dataSource, c -> applyTrades(c, parse(List.of(record)).parsed(), 0, false));
    }

    /** The parsed records the claim left to apply (those at or past their partition's stored offset), in poll order. */
    private static List<Object> freshOnly(ParsedBatch batch, ConsumerOffsets.Claim claim) {
        if (claim.skipped() == 0) {
            return batch.parsed();
        }
        Set<IngestRecord> fresh = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        fresh.addAll(claim.fresh());
        List<Object> kept = new ArrayList<>(fresh.size());
        for (int i = 0; i < batch.records().size(); i++) {
            if (fresh.contains(batch.records().get(i))) {
                kept.add(batch.parsed().get(i));
            }
        }
        return kept;
    }

    private BatchResult applyTrades(Connection c, List<Object> parsed, int skipped, boolean recordFailures)
            throws SQLException {
        List<Failed> failed = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>(parsed.size());
        for (Object p : parsed) {
            if (p instanceof Candidate k) {
                candidates.add(k);
            } else {
                failed.add((Failed) p);
            }
        }
        List<Resolved> resolved = resolve(c, candidates, failed);
        lockAccounts(c, resolved);

        // within the batch: the first occurrence is the trade, later ones are duplicates or conflicts of it
        Map<String, Resolved> firstByKey = new LinkedHashMap<>();
        List<Resolved[]> batchRepeats = new ArrayList<>(); // {repeat, first}
        for (Resolved t : resolved) {
            Resolved first = firstByKey.putIfAbsent(t.key(), t);
            if (first != null) {
                batchRepeats.add(new Resolved[] {t, first});
            }
        }
        Map<String, Long> inserted = insertInbox(c, firstByKey.values());
        List<Resolved> applied = new ArrayList<>(inserted.size());
        List<Resolved> notInserted = new ArrayList<>();
        for (Resolved t : firstByKey.values()) {
            (inserted.containsKey(t.key()) ? applied : notInserted).add(t);
        }
        Map<String, Object[]> existing = existingTrades(c, notInserted); // key -> {id, hash}
        List<Object[]> duplicates = new ArrayList<>(); // {tradeId, record}
        for (Resolved t : notInserted) {
            Object[] e = existing.get(t.key());
            classifyRepeat(t, (Long) e[0], (byte[]) e[1], duplicates, failed);
        }
        for (Resolved[] repeat : batchRepeats) {
            Resolved first = repeat[1];
            Long firstId = inserted.get(first.key());
            if (firstId == null) {
                Object[] e = existing.get(first.key());
                classifyRepeat(repeat[0], (Long) e[0], (byte[]) e[1], duplicates, failed);
            } else {
                classifyRepeat(repeat[0], firstId, first.candidate().hash(), duplicates, failed);
            }
        }
        Set<Long> touched = novate(c, applied);
        insertDuplicates(c, duplicates);
        if (recordFailures) {
            DeadLetters.insert(c, failed);
        }
        MarginQueue.enqueue(c, touched);
        return new BatchResult(applied.size(), duplicates.size(), skipped, failed, touched);
    }

    /** The record as a {@link Candidate}, or the {@link Failed} record if it can never be a trade. */
    private Object parse(IngestRecord r, Instant now) {
        try {
            TradeMessage m = TradeMessage.parse(json, r.topic(), r.value(), now, config.maxClockSkew());
            return new Candidate(r, m, m.contentHash());
        } catch (RecordRejected e) {
            return new Failed(r, e);
        }
    }

    private static void classifyRepeat(
            Resolved t, long existingId, byte[] existingHash, List<Object[]> duplicates, List<Failed> failed) {
        if (java.util.Arrays.equals(existingHash, t.candidate().hash())) {
            duplicates.add(new Object[] {existingId, t.candidate().record()});
        } else {
            failed.add(new Failed(
                    t.candidate().record(),
                    new RecordRejected(
                            DeadLetterReason.CONFLICTING_DUPLICATE,
                            "trade '" + t.candidate().message().tradeId() + "' of venue '"
                                    + t.candidate().message().venue()
                                    + "' was already applied with different content (trade " + existingId
                                    + "); quarantined, not merged")));
        }
    }

    private List<Resolved> resolve(Connection c, List<Candidate> candidates, List<Failed> failed) throws SQLException {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<String, Long> venues = ReferenceLookup.venueIds(
                c, candidates.stream().map(k -> k.message().venue()).toList());
        Map<String, Instrument> instruments = ReferenceLookup.instruments(c, venues.values());
        Set<String> accountCodes = new HashSet<>();
        candidates.forEach(k -> {
            accountCodes.add(k.message().buyer());
            accountCodes.add(k.message().seller());
        });
        Map<String, AccountRef> accounts = new HashMap<>();
        Sql.on(c)
                .list(
                        """
                SELECT a.code, a.id, a.status AS account_status, m.status AS member_status, m.is_ccp
                  FROM account a JOIN member m ON m.id = a.member_id
                 WHERE a.code = ANY(?)""",
                        row -> accounts.put(
                                row.string("code"),
                                new AccountRef(
                                        row.longValue("id"),
                                        row.string("account_status"),
                                        row.string("member_status"),
                                        row.bool("is_ccp"))),
                        Sql.texts(accountCodes));
        List<Resolved> resolved = new ArrayList<>(candidates.size());
        for (Candidate k : candidates) {
            try {
                resolved.add(resolveOne(k, venues, instruments, accounts));
            } catch (RecordRejected e) {
                failed.add(new Failed(k.record(), e));
            }
        }
        return resolved;
    }

    private static Resolved resolveOne(
            Candidate k,
            Map<String, Long> venues,
            Map<String, Instrument> instruments,
            Map<String, AccountRef> accounts)
            throws RecordRejected {
        TradeMessage m = k.message();
        Long venueId = venues.get(m.venue());
        if (venueId == null) {
            throw new RecordRejected(DeadLetterReason.UNKNOWN_VENUE, "venue '" + m.venue() + "' is not known");
        }
        Instrument instrument = instruments.get(ReferenceLookup.instrumentKey(venueId, m.symbol()));
        if (instrument == null) {
            throw new RecordRejected(
                    DeadLetterReason.UNKNOWN_INSTRUMENT,
                    "venue '" + m.venue() + "' has no instrument '" + m.symbol() + "'");
        }
        String expired = instrument.expired(m.executedAt());
        if (expired != null) {
            throw new RecordRejected(
                    DeadLetterReason.PRODUCT_EXPIRED, "trade " + m.tradeId() + " on '" + m.symbol() + "': " + expired);
        }
        AccountRef buyer = account(accounts, m.buyer());
        AccountRef seller = account(accounts, m.seller());
        BigDecimal units = m.quantity().multiply(instrument.contractSize()).stripTrailingZeros();
        if (units.scale() > 18 || units.precision() - units.scale() > 20) {
            throw new RecordRejected(
                    DeadLetterReason.OUT_OF_RANGE,
                    "quantity " + m.quantity().toPlainString() + " x contract size "
                            + instrument.contractSize().toPlainString() + " does not fit NUMERIC(38, 18)");
        }
        return new Resolved(
                k, venueId, instrument.productId(), buyer.id(), seller.id(), units, key(venueId, m.tradeId()));
    }

    private static AccountRef account(Map<String, AccountRef> accounts, String code) throws RecordRejected {
        AccountRef a = accounts.get(code);
        if (a == null) {
            throw new RecordRejected(DeadLetterReason.UNKNOWN_ACCOUNT, "account '" + code + "' is not known");
        }
        if (a.ccp()) {
            throw new RecordRejected(
                    DeadLetterReason.CCP_ACCOUNT,
                    "account '" + code + "' is the CCP's own; it takes positions " + "only through default management");
        }
        if (MemberStatus.DEFAULTED.name().equals(a.memberStatus())) {
            throw new RecordRejected(
                    DeadLetterReason.MEMBER_IN_DEFAULT,
                    "the member of account '" + code + "' is in default; " + "its accounts are frozen");
        }
        if (!MemberStatus.ACTIVE.name().equals(a.memberStatus())) {
            throw new RecordRejected(
                    DeadLetterReason.MEMBER_NOT_ACTIVE, "the member of account '" + code + "' is " + a.memberStatus());
        }
        if (!AccountStatus.OPEN.name().equals(a.accountStatus())) {
            throw new RecordRejected(
                    DeadLetterReason.ACCOUNT_NOT_OPEN, "account '" + code + "' is " + a.accountStatus());
        }
        return a;
    }

    /** Locks every account the batch touches, in ascending id order, so that concurrent batches never deadlock. */
    private static void lockAccounts(Connection c, List<Resolved> resolved) throws SQLException {
        if (resolved.isEmpty()) {
            return;
        }
        TreeSet<Long> ids = new TreeSet<>();
        resolved.forEach(t -> {
            ids.add(t.buyerId());
            ids.add(t.sellerId());
        });
        AccountLocks.lock(c, ids);
    }

    /**
     * Inserts the trades not yet in the inbox; returns the inbox id of each inserted one by key. Ids, offsets and hashes
     * go as primitive arrays, which the driver sends in binary: no text to format here or to parse in the database
     * ({@link Sql} hands an array it has no binding of its own for to the driver as it is).
     */
    private static Map<String, Long> insertInbox(Connection c, java.util.Collection<Resolved> trades) {
        Map<String, Long> inserted = new HashMap<>();
        if (trades.isEmpty()) {
            return inserted;
        }
        int n = trades.size();
        long[] venue = new long[n],
                product = new long[n],
                buyer = new long[n],
                seller = new long[n],
                offset = new long[n];
        int[] partition = new int[n];
        byte[][] hash = new byte[n][];
        String[] tradeId = new String[n], executed = new String[n], topic = new String[n];
        BigDecimal[] price = new BigDecimal[n], units = new BigDecimal[n];
        int i = 0;
        for (Resolved t : trades) {
            TradeMessage m = t.candidate().message();
            IngestRecord r = t.candidate().record();
            venue[i] = t.venueId();
            tradeId[i] = m.tradeId();
            hash[i] = t.candidate().hash();
            product[i] = t.productId();
            buyer[i] = t.buyerId();
            seller[i] = t.sellerId();
            price[i] = m.price();
            units[i] = t.units();
            executed[i] = m.executedAt().toString();
            topic[i] = r.topic();
            partition[i] = r.partition();
            offset[i] = r.offset();
            i++;
        }
        Sql.on(c)
                .list(
                        """
                INSERT INTO trade_inbox (venue_id, venue_trade_id, payload_hash, product_id, buyer_account_id, seller_account_id,
                                         price, quantity, executed_at, source_topic, source_partition, source_offset)
                SELECT v, t, h, p, b, s, pr, q, e::timestamptz, tp, pa, o
                  FROM unnest(?::bigint[], ?::text[], ?::bytea[], ?::bigint[], ?::bigint[], ?::bigint[], ?::numeric[], ?::numeric[],
                              ?::text[], ?::text[], ?::int[], ?::bigint[]) AS u(v, t, h, p, b, s, pr, q, e, tp, pa, o)
                ON CONFLICT (venue_id, venue_trade_id) DO NOTHING
                RETURNING id, venue_id, venue_trade_id""",
                        row -> inserted.put(
                                key(row.longValue("venue_id"), row.string("venue_trade_id")), row.longValue("id")),
                        venue,
                        tradeId,
                        hash,
                        product,
                        buyer,
                        seller,
                        Sql.decimals(Arrays.asList(price)),
                        Sql.decimals(Arrays.asList(units)),
                        executed,
                        topic,
                        partition,
                        offset);
        return inserted;
    }

    private static Map<String, Object[]> existingTrades(Connection c, List<Resolved> trades) {
        Map<String, Object[]> existing = new HashMap<>();
        if (trades.isEmpty()) {
            return existing;
        }
        Sql.on(c)
                .list(
                        """
                SELECT i.id, i.venue_id, i.venue_trade_id, i.payload_hash FROM trade_inbox i
                  JOIN unnest(?::bigint[], ?::text[]) AS u(v, t) ON i.venue_id = u.v AND i.venue_trade_id = u.t""",
                        row -> existing.put(
                                key(row.longValue("venue_id"), row.string("venue_trade_id")),
                                new Object[] {row.longValue("id"), row.bytes("payload_hash")}),
                        Sql.longs(trades, Resolved::venueId),
                        Sql.texts(trades.stream()
                                .map(t -> t.candidate().message().tradeId())
                                .toList()));
        return existing;
    }

    /**
     * Novation: the buyer's position moves by +quantity and the seller's by -quantity at the trade price, in the
     * order the trades arrived. The CCP is the counterparty of both, so its own net position in every product
     * stays zero and is not stored; positions of all accounts per product sum to zero (I2).
     */
    private static Set<Long> novate(Connection c, List<Resolved> applied) {
        if (applied.isEmpty()) {
            return Set.of();
        }
        record Key(long account, long product) implements Comparable<Key> {
            @Override
            public int compareTo(Key o) {
                int x = Long.compare(account, o.account);
                return x != 0 ? x : Long.compare(product, o.product);
            }
        }
        final class Slot {
            NovatedPosition position;
            long fills;
        }
        // a batch fills each position many times: hash lookups per fill, one sort of the (far fewer) positions for SQL
        Map<Key, Slot> slots = new HashMap<>();
        Slot[] buyers = new Slot[applied.size()];
        Slot[] sellers = new Slot[applied.size()];
        for (int i = 0; i < buyers.length; i++) {
            Resolved t = applied.get(i);
            buyers[i] = slots.computeIfAbsent(new Key(t.buyerId(), t.productId()), k -> new Slot());
            sellers[i] = slots.computeIfAbsent(new Key(t.sellerId(), t.productId()), k -> new Slot());
        }
        List<Key> keys = new ArrayList<>(slots.keySet());
        keys.sort(null);
        long[] accounts = new long[keys.size()];
        long[] products = new long[keys.size()];
        for (int i = 0; i < accounts.length; i++) {
            accounts[i] = keys.get(i).account();
            products[i] = keys.get(i).product();
        }
        Sql sql = Sql.on(c);
        sql.update("""
                INSERT INTO position (account_id, product_id, quantity, average_price, realized_pnl)
                SELECT a, p, 0, 0, 0 FROM unnest(?::bigint[], ?::bigint[]) AS u(a, p)
                ON CONFLICT (account_id, product_id) DO NOTHING""", accounts, products);
        sql.list(
                """
                SELECT p.account_id, p.product_id, p.quantity, p.average_price, p.realized_pnl FROM position p
                  JOIN unnest(?::bigint[], ?::bigint[]) AS u(a, pr) ON p.account_id = u.a AND p.product_id = u.pr""",
                row -> slots.get(new Key(row.longValue("account_id"), row.longValue("product_id"))).position =
                        new NovatedPosition(
                                row.decimal("quantity"), row.decimal("average_price"), row.decimal("realized_pnl")),
                accounts,
                products);
        for (int i = 0; i < buyers.length; i++) {
            Resolved t = applied.get(i);
            BigDecimal price = t.candidate().message().price();
            buyers[i].position = buyers[i].position.fill(t.units(), price);
            buyers[i].fills++;
            sellers[i].position = sellers[i].position.fill(t.units().negate(), price);
            sellers[i].fills++;
        }
        BigDecimal[] quantity = new BigDecimal[keys.size()];
        BigDecimal[] average = new BigDecimal[keys.size()];
        BigDecimal[] realized = new BigDecimal[keys.size()];
        long[] fills = new long[keys.size()];
        for (int i = 0; i < accounts.length; i++) {
            Slot slot = slots.get(keys.get(i));
            quantity[i] = slot.position.quantity();
            average[i] = slot.position.averagePrice();
            realized[i] = slot.position.realizedPnl();
            fills[i] = slot.fills;
        }
        sql.update(
                """
                UPDATE position p SET quantity = u.q, average_price = u.ap, realized_pnl = u.r, trade_count = p.trade_count + u.n,
                                      updated_at = now()
                  FROM unnest(?::bigint[], ?::bigint[], ?::numeric[], ?::numeric[], ?::numeric[], ?::bigint[]) AS u(a, pr, q, ap, r, n)
                 WHERE p.account_id = u.a AND p.product_id = u.pr""",
                accounts,
                products,
                Sql.decimals(Arrays.asList(quantity)),
                Sql.decimals(Arrays.asList(average)),
                Sql.decimals(Arrays.asList(realized)),
                fills);
        TreeSet<Long> touched = new TreeSet<>();
        for (long a : accounts) {
            touched.add(a);
        }
        return touched;
    }

    private static void insertDuplicates(Connection c, List<Object[]> duplicates) {
        Sql.on(c)
                .batch(
                        "INSERT INTO trade_duplicate (trade_id, source_topic, source_partition, source_offset) VALUES (?, ?, ?, ?)",
                        duplicates,
                        d -> {
                            IngestRecord r = (IngestRecord) d[1];
                            return new Object[] {d[0], r.topic(), r.partition(), r.offset()};
                        });
    }
}
