-- Stored margin keeps its components as typed columns instead of one JSON document per account (parsing about
-- 1.8 KB of jsonb per account was most of a full run's store); the per-position breakdown is computed on read.
ALTER TABLE account_margin DROP COLUMN details;
ALTER TABLE account_margin
    -- the components of a cross account's requirement (margin-model.md), USD rounded half-even to cents;
    -- NULL for an isolated account, whose buckets each carry their own in buckets
    ADD COLUMN var            NUMERIC(20, 2),
    ADD COLUMN es             NUMERIC(20, 2),
    ADD COLUMN im_hist        NUMERIC(20, 2),
    ADD COLUMN im_stress      NUMERIC(20, 2),
    ADD COLUMN binding_stress TEXT,
    ADD COLUMN im_floor       NUMERIC(20, 2),
    ADD COLUMN im_spread      NUMERIC(20, 2),
    -- an isolated account's buckets as margin-core's result lists them; NULL for a cross account
    ADD COLUMN buckets        JSONB;
-- margin already stored has no components in the new columns: every account is margined again
INSERT INTO margin_queue (account_id) SELECT account_id FROM account_margin ON CONFLICT DO NOTHING;

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
