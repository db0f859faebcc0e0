-- Default management (design.md, "Data flow" 5): the default fund, the CCP's own default-management account, default
-- cases with their lifecycle, porting, close-out at operator prices or by auction, and the loss waterfall.
--
-- Booking model. A member's default-fund contribution is a member-level ledger account (MEMBER_DEFAULT_FUND: what the
-- CCP holds of the member's, +), funded from custody like a deposit. The CCP's skin in the game is capital set aside in
-- CCP:SKIN-IN-THE-GAME. Applying the waterfall moves each layer's use out of its resource account into
-- CCP:DEFAULT-LOSS, which ends at the loss: what the CCP owes on to the surviving side of the defaulter's trades and to
-- the costs. Assessments are receivables on the surviving members (MEMBER_ASSESSMENT, - owed by the member); whatever
-- no layer covers is booked against CCP:UNCOVERED-LOSS, so the hole is in the books, never hidden.

-- The CCP itself, as the member that owns the default-management account (I2: positions per product sum to zero
-- across all accounts, the CCP's included). It is never margined, never trades through a venue and has no tokens.
ALTER TABLE member ADD COLUMN is_ccp BOOLEAN NOT NULL DEFAULT false;
CREATE UNIQUE INDEX member_one_ccp ON member ((true)) WHERE is_ccp;
INSERT INTO member (code, name, is_ccp) VALUES ('CCP', 'Concordia default management', true);
INSERT INTO account (code, member_id, mode, type) SELECT 'CCP-DM', id, 'CROSS', 'HOUSE' FROM member WHERE is_ccp;
INSERT INTO ledger_account (code, kind, account_id, non_negative)
SELECT 'ACC:CCP-DM', 'MEMBER_COLLATERAL', id, true FROM account WHERE code = 'CCP-DM';

-- Ledger accounts that belong to a member rather than to one of its accounts: a MEMBER_ kind now belongs to exactly
-- one account or exactly one member.
ALTER TABLE ledger_account ADD COLUMN member_id BIGINT REFERENCES member (id);
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_owner;
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_owner CHECK (
    (kind LIKE 'MEMBER\_%') = (account_id IS NOT NULL OR member_id IS NOT NULL) AND (account_id IS NULL OR member_id IS NULL));
CREATE UNIQUE INDEX ledger_account_member_unique ON ledger_account (member_id, kind) WHERE member_id IS NOT NULL;

INSERT INTO ledger_account_kind (kind, description) VALUES
    ('MEMBER_DEFAULT_FUND', 'a member''s default-fund contribution held by the CCP'),
    ('MEMBER_ASSESSMENT', 'assessments charged to a member by default waterfalls: - owed by the member'),
    ('CCP_SKIN_IN_THE_GAME', 'the CCP''s own capital committed ahead of the mutual default fund'),
    ('CCP_DEFAULT_LOSS', 'defaulters'' settled results: + resources applied to a loss and owed on, - a surplus owed in'),
    ('CCP_UNCOVERED_LOSS', 'the part of default losses no waterfall layer covered: - uncovered');

INSERT INTO journal_entry_kind (kind, description) VALUES
    ('DEFAULT_FUND_CONTRIBUTION', 'a member''s default-fund contribution set: received into, or returned from, the fund'),
    ('SKIN_IN_THE_GAME', 'the CCP''s committed capital set'),
    ('PORTING_TRANSFER', 'a defaulter''s client account''s collateral ported to the receiving member''s new account'),
    ('WATERFALL_DEFAULTER_MARGIN', 'a default loss taken from the defaulter''s margin collateral'),
    ('WATERFALL_DEFAULTER_FUND', 'a default loss taken from the defaulter''s default-fund contribution'),
    ('WATERFALL_SKIN_IN_THE_GAME', 'a default loss taken from the CCP''s skin in the game'),
    ('WATERFALL_MUTUAL_FUND', 'a default loss taken from the surviving members'' contributions, pro rata'),
    ('WATERFALL_ASSESSMENT', 'a default loss charged to the surviving members as capped assessments'),
    ('WATERFALL_UNCOVERED', 'the part of a default loss that no layer covered'),
    ('DEFAULT_SURPLUS', 'a defaulter''s surplus after close-out and costs, credited to its collateral');

INSERT INTO ledger_account (code, kind, non_negative) VALUES
    ('CCP:SKIN-IN-THE-GAME', 'CCP_SKIN_IN_THE_GAME', true),
    ('CCP:DEFAULT-LOSS', 'CCP_DEFAULT_LOSS', false),
    ('CCP:UNCOVERED-LOSS', 'CCP_UNCOVERED_LOSS', false);

-- A default case. PROPOSED by an operator -> DECLARED by a different person with the risk-officer role (or REJECTED)
-- -> CLOSING_OUT once the first position is closed out or auctioned -> CLOSED_OUT when the defaulter holds no open
-- position and no auction is live -> LOSS_ALLOCATED by the waterfall -> CLOSED with its report. Each step is one
-- transaction that moves the status, so a crash between steps leaves the case at the last step that committed.
CREATE TABLE default_case (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id            BIGINT          NOT NULL REFERENCES member (id),
    status               TEXT            NOT NULL CHECK (status IN ('PROPOSED', 'REJECTED', 'DECLARED', 'CLOSING_OUT',
                                                                    'CLOSED_OUT', 'LOSS_ALLOCATED', 'CLOSED')),
    reason               TEXT            NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    margin_call_id       BIGINT          REFERENCES margin_call (id),
    proposed_by          TEXT            NOT NULL,
    proposed_at          TIMESTAMPTZ     NOT NULL,
    decided_by           TEXT,
    decided_at           TIMESTAMPTZ,
    decision_note        TEXT            CHECK (length(decision_note) <= 1000),
    close_out_started_at TIMESTAMPTZ,
    closed_out_at        TIMESTAMPTZ,
    -- the waterfall, in the currency asset: the defaulter's settled trading result (+ gained by the defaulter), the
    -- close-out costs, and the loss (rounded up) or surplus (rounded down) they leave
    asset_id             BIGINT          REFERENCES asset (id),
    trading_result       NUMERIC(38, 18) CHECK (trading_result <> 'NaN'),
    costs                NUMERIC(38, 18) CHECK (costs <> 'NaN' AND costs >= 0),
    loss                 NUMERIC(38, 18) CHECK (loss <> 'NaN' AND loss >= 0),
    surplus              NUMERIC(38, 18) CHECK (surplus <> 'NaN' AND surplus >= 0),
    uncovered            NUMERIC(38, 18) CHECK (uncovered <> 'NaN' AND uncovered >= 0),
    loss_allocated_by    TEXT,
    loss_allocated_at    TIMESTAMPTZ,
    closed_by            TEXT,
    closed_at            TIMESTAMPTZ,
    report               JSONB,
    CONSTRAINT default_case_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
    CONSTRAINT default_case_decided CHECK ((status = 'PROPOSED') = (decided_by IS NULL)),
    CONSTRAINT default_case_loss_allocated CHECK ((status IN ('LOSS_ALLOCATED', 'CLOSED')) = (loss_allocated_at IS NOT NULL)),
    CONSTRAINT default_case_waterfall CHECK (loss_allocated_at IS NULL OR (asset_id IS NOT NULL AND trading_result IS NOT NULL
                                              AND costs IS NOT NULL AND loss IS NOT NULL AND surplus IS NOT NULL AND uncovered IS NOT NULL)),
    CONSTRAINT default_case_closed CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL AND report IS NOT NULL))
);
CREATE UNIQUE INDEX default_case_one_open ON default_case (member_id) WHERE status NOT IN ('REJECTED', 'CLOSED');

