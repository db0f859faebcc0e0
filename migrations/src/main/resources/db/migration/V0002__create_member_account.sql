-- Clearing members and their accounts. An account belongs to exactly one member for life.

CREATE TABLE member (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT        NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
    name        TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status      TEXT        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED', 'DEFAULTED')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE account (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT        NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,47}$'),
    member_id   BIGINT      NOT NULL REFERENCES member (id),
    mode        TEXT        NOT NULL CHECK (mode IN ('CROSS', 'ISOLATED')),
    type        TEXT        NOT NULL CHECK (type IN ('HOUSE', 'CLIENT')),
    status      TEXT        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'FROZEN', 'CLOSED')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX account_member_idx ON account (member_id);
