-- The double-entry ledger. Every movement of collateral is a journal entry whose postings sum to zero per
-- asset (invariant I1). Entries and postings are append-only (I7): corrections are new entries.
--
-- Sign convention: a posting's amount is the change of its ledger account's balance. A member's collateral
-- account holds what the CCP owes the member (+ received by the member); the CCP's custody account holds
-- the opposite side of everything received from or paid to the outside world, so it is typically negative.

CREATE TABLE ledger_account (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          TEXT        NOT NULL UNIQUE,
    kind          TEXT        NOT NULL CHECK (kind IN ('MEMBER_COLLATERAL', 'CCP_CUSTODY', 'CCP_WITHDRAWALS_PENDING')),
    account_id    BIGINT      UNIQUE REFERENCES account (id),
    -- a member's collateral can never be overdrawn; the CCP's own accounts may carry either sign
    non_negative  BOOLEAN     NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ledger_account_owner CHECK ((kind = 'MEMBER_COLLATERAL') = (account_id IS NOT NULL))
);

INSERT INTO ledger_account (code, kind, non_negative) VALUES
    ('CCP:CUSTODY', 'CCP_CUSTODY', false),
    ('CCP:WITHDRAWALS-PENDING', 'CCP_WITHDRAWALS_PENDING', true);

CREATE TABLE journal_entry (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT        NOT NULL CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL_RESERVE', 'WITHDRAWAL_PAYOUT', 'WITHDRAWAL_RELEASE')),
    reference   TEXT        NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the transaction that wrote the entry: postings may only be added by that same transaction
    txid        BIGINT      NOT NULL DEFAULT txid_current()
);

CREATE TABLE posting (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id           BIGINT          NOT NULL REFERENCES journal_entry (id),
    ledger_account_id  BIGINT          NOT NULL REFERENCES ledger_account (id),
    asset_id           BIGINT          NOT NULL REFERENCES asset (id),
    amount             NUMERIC(38, 18) NOT NULL CHECK (amount <> 'NaN' AND amount <> 0)
);
CREATE INDEX posting_entry_asset_idx ON posting (entry_id, asset_id);
CREATE INDEX posting_account_idx ON posting (ledger_account_id, id);

-- Balances are kept consistent with the ledger by the database itself: every posting moves its balance in the
-- same transaction, and the CHECK refuses to let a member's collateral go negative.
CREATE TABLE ledger_balance (
    ledger_account_id  BIGINT          NOT NULL REFERENCES ledger_account (id),
    asset_id           BIGINT          NOT NULL REFERENCES asset (id),
    balance            NUMERIC(38, 18) NOT NULL CHECK (balance <> 'NaN'),
    non_negative       BOOLEAN         NOT NULL,
    updated_at         TIMESTAMPTZ     NOT NULL DEFAULT now(),
    PRIMARY KEY (ledger_account_id, asset_id),
    CONSTRAINT ledger_balance_not_overdrawn CHECK (NOT non_negative OR balance >= 0)
);

CREATE FUNCTION posting_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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
    RETURN NEW;
END $$;

CREATE TRIGGER posting_apply AFTER INSERT ON posting FOR EACH ROW EXECUTE FUNCTION posting_apply();

-- I1, checked at commit so that an entry's postings can be inserted one by one.
CREATE FUNCTION posting_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total NUMERIC;
BEGIN
    SELECT sum(amount) INTO total FROM posting WHERE entry_id = NEW.entry_id AND asset_id = NEW.asset_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'journal entry % does not balance for asset %: postings sum to %', NEW.entry_id, NEW.asset_id, total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER posting_balanced AFTER INSERT ON posting
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION posting_check_balanced();

-- I7: the books are append-only.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused; book a correcting entry instead', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON posting
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON posting
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- A member's request to take collateral out. The amount is reserved in the ledger at request time (moved to
-- CCP:WITHDRAWALS-PENDING), so concurrent requests can never promise the same collateral twice.
CREATE TABLE withdrawal (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    BIGINT          NOT NULL REFERENCES account (id),
    asset_id      BIGINT          NOT NULL REFERENCES asset (id),
    quantity      NUMERIC(38, 18) NOT NULL CHECK (quantity <> 'NaN' AND quantity > 0),
    status        TEXT            NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    requested_by  TEXT            NOT NULL,
    requested_at  TIMESTAMPTZ     NOT NULL DEFAULT now(),
    decided_by    TEXT,
    decided_at    TIMESTAMPTZ,
    reason        TEXT,
    CONSTRAINT withdrawal_decision CHECK ((status = 'PENDING') = (decided_at IS NULL))
);
CREATE INDEX withdrawal_account_idx ON withdrawal (account_id, id);
CREATE INDEX withdrawal_pending_idx ON withdrawal (status) WHERE status = 'PENDING';
