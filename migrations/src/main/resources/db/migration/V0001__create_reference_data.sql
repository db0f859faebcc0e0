-- Reference data: collateral assets, venues, harmonized products and the venue instruments that map onto them.
-- Codes are the identifiers members and operators use in paths; surrogate ids never leave the database.

CREATE TABLE asset (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT        NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,12}$'),
    scale       INTEGER     NOT NULL CHECK (scale BETWEEN 0 AND 18),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE venue (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT        NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    name        TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A harmonized product: the same risk whatever venue it trades on. Linear, USD-settled in model v1.
CREATE TABLE product (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    symbol      TEXT        NOT NULL UNIQUE CHECK (symbol ~ '^[A-Z0-9][A-Z0-9-]{0,39}$'),
    underlying  TEXT        NOT NULL CHECK (underlying ~ '^[A-Z0-9]{2,12}$'),
    kind        TEXT        NOT NULL CHECK (kind IN ('PERPETUAL', 'FUTURE')),
    expiry      DATE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT product_expiry_matches_kind CHECK ((kind = 'FUTURE') = (expiry IS NOT NULL))
);

-- A venue's own symbol for a harmonized product; one venue contract is contract_size units of the product.
CREATE TABLE venue_instrument (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venue_id      BIGINT          NOT NULL REFERENCES venue (id),
    symbol        TEXT            NOT NULL CHECK (length(symbol) BETWEEN 1 AND 64),
    product_id    BIGINT          NOT NULL REFERENCES product (id),
    contract_size NUMERIC(38, 18) NOT NULL CHECK (contract_size <> 'NaN' AND contract_size > 0),
    created_at    TIMESTAMPTZ     NOT NULL DEFAULT now(),
    CONSTRAINT venue_instrument_symbol_unique UNIQUE (venue_id, symbol)
);
CREATE INDEX venue_instrument_product_idx ON venue_instrument (product_id);
