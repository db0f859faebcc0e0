-- Margin model version 2: European, cash-settled, futures-style options on the existing underlyings, and the expiry
-- of every dated product (options and futures) at a final settlement price.

-- An option's terms. expires_at: the instant trading stops and the final price is taken; an option's own expiry, a
-- future's expiry date at 08:00 UTC (the hour listed products expire at); a perpetual never expires.
ALTER TABLE product DROP CONSTRAINT product_kind_check;
ALTER TABLE product
    ADD CONSTRAINT product_kind_check CHECK (kind IN ('PERPETUAL', 'FUTURE', 'OPTION')),
    ADD COLUMN strike       NUMERIC(38, 18) CHECK (strike <> 'NaN' AND strike > 0),
    ADD COLUMN option_right TEXT            CHECK (option_right IN ('CALL', 'PUT')),
    ADD COLUMN expires_at   TIMESTAMPTZ;

UPDATE product SET expires_at = (expiry + time '08:00') AT TIME ZONE 'UTC' WHERE kind = 'FUTURE';

ALTER TABLE product
    ADD CONSTRAINT product_option_terms CHECK ((kind = 'OPTION') = (strike IS NOT NULL)
                                                AND (kind = 'OPTION') = (option_right IS NOT NULL)),
    ADD CONSTRAINT product_expires_when_dated CHECK ((kind IN ('FUTURE', 'OPTION')) = (expires_at IS NOT NULL));

-- Venue prices and marks of options carry the implied volatility beside the price: annualised, a decimal such as
-- 0.55. A linear product has none.
ALTER TABLE venue_price ADD COLUMN iv NUMERIC(38, 18) CHECK (iv <> 'NaN' AND iv > 0);
ALTER TABLE mark ADD COLUMN iv NUMERIC(38, 18) CHECK (iv <> 'NaN' AND iv > 0);
ALTER TABLE mark_history ADD COLUMN iv NUMERIC(38, 18) CHECK (iv <> 'NaN' AND iv > 0);

-- The final settlement price of an expired product: set by an operator (audited) before the first cycle after
-- expiry, or fixed by that cycle: a future's harmonized mark at expiry (MARK), an option's intrinsic value at its
-- underlying's reference mark at expiry (INTRINSIC). settled_cycle_id: the cycle that settled every position at it
-- and closed them; from then on the product takes no trade.
CREATE TABLE product_final_price (
    product_id        BIGINT          PRIMARY KEY REFERENCES product (id),
    price             NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price >= 0),
    source            TEXT            NOT NULL CHECK (source IN ('OPERATOR', 'MARK', 'INTRINSIC')),
    underlying_price  NUMERIC(38, 18) CHECK (underlying_price <> 'NaN' AND underlying_price > 0),
    set_by            TEXT            NOT NULL CHECK (length(set_by) BETWEEN 1 AND 200),
    set_at            TIMESTAMPTZ     NOT NULL,
    reason            TEXT            CHECK (length(reason) <= 1000),
    settled_cycle_id  BIGINT          REFERENCES settlement_cycle (id),
    CONSTRAINT product_final_price_reason CHECK (source <> 'OPERATOR' OR reason IS NOT NULL),
    CONSTRAINT product_final_price_underlying CHECK ((source = 'INTRINSIC') = (underlying_price IS NOT NULL))
);

-- A cycle settles an expired product at its final price, which may be zero (an option that expires out of the money).
ALTER TABLE settlement_price DROP CONSTRAINT settlement_price_source_check;
ALTER TABLE settlement_price DROP CONSTRAINT settlement_price_price_check;
ALTER TABLE settlement_price
    ADD CONSTRAINT settlement_price_source_check CHECK (source IN ('MARK', 'OPERATOR', 'FINAL')),
    ADD CONSTRAINT settlement_price_price_check CHECK (price <> 'NaN' AND (price > 0 OR source = 'FINAL' AND price = 0));
ALTER TABLE settlement_statement_line DROP CONSTRAINT settlement_statement_line_settlement_price_check;
ALTER TABLE settlement_statement_line
    ADD CONSTRAINT settlement_statement_line_settlement_price_check CHECK (settlement_price <> 'NaN' AND settlement_price >= 0);
