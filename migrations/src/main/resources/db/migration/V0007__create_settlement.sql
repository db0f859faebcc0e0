-- Settlement in the service (design.md, "Data flow" 4 and 6): cycles with their frozen prices, the trades each cycle
-- settled, the positions' settlement state, statements, instructions and their confirmations, and the flag that
-- hands a member whose payment failed to default management.
--
-- Booking model. A cycle books each account's share of its member's net (variation margin + funding + fees) to the
-- account's MEMBER_SETTLEMENT ledger account, against the CCP's settlement account: what the CCP owes the account
-- (+) or is owed by it (-) until the member's instruction settles. Settling the instruction moves each share between
-- the settlement account and the account's collateral; a payer's collateral is debited then, never before, so the
-- non-negative CHECK on member collateral is never at stake in a cycle. Equity is collateral + settlement balance.

INSERT INTO ledger_account_kind (kind, description) VALUES
    ('MEMBER_SETTLEMENT', 'a member account''s share of settlement cycles whose instruction has not settled: + owed to the account, - owed by it'),
    ('CCP_SETTLEMENT', 'the counterparty of every member''s variation margin and funding'),
    ('CCP_FEES', 'clearing fee income'),
    ('CCP_ROUNDING', 'the rounding residue of settlement cycles, always in the CCP''s favour');

INSERT INTO journal_entry_kind (kind, description) VALUES
    ('SETTLEMENT_CYCLE', 'a cycle''s variation margin, funding and fees of one member in one currency, against the CCP'),
    ('SETTLEMENT_CCP', 'a cycle''s CCP side in one currency: fee income and rounding residue out of the settlement account'),
    ('SETTLEMENT_PAYMENT', 'a settled instruction moves each account''s share between its settlement balance and its collateral');

INSERT INTO ledger_account (code, kind, non_negative) VALUES
    ('CCP:SETTLEMENT', 'CCP_SETTLEMENT', false),
    ('CCP:FEES', 'CCP_FEES', false),
    ('CCP:ROUNDING', 'CCP_ROUNDING', false);

-- One row per cycle. FROZEN: prices frozen and trades assigned (the cut-off); POSTED: ledger, statement, instructions
-- and the positions' next state written; PUBLISHED: the instructions' events are in the outbox. Each step is one
-- transaction; at most one cycle is unfinished at any time, whatever the number of instances.
CREATE TABLE settlement_cycle (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code              TEXT            NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    origin            TEXT            NOT NULL CHECK (origin IN ('SCHEDULED', 'OPERATOR')),
    status            TEXT            NOT NULL CHECK (status IN ('FROZEN', 'POSTED', 'PUBLISHED')),
    cut_off           TIMESTAMPTZ     NOT NULL,
    asset_id          BIGINT          NOT NULL REFERENCES asset (id),
    fee_rate          NUMERIC(38, 18) NOT NULL CHECK (fee_rate <> 'NaN' AND fee_rate >= 0),
    requested_by      TEXT            NOT NULL,
    reason            TEXT            CHECK (length(reason) <= 500),
    deferred_products TEXT[]          NOT NULL DEFAULT '{}',
    trades            INTEGER         NOT NULL DEFAULT 0 CHECK (trades >= 0),
    positions         INTEGER         CHECK (positions >= 0),
    instructions      INTEGER         CHECK (instructions >= 0),
    frozen_at         TIMESTAMPTZ     NOT NULL,
    posted_at         TIMESTAMPTZ,
    published_at      TIMESTAMPTZ,
    CONSTRAINT settlement_cycle_posted CHECK ((status = 'FROZEN') = (posted_at IS NULL)),
    CONSTRAINT settlement_cycle_published CHECK ((status = 'PUBLISHED') = (published_at IS NOT NULL))
);
CREATE UNIQUE INDEX settlement_cycle_one_unfinished ON settlement_cycle ((true)) WHERE status <> 'PUBLISHED';

-- The settlement price of every product a cycle settled (the harmonized mark at the cut-off, or an operator's price)
-- and the perpetual funding rate the cycle applied (NULL: none).
CREATE TABLE settlement_price (
    cycle_id      BIGINT          NOT NULL REFERENCES settlement_cycle (id),
    product_id    BIGINT          NOT NULL REFERENCES product (id),
    price         NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price > 0),
    source        TEXT            NOT NULL CHECK (source IN ('MARK', 'OPERATOR')),
    mark_stale    BOOLEAN         NOT NULL,
    funding_rate  NUMERIC(38, 18) CHECK (funding_rate <> 'NaN'),
    PRIMARY KEY (cycle_id, product_id)
);

