-- An account the engine cannot margin stays queued, set aside until retry_at, so that it never holds up the accounts
-- queued after it. attempts counts the failures in a row and last_error says the last one; a successful margin
-- removes the entry, and with it the count.
ALTER TABLE margin_queue
    ADD COLUMN attempts   INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    ADD COLUMN last_error TEXT        CHECK (length(last_error) <= 1000),
    ADD COLUMN retry_at   TIMESTAMPTZ,
    ADD CONSTRAINT margin_queue_set_aside CHECK ((attempts = 0) = (retry_at IS NULL AND last_error IS NULL));
