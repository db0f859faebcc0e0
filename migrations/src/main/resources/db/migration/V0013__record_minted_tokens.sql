-- Every token this service mints, with the person who minted it, so that four-eyes decisions compare the persons
-- behind the tokens (a token minted by the proposer cannot approve the proposer's work), and revocations.
CREATE TABLE minted_token (
    jti        TEXT PRIMARY KEY,
    subject    TEXT NOT NULL,
    member     TEXT,
    roles      TEXT NOT NULL,
    minted_by  TEXT NOT NULL,
    minted_at  TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT minted_token_not_self CHECK (minted_by <> subject),
    CONSTRAINT minted_token_expiry CHECK (expires_at > minted_at)
);
CREATE INDEX minted_token_subject ON minted_token (subject);

-- A revoked subject or token id is refused on every endpoint from the revocation on.
CREATE TABLE token_revocation (
    kind       TEXT NOT NULL CHECK (kind IN ('SUBJECT', 'TOKEN')),
    value      TEXT NOT NULL,
    revoked_by TEXT NOT NULL,
    revoked_at TIMESTAMPTZ NOT NULL,
    reason     TEXT,
    PRIMARY KEY (kind, value)
);