-- The cycle that settled each trade; NULL until one does. Set at the cut-off in one statement, so a batch committed
-- after it waits for the next cycle and no trade is ever settled twice or skipped.
ALTER TABLE trade_inbox ADD COLUMN settlement_cycle_id BIGINT REFERENCES settlement_cycle (id);
CREATE INDEX trade_inbox_unsettled_product_idx ON trade_inbox (product_id) WHERE settlement_cycle_id IS NULL;
CREATE INDEX trade_inbox_unsettled_buyer_idx ON trade_inbox (buyer_account_id) WHERE settlement_cycle_id IS NULL;
CREATE INDEX trade_inbox_unsettled_seller_idx ON trade_inbox (seller_account_id) WHERE settlement_cycle_id IS NULL;
CREATE INDEX trade_inbox_cycle_idx ON trade_inbox (settlement_cycle_id) WHERE settlement_cycle_id IS NOT NULL;

-- A position as the last cycle left it: the quantity held at its cut-off and the reference price (that cycle's
-- settlement price) variation margin is measured from. Flat positions have no row.
CREATE TABLE settlement_position (
    account_id       BIGINT          NOT NULL REFERENCES account (id),
    product_id       BIGINT          NOT NULL REFERENCES product (id),
    quantity         NUMERIC(38, 18) NOT NULL CHECK (quantity <> 'NaN' AND quantity <> 0),
    reference_price  NUMERIC(38, 18) NOT NULL CHECK (reference_price <> 'NaN' AND reference_price > 0),
    cycle_id         BIGINT          NOT NULL REFERENCES settlement_cycle (id),
    PRIMARY KEY (account_id, product_id)
);
CREATE INDEX settlement_position_product_idx ON settlement_position (product_id);

-- Statement lines, one per account and product a cycle touched. The figures are the settlement library's exact
-- values (products of 18-decimal quantities, prices and rates need more than 18 decimals): NUMERIC without a scale,
-- so nothing is rounded on the way to the database. Rounding happens once, on the member's net.
CREATE TABLE settlement_statement_line (
    cycle_id           BIGINT          NOT NULL REFERENCES settlement_cycle (id),
    account_id         BIGINT          NOT NULL REFERENCES account (id),
    product_id         BIGINT          NOT NULL REFERENCES product (id),
    asset_id           BIGINT          NOT NULL REFERENCES asset (id),
    opening_quantity   NUMERIC         NOT NULL CHECK (opening_quantity <> 'NaN'),
    reference_price    NUMERIC(38, 18) NOT NULL CHECK (reference_price <> 'NaN' AND reference_price > 0),
    trade_count        INTEGER         NOT NULL CHECK (trade_count >= 0),
    traded_quantity    NUMERIC         NOT NULL CHECK (traded_quantity <> 'NaN'),
    traded_notional    NUMERIC         NOT NULL CHECK (traded_notional <> 'NaN' AND traded_notional >= 0),
    settlement_price   NUMERIC(38, 18) NOT NULL CHECK (settlement_price <> 'NaN' AND settlement_price > 0),
    closing_quantity   NUMERIC         NOT NULL CHECK (closing_quantity <> 'NaN'),
    variation_margin   NUMERIC         NOT NULL CHECK (variation_margin <> 'NaN'),
    funding            NUMERIC         NOT NULL CHECK (funding <> 'NaN'),
    fees               NUMERIC         NOT NULL CHECK (fees <> 'NaN' AND fees <= 0),
    PRIMARY KEY (cycle_id, account_id, product_id)
);
CREATE INDEX settlement_statement_line_account_idx ON settlement_statement_line (account_id, cycle_id);

-- A member's net per currency: exact figures and the rounded net (FLOOR at the currency's scale) its instruction pays.
CREATE TABLE settlement_net (
    cycle_id          BIGINT          NOT NULL REFERENCES settlement_cycle (id),
    member_id         BIGINT          NOT NULL REFERENCES member (id),
    asset_id          BIGINT          NOT NULL REFERENCES asset (id),
    variation_margin  NUMERIC         NOT NULL CHECK (variation_margin <> 'NaN'),
    funding           NUMERIC         NOT NULL CHECK (funding <> 'NaN'),
    fees              NUMERIC         NOT NULL CHECK (fees <> 'NaN' AND fees <= 0),
    exact_net         NUMERIC         NOT NULL CHECK (exact_net <> 'NaN'),
    rounded_net       NUMERIC(38, 18) NOT NULL CHECK (rounded_net <> 'NaN' AND rounded_net <= exact_net),
    PRIMARY KEY (cycle_id, member_id, asset_id)
);
CREATE INDEX settlement_net_member_idx ON settlement_net (member_id, cycle_id);

