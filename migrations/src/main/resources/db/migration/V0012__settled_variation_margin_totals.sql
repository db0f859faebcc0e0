-- The variation margin settlement cycles have booked per account and product, as a running total. Margin reads it
-- for every position it loads; summing the statement lines instead costs more with every cycle (two a day). The
-- lines are append-only, so a total kept up by the insert trigger is always their sum.
CREATE TABLE settled_variation_margin (
    account_id  BIGINT  NOT NULL REFERENCES account (id),
    product_id  BIGINT  NOT NULL REFERENCES product (id),
    total       NUMERIC NOT NULL CHECK (total <> 'NaN'),
    PRIMARY KEY (account_id, product_id)
);

INSERT INTO settled_variation_margin (account_id, product_id, total)
SELECT account_id, product_id, sum(variation_margin) FROM settlement_statement_line GROUP BY account_id, product_id;

-- one statement per cycle (the lines are copied in at once), so one set-based upsert per cycle
CREATE FUNCTION settled_variation_margin_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO settled_variation_margin (account_id, product_id, total)
    SELECT account_id, product_id, sum(variation_margin) FROM new_lines GROUP BY account_id, product_id
    ORDER BY account_id, product_id
    ON CONFLICT (account_id, product_id) DO UPDATE SET total = settled_variation_margin.total + excluded.total;
    RETURN NULL;
END $$;

CREATE TRIGGER settlement_statement_line_settled_total AFTER INSERT ON settlement_statement_line
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION settled_variation_margin_add();
CREATE TRIGGER settled_variation_margin_no_delete BEFORE DELETE ON settled_variation_margin
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER settled_variation_margin_no_truncate BEFORE TRUNCATE ON settled_variation_margin
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
