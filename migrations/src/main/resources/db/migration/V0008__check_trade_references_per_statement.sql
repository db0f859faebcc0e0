-- The inbox's references to venue, product and both accounts, checked once per statement instead of once per row.
--
-- Why: the four foreign keys of trade_inbox ran four look-ups for every trade (row triggers with a query each), about
-- 40 % of PostgreSQL's time per ingested trade (ingest benchmark, BENCHMARKS.md). Ingestion writes a whole batch in
-- one statement, so the same rule is enforced with one set-based check per statement, with the same locking and the
-- same guarantees as the foreign keys:
--   * after each INSERT into trade_inbox, every referenced venue, product and account must exist; they are locked
--     FOR KEY SHARE, as a foreign key check locks them, so that no concurrent transaction can delete them or change
--     their id before this one commits; a missing one fails the statement with foreign_key_violation;
--   * a venue, product or account that trades reference can be neither deleted nor given another id (the foreign
--     keys' NO ACTION), and none of the three tables can be truncated while the inbox holds trades.

ALTER TABLE trade_inbox
    DROP CONSTRAINT trade_inbox_venue_id_fkey,
    DROP CONSTRAINT trade_inbox_product_id_fkey,
    DROP CONSTRAINT trade_inbox_buyer_account_id_fkey,
    DROP CONSTRAINT trade_inbox_seller_account_id_fkey;

CREATE FUNCTION trade_inbox_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT count(*) FROM (SELECT id FROM account
                               WHERE id IN (SELECT buyer_account_id FROM new_rows UNION SELECT seller_account_id FROM new_rows)
                               ORDER BY id FOR KEY SHARE) locked)
       <> (SELECT count(*) FROM (SELECT buyer_account_id FROM new_rows UNION SELECT seller_account_id FROM new_rows) wanted) THEN
        RAISE EXCEPTION 'trade_inbox: a trade names an account that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF (SELECT count(*) FROM (SELECT id FROM venue WHERE id IN (SELECT venue_id FROM new_rows) ORDER BY id FOR KEY SHARE) locked)
       <> (SELECT count(DISTINCT venue_id) FROM new_rows) THEN
        RAISE EXCEPTION 'trade_inbox: a trade names a venue that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF (SELECT count(*) FROM (SELECT id FROM product WHERE id IN (SELECT product_id FROM new_rows) ORDER BY id FOR KEY SHARE) locked)
       <> (SELECT count(DISTINCT product_id) FROM new_rows) THEN
        RAISE EXCEPTION 'trade_inbox: a trade names a product that does not exist' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER trade_inbox_references AFTER INSERT ON trade_inbox REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trade_inbox_check_references();

-- The referenced side. Each look-up uses an index of trade_inbox, except the product's (a rare operator action).
CREATE FUNCTION refuse_change_of_traded_reference() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    referenced boolean;
BEGIN
    referenced := CASE TG_TABLE_NAME
        WHEN 'account' THEN EXISTS (SELECT 1 FROM trade_inbox WHERE buyer_account_id = OLD.id)
                         OR EXISTS (SELECT 1 FROM trade_inbox WHERE seller_account_id = OLD.id)
        WHEN 'venue' THEN EXISTS (SELECT 1 FROM trade_inbox WHERE venue_id = OLD.id)
        WHEN 'product' THEN EXISTS (SELECT 1 FROM trade_inbox WHERE product_id = OLD.id)
    END;
    IF referenced THEN
        RAISE EXCEPTION '% % is referenced by trades: % refused', TG_TABLE_NAME, OLD.id, TG_OP USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE FUNCTION refuse_truncate_of_traded_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM trade_inbox) THEN
        RAISE EXCEPTION '% is referenced by trades: TRUNCATE refused', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER account_traded_reference BEFORE DELETE OR UPDATE OF id ON account
    FOR EACH ROW EXECUTE FUNCTION refuse_change_of_traded_reference();
CREATE TRIGGER venue_traded_reference BEFORE DELETE OR UPDATE OF id ON venue
    FOR EACH ROW EXECUTE FUNCTION refuse_change_of_traded_reference();
CREATE TRIGGER product_traded_reference BEFORE DELETE OR UPDATE OF id ON product
    FOR EACH ROW EXECUTE FUNCTION refuse_change_of_traded_reference();
CREATE TRIGGER account_traded_reference_truncate BEFORE TRUNCATE ON account
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate_of_traded_reference();
CREATE TRIGGER venue_traded_reference_truncate BEFORE TRUNCATE ON venue
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate_of_traded_reference();
CREATE TRIGGER product_traded_reference_truncate BEFORE TRUNCATE ON product
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate_of_traded_reference();
