-- An operator's booking that carries an outside reference — a deposit's wire or custodian receipt, a default-fund
-- contribution's payment, the board resolution behind the skin in the game — is booked once per ledger account and
-- reference: a repeat with the same content answers the first booking again, a repeat with other content is refused.
-- The unique constraint decides between concurrent repeats: the first insert wins, the others wait for it to commit and
-- then find its row.
--
-- The row is claimed before the booking and completed in the same transaction with the entry it booked (none when a
-- contribution was already at its target) and the ledger account's balance after it; afterwards it never changes.
CREATE TABLE external_booking (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ledger_account_id  BIGINT          NOT NULL REFERENCES ledger_account (id),
    reference          TEXT            NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
    kind               TEXT            NOT NULL REFERENCES journal_entry_kind (kind),
    asset_id           BIGINT          NOT NULL REFERENCES asset (id),
    -- what was asked: the quantity deposited, or the amount a contribution was set to
    quantity           NUMERIC(38, 18) NOT NULL CHECK (quantity <> 'NaN' AND quantity >= 0),
    entry_id           BIGINT          REFERENCES journal_entry (id),
    balance_after      NUMERIC(38, 18) CHECK (balance_after <> 'NaN'),
    created_by         TEXT            NOT NULL,
    created_at         TIMESTAMPTZ     NOT NULL DEFAULT now(),
    CONSTRAINT external_booking_once UNIQUE (ledger_account_id, reference)
);

-- Completing a claim fills entry_id and balance_after once; nothing else of a booking ever changes.
CREATE FUNCTION external_booking_complete_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.balance_after IS NOT NULL OR NEW.balance_after IS NULL
       OR (NEW.id, NEW.ledger_account_id, NEW.reference, NEW.kind, NEW.asset_id, NEW.quantity, NEW.created_by, NEW.created_at)
          IS DISTINCT FROM
          (OLD.id, OLD.ledger_account_id, OLD.reference, OLD.kind, OLD.asset_id, OLD.quantity, OLD.created_by, OLD.created_at) THEN
        RAISE EXCEPTION 'external_booking % is completed once and then append-only: UPDATE refused', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER external_booking_complete_once BEFORE UPDATE ON external_booking
    FOR EACH ROW EXECUTE FUNCTION external_booking_complete_once();
CREATE TRIGGER external_booking_append_only BEFORE DELETE ON external_booking
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER external_booking_no_truncate BEFORE TRUNCATE ON external_booking
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
