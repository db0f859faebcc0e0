-- Margin in the service: ledger kinds as data, isolated buckets, schedule versions under four-eyes, scenario sets,
-- current and historical margin per account, margin calls and the transactional outbox.

-- Ledger account and journal entry kinds become rows, so that later features add kinds with an INSERT instead of
-- rewriting a CHECK. A kind whose code starts with MEMBER_ belongs to a member's account; the others are the CCP's.
CREATE TABLE ledger_account_kind (
    kind         TEXT PRIMARY KEY CHECK (kind ~ '^[A-Z][A-Z0-9_]{0,63}$'),
    description  TEXT NOT NULL
);
INSERT INTO ledger_account_kind (kind, description) VALUES
    ('MEMBER_COLLATERAL', 'a member account''s collateral not allocated to an isolated bucket'),
    ('MEMBER_BUCKET', 'a member account''s collateral allocated to the isolated bucket of one product'),
    ('CCP_CUSTODY', 'the other side of everything received from or paid to the outside world'),
    ('CCP_WITHDRAWALS_PENDING', 'collateral reserved by withdrawal requests awaiting a decision');

CREATE TABLE journal_entry_kind (
    kind         TEXT PRIMARY KEY CHECK (kind ~ '^[A-Z][A-Z0-9_]{0,63}$'),
    description  TEXT NOT NULL
);
INSERT INTO journal_entry_kind (kind, description) VALUES
    ('DEPOSIT', 'collateral received'),
    ('WITHDRAWAL_RESERVE', 'a withdrawal request reserves collateral'),
    ('WITHDRAWAL_PAYOUT', 'an approved withdrawal leaves'),
    ('WITHDRAWAL_RELEASE', 'a rejected withdrawal returns to the member'),
    ('BUCKET_ALLOCATE', 'collateral moved into an isolated bucket'),
    ('BUCKET_RELEASE', 'collateral moved out of an isolated bucket');

ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_kind_check;
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_owner;
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_account_id_key;
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_kind_fk FOREIGN KEY (kind) REFERENCES ledger_account_kind (kind);
ALTER TABLE ledger_account ADD COLUMN product_id BIGINT REFERENCES product (id);
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_owner CHECK ((kind LIKE 'MEMBER\_%') = (account_id IS NOT NULL));
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_bucket CHECK ((kind = 'MEMBER_BUCKET') = (product_id IS NOT NULL));
CREATE UNIQUE INDEX ledger_account_owner_unique ON ledger_account (account_id, kind, COALESCE(product_id, 0))
    WHERE account_id IS NOT NULL;

ALTER TABLE journal_entry DROP CONSTRAINT journal_entry_kind_check;
ALTER TABLE journal_entry ADD CONSTRAINT journal_entry_kind_fk FOREIGN KEY (kind) REFERENCES journal_entry_kind (kind);

-- Margin schedule versions. The body is the schedule in margin-core's replication format. DRAFT -> APPROVED by a
-- different person (four-eyes, enforced here too) -> ACTIVE from its effective time -> SUPERSEDED; or REJECTED.
CREATE TABLE margin_schedule (
    version       TEXT        PRIMARY KEY CHECK (version ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    body          JSONB       NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('DRAFT', 'APPROVED', 'ACTIVE', 'SUPERSEDED', 'REJECTED')),
    based_on      TEXT        REFERENCES margin_schedule (version),
    note          TEXT        CHECK (length(note) <= 1000),
    proposed_by   TEXT        NOT NULL,
    proposed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_by    TEXT,
    decided_at    TIMESTAMPTZ,
    effective_at  TIMESTAMPTZ,
    activated_at  TIMESTAMPTZ,
    CONSTRAINT margin_schedule_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
    CONSTRAINT margin_schedule_decided CHECK ((status = 'DRAFT') = (decided_by IS NULL)),
    CONSTRAINT margin_schedule_effective CHECK (status NOT IN ('APPROVED', 'ACTIVE', 'SUPERSEDED') OR effective_at IS NOT NULL)
);
CREATE UNIQUE INDEX margin_schedule_one_active ON margin_schedule ((true)) WHERE status = 'ACTIVE';

