-- Trade and price ingestion from Kafka: the trade inbox, positions, dead letters, stored consumer offsets, and
-- harmonized marks. Offsets live here, in the same transaction as their effects, so that a batch is applied
-- exactly once whatever Kafka's own committed offsets say (I4, I5).

-- Every trade applied, keyed by the venue's own id. payload_hash is SHA-256 of the trade's canonical fields:
-- a redelivery with the same hash is a duplicate, one with another hash a conflict that is never merged.
CREATE TABLE trade_inbox (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venue_id           BIGINT          NOT NULL REFERENCES venue (id),
    venue_trade_id     TEXT            NOT NULL CHECK (length(venue_trade_id) BETWEEN 1 AND 64),
    payload_hash       BYTEA           NOT NULL CHECK (length(payload_hash) = 32),
    product_id         BIGINT          NOT NULL REFERENCES product (id),
    buyer_account_id   BIGINT          NOT NULL REFERENCES account (id),
    seller_account_id  BIGINT          NOT NULL REFERENCES account (id),
    -- USD per unit of the underlying
    price              NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price > 0),
    -- product units (venue contracts x contract size); the buyer is +quantity, the seller -quantity
    quantity           NUMERIC(38, 18) NOT NULL CHECK (quantity <> 'NaN' AND quantity > 0),
    executed_at        TIMESTAMPTZ     NOT NULL,
    received_at        TIMESTAMPTZ     NOT NULL DEFAULT now(),
    source_topic       TEXT            NOT NULL,
    source_partition   INTEGER         NOT NULL,
    source_offset      BIGINT          NOT NULL,
    CONSTRAINT trade_inbox_venue_trade UNIQUE (venue_id, venue_trade_id),
    CONSTRAINT trade_inbox_two_sides CHECK (buyer_account_id <> seller_account_id)
);
CREATE INDEX trade_inbox_buyer_idx ON trade_inbox (buyer_account_id, id);
CREATE INDEX trade_inbox_seller_idx ON trade_inbox (seller_account_id, id);
CREATE INDEX trade_inbox_source_idx ON trade_inbox (source_topic, source_partition, source_offset);

-- Exact redeliveries, counted one row per Kafka record so that every offset is accounted for (I5).
CREATE TABLE trade_duplicate (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trade_id          BIGINT      NOT NULL REFERENCES trade_inbox (id),
    source_topic      TEXT        NOT NULL,
    source_partition  INTEGER     NOT NULL,
    source_offset     BIGINT      NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX trade_duplicate_source_idx ON trade_duplicate (source_topic, source_partition, source_offset);

-- Open positions per account and harmonized product, netted across venues.
-- quantity: + long, - short, product units. average_price: the volume-weighted entry price of the open quantity
-- (0 when flat). realized_pnl: USD, + gained by the member, accumulated on reductions.
CREATE TABLE position (
    account_id     BIGINT          NOT NULL REFERENCES account (id),
    product_id     BIGINT          NOT NULL REFERENCES product (id),
    quantity       NUMERIC(38, 18) NOT NULL CHECK (quantity <> 'NaN'),
    average_price  NUMERIC(38, 18) NOT NULL CHECK (average_price <> 'NaN' AND average_price >= 0),
    realized_pnl   NUMERIC(38, 18) NOT NULL CHECK (realized_pnl <> 'NaN'),
    trade_count    BIGINT          NOT NULL DEFAULT 0 CHECK (trade_count >= 0),
    updated_at     TIMESTAMPTZ     NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, product_id),
    CONSTRAINT position_flat_has_no_price CHECK (quantity <> 0 OR average_price = 0)
);
CREATE INDEX position_product_idx ON position (product_id);

-- Accounts whose risk changed and that the margin engine has to look at again.
CREATE TABLE margin_queue (
    account_id  BIGINT      PRIMARY KEY REFERENCES account (id),
    since       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The next Kafka offset to apply per consumer group and partition. Updated with compare-and-set in the batch's
-- own transaction: an instance that lost its partition cannot move it.
CREATE TABLE consumer_offset (
    consumer_group  TEXT        NOT NULL,
    topic           TEXT        NOT NULL,
    kafka_partition INTEGER     NOT NULL CHECK (kafka_partition >= 0),
    next_offset     BIGINT      NOT NULL CHECK (next_offset >= 0),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, kafka_partition)
);

-- Records that can never succeed as they are. The partition moves on; operators inspect, replay or discard them.
CREATE TABLE dead_letter (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_topic      TEXT        NOT NULL,
    source_partition  INTEGER     NOT NULL,
    source_offset     BIGINT      NOT NULL,
    record_key        TEXT,
    payload           TEXT        NOT NULL,
    reason            TEXT        NOT NULL,
    detail            TEXT        NOT NULL,
    status            TEXT        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'REPLAYED', 'DISCARDED')),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_by       TEXT,
    resolved_at       TIMESTAMPTZ,
    resolution        TEXT,
    CONSTRAINT dead_letter_resolution CHECK ((status = 'OPEN') = (resolved_at IS NULL))
);
CREATE INDEX dead_letter_open_idx ON dead_letter (status, id);
CREATE INDEX dead_letter_source_idx ON dead_letter (source_topic, source_partition, source_offset);

-- The latest price each venue reported for each product, in USD per unit of the underlying.
CREATE TABLE venue_price (
    venue_id     BIGINT          NOT NULL REFERENCES venue (id),
    product_id   BIGINT          NOT NULL REFERENCES product (id),
    price        NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price > 0),
    at           TIMESTAMPTZ     NOT NULL,
    received_at  TIMESTAMPTZ     NOT NULL DEFAULT now(),
    PRIMARY KEY (venue_id, product_id)
);

-- The harmonized mark per product: the median of fresh venue prices within a band, or an operator's override.
-- stale: too few venue prices were usable at the last update, so the last good mark was kept.
CREATE TABLE mark (
    product_id  BIGINT          PRIMARY KEY REFERENCES product (id),
    price       NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price > 0),
    source      TEXT            NOT NULL CHECK (source IN ('HARMONIZED', 'OVERRIDE')),
    stale       BOOLEAN         NOT NULL DEFAULT false,
    sources     INTEGER         NOT NULL CHECK (sources >= 0),
    updated_at  TIMESTAMPTZ     NOT NULL,
    reason      TEXT
);

CREATE TABLE mark_history (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id  BIGINT          NOT NULL REFERENCES product (id),
    price       NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price > 0),
    source      TEXT            NOT NULL CHECK (source IN ('HARMONIZED', 'OVERRIDE')),
    sources     INTEGER         NOT NULL,
    at          TIMESTAMPTZ     NOT NULL
);
CREATE INDEX mark_history_product_idx ON mark_history (product_id, id);
