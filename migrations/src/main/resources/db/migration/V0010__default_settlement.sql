-- Default management meets settlement (design.md, "Data flow" 4 and 5). Default management moved positions and results
-- without settlement seeing them; from here on:
--   * porting moves a client account's settlement state with it: its settlement positions keep their quantity and
--     reference price on the new account, the new positions carry only the result no cycle has settled, and the unpaid
--     settlement balance moves in the porting entry; trades of the old account that no cycle settled yet settle on
--     the new account (default_port says which);
--   * every close-out transfer (into the CCP's default-management account at an operator's price, or to an auction's
--     winner at the bid price) is a position_transfer that the next cycle settles like a trade for both sides;
--   * the waterfall takes the defaulter's result from its unpaid settlement balances once a cycle has settled every
--     close-out, clears those balances against CCP:DEFAULT-LOSS and writes the instructions that covered them off;
--   * a default case names the default flag it comes from, and declaring the default clears the member's open flag.

-- A position moved by default management at an agreed price, settled by the next cycle as a trade between the two
-- accounts: the buyer receives +quantity, the seller -quantity, at price (USD per unit). No clearing fee: it is not a
-- venue's trade. settlement_cycle_id: the cycle that settled it, set at the cut-off like a trade's.
CREATE TABLE position_transfer (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id              BIGINT          NOT NULL REFERENCES default_case (id),
    close_out_id         BIGINT          NOT NULL UNIQUE REFERENCES default_close_out (id),
    product_id           BIGINT          NOT NULL REFERENCES product (id),
    buyer_account_id     BIGINT          NOT NULL REFERENCES account (id),
    seller_account_id    BIGINT          NOT NULL REFERENCES account (id),
    quantity             NUMERIC(38, 18) NOT NULL CHECK (quantity <> 'NaN' AND quantity > 0),
    price                NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price > 0),
    method               TEXT            NOT NULL CHECK (method IN ('PRICE', 'AUCTION')),
    transferred_at       TIMESTAMPTZ     NOT NULL,
    settlement_cycle_id  BIGINT          REFERENCES settlement_cycle (id),
    CONSTRAINT position_transfer_two_sides CHECK (buyer_account_id <> seller_account_id)
);
CREATE INDEX position_transfer_unsettled_idx ON position_transfer (product_id) WHERE settlement_cycle_id IS NULL;
CREATE INDEX position_transfer_cycle_idx ON position_transfer (settlement_cycle_id) WHERE settlement_cycle_id IS NOT NULL;
CREATE INDEX position_transfer_buyer_idx ON position_transfer (buyer_account_id, id);
CREATE INDEX position_transfer_seller_idx ON position_transfer (seller_account_id, id);

-- A transfer is what default management decided (I7): only its cycle may be set, once.
CREATE FUNCTION position_transfer_settle_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.settlement_cycle_id IS NOT NULL
       OR (NEW.id, NEW.case_id, NEW.close_out_id, NEW.product_id, NEW.buyer_account_id, NEW.seller_account_id, NEW.quantity,
           NEW.price, NEW.method, NEW.transferred_at)
          IS DISTINCT FROM (OLD.id, OLD.case_id, OLD.close_out_id, OLD.product_id, OLD.buyer_account_id, OLD.seller_account_id,
           OLD.quantity, OLD.price, OLD.method, OLD.transferred_at) THEN
        RAISE EXCEPTION 'position_transfer %: only its settlement cycle may be set, once; % refused', OLD.id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER position_transfer_settle_only BEFORE UPDATE OR DELETE ON position_transfer
    FOR EACH ROW EXECUTE FUNCTION position_transfer_settle_only();

ALTER TABLE settlement_cycle ADD COLUMN transfers INTEGER NOT NULL DEFAULT 0 CHECK (transfers >= 0);

-- What cycles had settled on a ported position: the new position's realised result is the old one less this, so that
-- the receiving account is never paid (or charged) twice for the same variation margin.
ALTER TABLE default_port_position ADD COLUMN settled_variation_margin NUMERIC NOT NULL DEFAULT 0
    CHECK (settled_variation_margin <> 'NaN');

-- An instruction of a defaulter that the waterfall took over: its amount is part of the case's loss (or surplus) and is
-- never paid or received any more. Final, like SETTLED.
ALTER TABLE settlement_instruction DROP CONSTRAINT settlement_instruction_status_check;
ALTER TABLE settlement_instruction ADD CONSTRAINT settlement_instruction_status_check
    CHECK (status IN ('PENDING', 'SETTLED', 'FAILED', 'WRITTEN_OFF'));
ALTER TABLE settlement_instruction ADD COLUMN default_case_id BIGINT REFERENCES default_case (id);
ALTER TABLE settlement_instruction ADD CONSTRAINT settlement_instruction_written_off
    CHECK ((status = 'WRITTEN_OFF') = (default_case_id IS NOT NULL));

INSERT INTO journal_entry_kind (kind, description) VALUES
    ('DEFAULT_SETTLEMENT_WRITE_OFF', 'a defaulter''s unpaid settlement balances cleared against CCP:DEFAULT-LOSS by the waterfall');

-- The waterfall's result in two parts (+ gained by the defaulter): what cycles booked to the defaulter's settlement
-- balances and it never paid, and what is left unsettled on its positions (the rounding of the position book only,
-- since the waterfall runs once a cycle has settled every close-out). trading_result is their sum.
ALTER TABLE default_case ADD COLUMN unpaid_settlement NUMERIC(38, 18) CHECK (unpaid_settlement <> 'NaN');
ALTER TABLE default_case ADD COLUMN unsettled_result NUMERIC CHECK (unsettled_result <> 'NaN');

-- Flags and proposals: a case names the flag it comes from; the flag is cleared by the declaration of a default, or by
-- an operator with a reason (a payment that arrived late).
ALTER TABLE default_case ADD COLUMN flag_id BIGINT REFERENCES default_flag (id);
ALTER TABLE default_flag ADD COLUMN clear_reason TEXT CHECK (length(clear_reason) BETWEEN 1 AND 1000);
ALTER TABLE default_flag ADD COLUMN cleared_by_case_id BIGINT REFERENCES default_case (id);
ALTER TABLE default_flag ADD CONSTRAINT default_flag_clear_why
    CHECK (cleared_at IS NULL OR clear_reason IS NOT NULL OR cleared_by_case_id IS NOT NULL);
CREATE INDEX default_flag_member_idx ON default_flag (member_id, id);
