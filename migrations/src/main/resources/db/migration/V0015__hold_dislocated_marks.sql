-- The dislocation guard on harmonized marks, and what margin was computed on.
--
-- A harmonized mark that would move further than the configured band within the configured interval is not applied:
-- the venues' candidate is held on the mark row and the last good mark stays in force until an operator accepts the
-- candidate or overrides the mark. ACCEPTED: a held candidate an operator accepted (it then counts as a decision, so
-- the move window restarts from it, like an override).

ALTER TABLE mark DROP CONSTRAINT mark_source_check;
ALTER TABLE mark ADD CONSTRAINT mark_source_check CHECK (source IN ('HARMONIZED', 'OVERRIDE', 'ACCEPTED'));
ALTER TABLE mark_history DROP CONSTRAINT mark_history_source_check;
ALTER TABLE mark_history ADD CONSTRAINT mark_history_source_check CHECK (source IN ('HARMONIZED', 'OVERRIDE', 'ACCEPTED'));

-- held_price: the venues' candidate, USD per unit, not in force; held_since: when the hold began (it stays while the
-- candidate changes); held_reason: why, for the operator.
ALTER TABLE mark
    ADD COLUMN held_price   NUMERIC(38, 18) CHECK (held_price <> 'NaN' AND held_price > 0),
    ADD COLUMN held_sources INTEGER         CHECK (held_sources >= 0),
    ADD COLUMN held_since   TIMESTAMPTZ,
    ADD COLUMN held_reason  TEXT            CHECK (length(held_reason) <= 500),
    ADD CONSTRAINT mark_hold_complete CHECK (
        (held_price IS NULL) = (held_since IS NULL) AND (held_price IS NULL) = (held_sources IS NULL)
        AND (held_price IS NULL) = (held_reason IS NULL)),
    ADD CONSTRAINT mark_override_not_held CHECK (source <> 'OVERRIDE' OR held_price IS NULL);

-- The products of an account's open positions whose mark was stale (or missing) or held when its margin was
-- computed: the figures rest on a price the venues no longer confirm.
ALTER TABLE account_margin
    ADD COLUMN stale_marks TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN held_marks  TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE margin_history
    ADD COLUMN stale_marks TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN held_marks  TEXT[] NOT NULL DEFAULT '{}';