-- A client account of the defaulter ported, with its positions and collateral, to a new account of a consenting member.
CREATE TABLE default_port (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id          BIGINT      NOT NULL REFERENCES default_case (id),
    from_account_id  BIGINT      NOT NULL UNIQUE REFERENCES account (id),
    to_account_id    BIGINT      NOT NULL UNIQUE REFERENCES account (id),
    consent          TEXT        NOT NULL CHECK (length(consent) BETWEEN 1 AND 500),
    entry_id         BIGINT      REFERENCES journal_entry (id),
    ported_by        TEXT        NOT NULL,
    ported_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX default_port_case_idx ON default_port (case_id);

-- The positions a port moved, as they stood (quantity + long, product units; prices USD per unit; P&L + gained).
CREATE TABLE default_port_position (
    port_id        BIGINT          NOT NULL REFERENCES default_port (id),
    product_id     BIGINT          NOT NULL REFERENCES product (id),
    quantity       NUMERIC(38, 18) NOT NULL CHECK (quantity <> 'NaN'),
    average_price  NUMERIC(38, 18) NOT NULL CHECK (average_price <> 'NaN' AND average_price >= 0),
    realized_pnl   NUMERIC(38, 18) NOT NULL CHECK (realized_pnl <> 'NaN'),
    PRIMARY KEY (port_id, product_id)
);

-- One auction per underlying: a lot of the defaulter's positions offered to the members until the deadline. The best
-- bid is proposed for award by an operator and awarded by a different person with the risk-officer role.
CREATE TABLE default_auction (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id            BIGINT      NOT NULL REFERENCES default_case (id),
    underlying         TEXT        NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('OPEN', 'AWARD_PROPOSED', 'AWARDED', 'CANCELLED')),
    deadline           TIMESTAMPTZ NOT NULL,
    opened_by          TEXT        NOT NULL,
    opened_at          TIMESTAMPTZ NOT NULL,
    proposed_bid_id    BIGINT,
    award_proposed_by  TEXT,
    award_proposed_at  TIMESTAMPTZ,
    awarded_by         TEXT,
    awarded_at         TIMESTAMPTZ,
    cancelled_by       TEXT,
    cancelled_at       TIMESTAMPTZ,
    cancel_reason      TEXT        CHECK (length(cancel_reason) <= 1000),
    CONSTRAINT default_auction_deadline CHECK (deadline > opened_at),
    CONSTRAINT default_auction_four_eyes CHECK (awarded_by IS NULL OR awarded_by <> award_proposed_by),
    CONSTRAINT default_auction_proposed CHECK (status NOT IN ('AWARD_PROPOSED', 'AWARDED') OR proposed_bid_id IS NOT NULL),
    CONSTRAINT default_auction_awarded CHECK ((status = 'AWARDED') = (awarded_at IS NOT NULL))
);
CREATE INDEX default_auction_case_idx ON default_auction (case_id);
CREATE UNIQUE INDEX default_auction_one_live ON default_auction (case_id, underlying) WHERE status IN ('OPEN', 'AWARD_PROPOSED');

