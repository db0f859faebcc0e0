-- The operator console's sign-in. A sign-in code is what a one-time link carries; a session is what its cookie
-- carries. Both are random secrets kept only as their SHA-256 (hex), so a copy of the database signs nobody in. They
-- live in PostgreSQL so that every instance behind a load balancer knows every session.
CREATE TABLE console_sign_in_code (
    id          BIGSERIAL    PRIMARY KEY,
    code_hash   TEXT         NOT NULL UNIQUE CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    subject     TEXT         NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    roles       TEXT         NOT NULL CHECK (length(roles) BETWEEN 1 AND 200),
    issued_by   TEXT         CHECK (issued_by IS NULL OR length(issued_by) BETWEEN 1 AND 200),
    issued_at   TIMESTAMPTZ  NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL CHECK (expires_at > issued_at),
    used_at     TIMESTAMPTZ
);

CREATE TABLE console_session (
    id            BIGSERIAL    PRIMARY KEY,
    session_hash  TEXT         NOT NULL UNIQUE CHECK (session_hash ~ '^[0-9a-f]{64}$'),
    -- the form token: not a credential on its own (it is useless without the cookie), so kept as issued
    csrf_token    TEXT         NOT NULL CHECK (length(csrf_token) BETWEEN 32 AND 100),
    subject       TEXT         NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    roles         TEXT         NOT NULL CHECK (length(roles) BETWEEN 1 AND 200),
    -- who issued the sign-in code (null: the start-up link or an identity provider), for four-eyes between persons
    issued_by     TEXT         CHECK (issued_by IS NULL OR length(issued_by) BETWEEN 1 AND 200),
    via           TEXT         NOT NULL CHECK (via IN ('LINK', 'OIDC')),
    created_at    TIMESTAMPTZ  NOT NULL,
    expires_at    TIMESTAMPTZ  NOT NULL CHECK (expires_at > created_at),
    signed_out_at TIMESTAMPTZ
);
CREATE INDEX console_session_expiry ON console_session (expires_at);