-- Each account's share of its member's rounded net: what the cycle booked to the account's settlement balance, and
-- what settling the instruction moves into (or out of) the account's collateral.
CREATE TABLE settlement_account_amount (
    cycle_id    BIGINT          NOT NULL REFERENCES settlement_cycle (id),
    account_id  BIGINT          NOT NULL REFERENCES account (id),
    asset_id    BIGINT          NOT NULL REFERENCES asset (id),
    member_id   BIGINT          NOT NULL REFERENCES member (id),
    amount      NUMERIC(38, 18) NOT NULL CHECK (amount <> 'NaN'),
    PRIMARY KEY (cycle_id, account_id, asset_id)
);
CREATE INDEX settlement_account_amount_member_idx ON settlement_account_amount (cycle_id, member_id, asset_id);

-- One payment per member per currency per cycle. PENDING -> SETTLED or FAILED, by an operator or the custodian's
-- confirmation feed; a late payment may still settle a FAILED instruction.
CREATE TABLE settlement_instruction (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cycle_id            BIGINT          NOT NULL REFERENCES settlement_cycle (id),
    member_id           BIGINT          NOT NULL REFERENCES member (id),
    asset_id            BIGINT          NOT NULL REFERENCES asset (id),
    direction           TEXT            NOT NULL CHECK (direction IN ('PAY', 'RECEIVE')),
    amount              NUMERIC(38, 18) NOT NULL CHECK (amount <> 'NaN' AND amount > 0),
    status              TEXT            NOT NULL CHECK (status IN ('PENDING', 'SETTLED', 'FAILED')),
    created_at          TIMESTAMPTZ     NOT NULL,
    decided_by          TEXT,
    decided_at          TIMESTAMPTZ,
    reason              TEXT            CHECK (length(reason) <= 500),
    external_reference  TEXT            CHECK (length(external_reference) <= 200),
    CONSTRAINT settlement_instruction_once UNIQUE (cycle_id, member_id, asset_id),
    CONSTRAINT settlement_instruction_decided CHECK ((status = 'PENDING') = (decided_at IS NULL))
);
CREATE INDEX settlement_instruction_member_idx ON settlement_instruction (member_id, id);
CREATE INDEX settlement_instruction_open_idx ON settlement_instruction (status, id) WHERE status <> 'SETTLED';

-- What the custodian's feed (Kafka topic settlement-confirmations) said, record by record: applied, a duplicate of
-- a decision already taken, or rejected with the reason; the partition always moves on.
CREATE TABLE settlement_confirmation (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_topic      TEXT        NOT NULL,
    source_partition  INTEGER     NOT NULL,
    source_offset     BIGINT      NOT NULL,
    record_key        TEXT,
    payload           TEXT        NOT NULL,
    instruction_id    BIGINT      REFERENCES settlement_instruction (id),
    outcome           TEXT        NOT NULL CHECK (outcome IN ('APPLIED', 'DUPLICATE', 'REJECTED')),
    detail            TEXT        NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT settlement_confirmation_source UNIQUE (source_topic, source_partition, source_offset)
);

-- Members handed to default management (design.md, "Data flow" 5), e.g. because a settlement payment failed. At most
-- one open flag per member; further failures add their reference to it.
CREATE TABLE default_flag (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   BIGINT      NOT NULL REFERENCES member (id),
    reason      TEXT        NOT NULL CHECK (reason IN ('SETTLEMENT_FAILURE')),
    reference   TEXT        NOT NULL CHECK (length(reference) BETWEEN 1 AND 1000),
    raised_by   TEXT        NOT NULL,
    raised_at   TIMESTAMPTZ NOT NULL,
    cleared_by  TEXT,
    cleared_at  TIMESTAMPTZ,
    CONSTRAINT default_flag_cleared CHECK ((cleared_by IS NULL) = (cleared_at IS NULL))
);
CREATE UNIQUE INDEX default_flag_one_open ON default_flag (member_id) WHERE cleared_at IS NULL;

-- What a cycle decided is never rewritten (I7): statements, nets and shares are append-only.
CREATE TRIGGER settlement_statement_line_append_only BEFORE UPDATE OR DELETE ON settlement_statement_line
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER settlement_net_append_only BEFORE UPDATE OR DELETE ON settlement_net
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER settlement_account_amount_append_only BEFORE UPDATE OR DELETE ON settlement_account_amount
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER settlement_price_append_only BEFORE UPDATE OR DELETE ON settlement_price
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