-- What a lot holds: the defaulter's net position per product when the auction opened (+ long: the winner buys).
CREATE TABLE default_auction_lot (
    auction_id  BIGINT          NOT NULL REFERENCES default_auction (id),
    product_id  BIGINT          NOT NULL REFERENCES product (id),
    quantity    NUMERIC(38, 18) NOT NULL CHECK (quantity <> 'NaN' AND quantity <> 0),
    PRIMARY KEY (auction_id, product_id)
);

-- A member's bid: a price per product of the lot, and the account that would take the positions. value is
-- sum(lot quantity x price), exact (USD): the best bid has the largest value (the highest price for a long lot, the
-- lowest for a short one); ties go to the earlier bid.
CREATE TABLE default_auction_bid (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    auction_id    BIGINT      NOT NULL REFERENCES default_auction (id),
    member_id     BIGINT      NOT NULL REFERENCES member (id),
    account_id    BIGINT      NOT NULL REFERENCES account (id),
    value         NUMERIC     NOT NULL CHECK (value <> 'NaN'),
    submitted_by  TEXT        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX default_auction_bid_auction_idx ON default_auction_bid (auction_id, member_id, id);
ALTER TABLE default_auction ADD CONSTRAINT default_auction_proposed_bid_fk FOREIGN KEY (proposed_bid_id)
    REFERENCES default_auction_bid (id);

CREATE TABLE default_auction_bid_price (
    bid_id      BIGINT          NOT NULL REFERENCES default_auction_bid (id),
    product_id  BIGINT          NOT NULL REFERENCES product (id),
    price       NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price > 0),
    PRIMARY KEY (bid_id, product_id)
);