-- Scenario sets: the daily closes they were built from (CSV: date,underlying,close) and the filtered historical
-- simulation parameters, so the scenarios are rebuilt exactly by margin-core whenever they are needed.
CREATE TABLE scenario_set (
    id             TEXT        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    source         TEXT        NOT NULL CHECK (source IN ('UPLOAD', 'SYNTHETIC')),
    closes_csv     TEXT        NOT NULL,
    parameters     JSONB       NOT NULL,
    underlyings    TEXT[]      NOT NULL,
    first_day      DATE        NOT NULL,
    last_day       DATE        NOT NULL,
    scenario_count INTEGER     NOT NULL CHECK (scenario_count > 0),
    active         BOOLEAN     NOT NULL DEFAULT false,
    created_by     TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    activated_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX scenario_set_one_active ON scenario_set ((true)) WHERE active;

-- The current margin of every account, replaced on each re-margin. Money in USD at scale 2.
CREATE TABLE account_margin (
    account_id        BIGINT        PRIMARY KEY REFERENCES account (id),
    im                NUMERIC(20, 2) NOT NULL CHECK (im >= 0),
    mm                NUMERIC(20, 2) NOT NULL CHECK (mm >= 0 AND mm <= im),
    collateral_value  NUMERIC(20, 2) NOT NULL CHECK (collateral_value >= 0),
    equity            NUMERIC(20, 2) NOT NULL,
    status            TEXT          NOT NULL CHECK (status IN ('HEALTHY', 'CALL', 'LIQUIDATION')),
    call_amount       NUMERIC(20, 2) NOT NULL CHECK (call_amount >= 0),
    -- the components of a cross account's requirement (margin-model.md), USD rounded half-even to cents;
    -- NULL for an isolated account, whose buckets each carry their own in buckets
    binding           TEXT,
    var               NUMERIC(20, 2),
    es                NUMERIC(20, 2),
    im_hist           NUMERIC(20, 2),
    im_stress         NUMERIC(20, 2),
    binding_stress    TEXT,
    im_floor          NUMERIC(20, 2),
    im_spread         NUMERIC(20, 2),
    -- an isolated account's buckets as margin-core's result lists them; NULL for a cross account
    buckets           JSONB,
    schedule_version  TEXT          NOT NULL REFERENCES margin_schedule (version),
    scenario_set_id   TEXT          NOT NULL REFERENCES scenario_set (id),
    warned            BOOLEAN       NOT NULL DEFAULT false,
    cause             TEXT          NOT NULL CHECK (length(cause) BETWEEN 1 AND 64),
    computed_at       TIMESTAMPTZ   NOT NULL,
    CONSTRAINT account_margin_call_amount CHECK ((status = 'HEALTHY') = (call_amount = 0))
);

-- One row each time an account's figures or status change.
CREATE TABLE margin_history (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id        BIGINT         NOT NULL REFERENCES account (id),
    im                NUMERIC(20, 2) NOT NULL,
    mm                NUMERIC(20, 2) NOT NULL,
    collateral_value  NUMERIC(20, 2) NOT NULL,
    equity            NUMERIC(20, 2) NOT NULL,
    status            TEXT           NOT NULL,
    call_amount       NUMERIC(20, 2) NOT NULL,
    schedule_version  TEXT           NOT NULL,
    scenario_set_id   TEXT           NOT NULL,
    cause             TEXT           NOT NULL,
    computed_at       TIMESTAMPTZ    NOT NULL
);
CREATE INDEX margin_history_account_idx ON margin_history (account_id, id);

-- Margin calls. At most one open call per account, enforced here (I: one open call per account in deficit).
CREATE TABLE margin_call (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    BIGINT         NOT NULL REFERENCES account (id),
    reason        TEXT           NOT NULL CHECK (reason IN ('MARGIN_DEFICIT', 'SETTLEMENT_FAILURE')),
    status        TEXT           NOT NULL CHECK (status IN ('ISSUED', 'OVERDUE', 'ESCALATED', 'MET', 'CANCELLED')),
    amount        NUMERIC(20, 2) NOT NULL CHECK (amount > 0),
    margin_status TEXT           NOT NULL CHECK (margin_status IN ('HEALTHY', 'CALL', 'LIQUIDATION')),
    issued_at     TIMESTAMPTZ    NOT NULL,
    deadline      TIMESTAMPTZ    NOT NULL CHECK (deadline > issued_at),
    closed_at     TIMESTAMPTZ,
    closed_by     TEXT,
    close_reason  TEXT           CHECK (length(close_reason) <= 1000),
    reference     TEXT           CHECK (length(reference) <= 200),
    updated_at    TIMESTAMPTZ    NOT NULL,
    CONSTRAINT margin_call_closed CHECK ((status IN ('MET', 'CANCELLED')) = (closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX margin_call_one_open ON margin_call (account_id) WHERE status IN ('ISSUED', 'OVERDUE', 'ESCALATED');
CREATE INDEX margin_call_open_deadline_idx ON margin_call (deadline) WHERE status = 'ISSUED';

-- Full margin runs are split into chunks of accounts that instances claim with SKIP LOCKED, so no two
-- instances ever margin the same account in one run.
CREATE TABLE margin_run (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    requested_by  TEXT        NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ,
    accounts      INTEGER     NOT NULL DEFAULT 0 CHECK (accounts >= 0)
);
CREATE TABLE margin_run_chunk (
    run_id          BIGINT      NOT NULL REFERENCES margin_run (id),
    chunk           INTEGER     NOT NULL,
    from_account_id BIGINT      NOT NULL,
    to_account_id   BIGINT      NOT NULL CHECK (to_account_id >= from_account_id),
    done_by         TEXT,
    done_at         TIMESTAMPTZ,
    accounts        INTEGER     NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, chunk)
);
CREATE INDEX margin_run_chunk_open_idx ON margin_run_chunk (run_id) WHERE done_at IS NULL;

-- The transactional outbox (design.md, "Events out"): events are written in the same transaction as the
-- decision and published to Kafka by a relay; event_id lets consumers drop the duplicates a relay crash between
-- send and mark can cause.
CREATE TABLE outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL CHECK (topic ~ '^[a-z][a-z0-9.-]{0,99}$'),
    event_key     TEXT        NOT NULL CHECK (length(event_key) BETWEEN 1 AND 200),
    type          TEXT        NOT NULL CHECK (type ~ '^[A-Z][A-Z0-9_]{0,63}$'),
    payload       JSONB       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

-- I1 checked in constant time per posting: each entry's running total per asset is kept as postings arrive, and the
-- commit-time check reads it instead of summing the entry's postings again for every one of them (which made an
-- entry with n legs, such as a settlement cycle's, cost n^2).
CREATE TABLE journal_entry_total (
    entry_id  BIGINT  NOT NULL REFERENCES journal_entry (id),
    asset_id  BIGINT  NOT NULL REFERENCES asset (id),
    total     NUMERIC NOT NULL,
    PRIMARY KEY (entry_id, asset_id)
);
INSERT INTO journal_entry_total (entry_id, asset_id, total)
SELECT entry_id, asset_id, sum(amount) FROM posting GROUP BY entry_id, asset_id;

CREATE OR REPLACE FUNCTION posting_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT txid FROM journal_entry WHERE id = NEW.entry_id) <> txid_current() THEN
        RAISE EXCEPTION 'posting to journal entry % outside the transaction that created it', NEW.entry_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- create the row at zero first: the CHECK is evaluated on an insert's proposed row even when it conflicts
    INSERT INTO ledger_balance (ledger_account_id, asset_id, balance, non_negative)
    SELECT NEW.ledger_account_id, NEW.asset_id, 0, la.non_negative
      FROM ledger_account la WHERE la.id = NEW.ledger_account_id
    ON CONFLICT (ledger_account_id, asset_id) DO NOTHING;
    UPDATE ledger_balance SET balance = balance + NEW.amount, updated_at = now()
     WHERE ledger_account_id = NEW.ledger_account_id AND asset_id = NEW.asset_id;
    INSERT INTO journal_entry_total (entry_id, asset_id, total) VALUES (NEW.entry_id, NEW.asset_id, NEW.amount)
    ON CONFLICT (entry_id, asset_id) DO UPDATE SET total = journal_entry_total.total + excluded.total;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION posting_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry_total NUMERIC;
BEGIN
    SELECT total INTO entry_total FROM journal_entry_total WHERE entry_id = NEW.entry_id AND asset_id = NEW.asset_id;
    IF entry_total <> 0 THEN
        RAISE EXCEPTION 'journal entry % does not balance for asset %: postings sum to %', NEW.entry_id, NEW.asset_id, entry_total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entry_total_append_only BEFORE DELETE ON journal_entry_total
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER journal_entry_total_no_truncate BEFORE TRUNCATE ON journal_entry_total
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
