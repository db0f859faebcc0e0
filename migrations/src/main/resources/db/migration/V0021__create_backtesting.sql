-- Daily backtesting (docs/margin-model.md §9). Once a day the service records what it held and asked: every
-- account's positions and stored requirement, and the reference portfolios (one unit long and one unit short of each
-- listed underlying) margined under the risk in force, with the marks of the day. When the snapshot of day t + h
-- exists (h: the margin period of risk of the scenario set in force at t), each portfolio of day t becomes an
-- observation: the loss of the positions held at t, fixed, from the marks of t to those of t + h, against the IM of t.
-- Snapshots and observations are kept for good; the statistics are computed from them on read.
CREATE TABLE backtest_snapshot (
    day               DATE          PRIMARY KEY,
    taken_at          TIMESTAMPTZ   NOT NULL,
    taken_by          TEXT          NOT NULL CHECK (length(taken_by) BETWEEN 1 AND 200),
    schedule_version  TEXT          NOT NULL REFERENCES margin_schedule (version),
    scenario_set_id   TEXT          NOT NULL REFERENCES scenario_set (id),
    horizon_days      INTEGER       NOT NULL CHECK (horizon_days BETWEEN 1 AND 30),
    confidence        NUMERIC(10, 9) NOT NULL CHECK (confidence > 0 AND confidence < 1)
);

-- The marks of the day, for every product that had one.
CREATE TABLE backtest_mark (
    day         DATE            NOT NULL REFERENCES backtest_snapshot (day),
    product_id  BIGINT          NOT NULL REFERENCES product (id),
    price       NUMERIC(38, 18) NOT NULL CHECK (price <> 'NaN' AND price > 0),
    PRIMARY KEY (day, product_id)
);

-- A portfolio of the day: an account (subject: its code), or a reference portfolio (subject: the underlying).
-- VaR and ES are the model's (for an isolated account, the sums over its buckets); money in USD at scale 2.
CREATE TABLE backtest_portfolio (
    day         DATE           NOT NULL REFERENCES backtest_snapshot (day),
    kind        TEXT           NOT NULL CHECK (kind IN ('ACCOUNT', 'REFERENCE_LONG', 'REFERENCE_SHORT')),
    subject     TEXT           NOT NULL CHECK (length(subject) BETWEEN 1 AND 64),
    account_id  BIGINT         REFERENCES account (id),
    member_id   BIGINT         REFERENCES member (id),
    im          NUMERIC(20, 2) NOT NULL CHECK (im >= 0),
    var         NUMERIC(20, 2) NOT NULL,
    es          NUMERIC(20, 2) NOT NULL,
    PRIMARY KEY (day, kind, subject),
    CONSTRAINT backtest_portfolio_account CHECK ((kind = 'ACCOUNT') = (account_id IS NOT NULL AND member_id IS NOT NULL))
);

CREATE TABLE backtest_holding (
    day         DATE            NOT NULL,
    kind        TEXT            NOT NULL,
    subject     TEXT            NOT NULL,
    product_id  BIGINT          NOT NULL REFERENCES product (id),
    quantity    NUMERIC         NOT NULL CHECK (quantity <> 'NaN' AND quantity <> 0),
    PRIMARY KEY (day, kind, subject, product_id),
    FOREIGN KEY (day, kind, subject) REFERENCES backtest_portfolio (day, kind, subject)
);

-- One observation per portfolio of day t, made when the snapshot of t + h exists and marks every product held.
-- MEMBER rows aggregate a member's accounts of the day (their IM and losses summed; VaR and ES summed likewise).
CREATE TABLE backtest_observation (
    day         DATE           NOT NULL REFERENCES backtest_snapshot (day),
    kind        TEXT           NOT NULL CHECK (kind IN ('ACCOUNT', 'MEMBER', 'REFERENCE_LONG', 'REFERENCE_SHORT')),
    subject     TEXT           NOT NULL CHECK (length(subject) BETWEEN 1 AND 64),
    end_day     DATE           NOT NULL REFERENCES backtest_snapshot (day),
    account_id  BIGINT         REFERENCES account (id),
    member_id   BIGINT         REFERENCES member (id),
    im          NUMERIC(20, 2) NOT NULL CHECK (im >= 0),
    var         NUMERIC(20, 2) NOT NULL,
    es          NUMERIC(20, 2) NOT NULL,
    exposure    NUMERIC(24, 2) NOT NULL CHECK (exposure >= 0),
    loss        NUMERIC(24, 2) NOT NULL,
    observed_at TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (kind, subject, day),
    CONSTRAINT backtest_observation_horizon CHECK (end_day > day)
);
CREATE INDEX backtest_observation_member_idx ON backtest_observation (member_id, day) WHERE member_id IS NOT NULL;

-- The Basel zone each subject was last in, so that leaving green (or coming back) is told once.
CREATE TABLE backtest_zone (
    kind        TEXT        NOT NULL,
    subject     TEXT        NOT NULL,
    zone        TEXT        NOT NULL CHECK (zone IN ('GREEN', 'YELLOW', 'RED')),
    changed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, subject)
);

-- Kept for good, like the margin history they are judged against.
CREATE TRIGGER backtest_observation_no_change BEFORE UPDATE OR DELETE ON backtest_observation
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER backtest_snapshot_no_change BEFORE UPDATE OR DELETE ON backtest_snapshot
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