-- Every position closed out: the defaulter's quantity (+ long) at its average entry price, the mark when it was
-- closed (NULL: the product had none), the close-out price, and the account that took it over (the CCP's
-- default-management account for operator prices, the winner's for an auction). One close-out per position and case.
CREATE TABLE default_close_out (
    id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id                  BIGINT          NOT NULL REFERENCES default_case (id),
    account_id               BIGINT          NOT NULL REFERENCES account (id),
    product_id               BIGINT          NOT NULL REFERENCES product (id),
    quantity                 NUMERIC(38, 18) NOT NULL CHECK (quantity <> 'NaN' AND quantity <> 0),
    average_price            NUMERIC(38, 18) NOT NULL CHECK (average_price <> 'NaN' AND average_price > 0),
    mark                     NUMERIC(38, 18) CHECK (mark <> 'NaN' AND mark > 0),
    price                    NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price > 0),
    method                   TEXT            NOT NULL CHECK (method IN ('PRICE', 'AUCTION')),
    auction_id               BIGINT          REFERENCES default_auction (id),
    counterparty_account_id  BIGINT          NOT NULL REFERENCES account (id),
    closed_by                TEXT            NOT NULL,
    closed_at                TIMESTAMPTZ     NOT NULL,
    CONSTRAINT default_close_out_auction CHECK ((method = 'AUCTION') = (auction_id IS NOT NULL)),
    CONSTRAINT default_close_out_once UNIQUE (case_id, account_id, product_id)
);

-- The waterfall as applied: every layer's capacity and use (magnitudes in the case's currency) and the entry that
-- booked it; each surviving member's share of the mutual fund and of the assessments.
CREATE TABLE default_waterfall_layer (
    case_id   BIGINT          NOT NULL REFERENCES default_case (id),
    layer     TEXT            NOT NULL CHECK (layer IN ('DEFAULTER_MARGIN', 'DEFAULTER_CONTRIBUTION', 'SKIN_IN_THE_GAME',
                                                       'MUTUAL_FUND', 'ASSESSMENTS')),
    ordinal   INTEGER         NOT NULL CHECK (ordinal BETWEEN 1 AND 5),
    capacity  NUMERIC(38, 18) NOT NULL CHECK (capacity <> 'NaN' AND capacity >= 0),
    used      NUMERIC(38, 18) NOT NULL CHECK (used <> 'NaN' AND used >= 0 AND used <= capacity),
    entry_id  BIGINT          REFERENCES journal_entry (id),
    PRIMARY KEY (case_id, layer),
    CONSTRAINT default_waterfall_layer_booked CHECK ((used > 0) = (entry_id IS NOT NULL))
);

CREATE TABLE default_member_charge (
    case_id    BIGINT          NOT NULL REFERENCES default_case (id),
    member_id  BIGINT          NOT NULL REFERENCES member (id),
    layer      TEXT            NOT NULL CHECK (layer IN ('MUTUAL_FUND', 'ASSESSMENTS')),
    amount     NUMERIC(38, 18) NOT NULL CHECK (amount <> 'NaN' AND amount > 0),
    entry_id   BIGINT          NOT NULL REFERENCES journal_entry (id),
    PRIMARY KEY (case_id, member_id, layer)
);
CREATE INDEX default_member_charge_member_idx ON default_member_charge (member_id, case_id);

-- What a step decided is never rewritten (I7).
CREATE TRIGGER default_port_append_only BEFORE UPDATE OR DELETE ON default_port
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER default_port_position_append_only BEFORE UPDATE OR DELETE ON default_port_position
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER default_auction_lot_append_only BEFORE UPDATE OR DELETE ON default_auction_lot
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER default_auction_bid_append_only BEFORE UPDATE OR DELETE ON default_auction_bid
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER default_auction_bid_price_append_only BEFORE UPDATE OR DELETE ON default_auction_bid_price
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER default_close_out_append_only BEFORE UPDATE OR DELETE ON default_close_out
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER default_waterfall_layer_append_only BEFORE UPDATE OR DELETE ON default_waterfall_layer
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER default_member_charge_append_only BEFORE UPDATE OR DELETE ON default_member_charge
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
