-- A representative database at V0013 (the schema of the release before the marks guard and the margin-call causes):
-- members with cross and isolated accounts, deposits on the ledger, trades and positions, marks, stored margin and
-- its history, margin calls (a deficit, a failed payment, both on one call, one already met), a published settlement
-- cycle with a failed instruction, the custodian's confirmations (applied and rejected), a default flag and a
-- proposed default case. SchemaUpgradeTest migrates it to the current schema and checks that all of it survives.

INSERT INTO asset (code, scale) VALUES ('USD', 2);
INSERT INTO venue (code, name) VALUES ('venue-a', 'Venue A'), ('venue-b', 'Venue B');
INSERT INTO product (symbol, underlying, kind, expiry) VALUES
    ('BTC-PERP', 'BTC', 'PERPETUAL', NULL),
    ('ETH-FUT-20270326', 'ETH', 'FUTURE', DATE '2027-03-26');
INSERT INTO venue_instrument (venue_id, symbol, product_id, contract_size)
SELECT v.id, s.symbol, p.id, s.size
  FROM (VALUES ('venue-a', 'XBTUSD', 'BTC-PERP', 0.001), ('venue-b', 'BTC-USDT', 'BTC-PERP', 1),
               ('venue-a', 'ETHH27', 'ETH-FUT-20270326', 0.01)) AS s (venue, symbol, product, size)
  JOIN venue v ON v.code = s.venue JOIN product p ON p.symbol = s.product;

INSERT INTO member (code, name, status) VALUES
    ('ALPHA', 'Alpha Trading', 'ACTIVE'), ('BETA', 'Beta Capital', 'ACTIVE'), ('DELTA', 'Delta Partners', 'ACTIVE');
INSERT INTO account (code, member_id, mode, type)
SELECT a.code, m.id, a.mode, a.type
  FROM (VALUES ('ALPHA-H1', 'ALPHA', 'CROSS', 'HOUSE'), ('BETA-H1', 'BETA', 'CROSS', 'HOUSE'),
               ('BETA-C1', 'BETA', 'ISOLATED', 'CLIENT'), ('DELTA-H1', 'DELTA', 'CROSS', 'HOUSE')) AS a (code, member, mode, type)
  JOIN member m ON m.code = a.member;
INSERT INTO ledger_account (code, kind, account_id, non_negative)
SELECT 'ACC:' || code, 'MEMBER_COLLATERAL', id, true FROM account WHERE code <> 'CCP-DM';

-- deposits: one balanced entry each, custody on the other side
WITH deposit (account, amount) AS (VALUES ('ALPHA-H1', 100000.00), ('BETA-H1', 5000.00), ('BETA-C1', 2500.50), ('DELTA-H1', 800.00)),
entry AS (
    INSERT INTO journal_entry (kind, reference, created_by)
    SELECT 'DEPOSIT', 'wire ' || account, 'op-alice' FROM deposit RETURNING id, reference
)
INSERT INTO posting (entry_id, ledger_account_id, asset_id, amount)
SELECT e.id, la.id, (SELECT id FROM asset WHERE code = 'USD'), x.amount
  FROM entry e
  JOIN deposit d ON e.reference = 'wire ' || d.account
  CROSS JOIN LATERAL (VALUES ('ACC:' || d.account, d.amount), ('CCP:CUSTODY', -d.amount)) AS x (ledger, amount)
  JOIN ledger_account la ON la.code = x.ledger;

-- two trades on two venues: ALPHA buys 2 BTC from BETA, DELTA buys 1 BTC from ALPHA
INSERT INTO trade_inbox (venue_id, venue_trade_id, payload_hash, product_id, buyer_account_id, seller_account_id, price,
                         quantity, executed_at, source_topic, source_partition, source_offset)
SELECT v.id, t.id, sha256(convert_to(t.id, 'UTF8')), p.id, b.id, s.id, t.price, t.quantity, TIMESTAMPTZ '2026-11-25 10:00:00+00',
       'trades.' || t.venue, 0, t.off
  FROM (VALUES ('venue-a', 'A-1', 'ALPHA-H1', 'BETA-H1', 64000, 2, 0), ('venue-b', 'B-1', 'DELTA-H1', 'ALPHA-H1', 64100, 1, 0))
       AS t (venue, id, buyer, seller, price, quantity, off)
  JOIN venue v ON v.code = t.venue JOIN product p ON p.symbol = 'BTC-PERP'
  JOIN account b ON b.code = t.buyer JOIN account s ON s.code = t.seller;
INSERT INTO position (account_id, product_id, quantity, average_price, realized_pnl, trade_count)
SELECT a.id, p.id, x.quantity, x.price, x.realized, x.trades
  FROM (VALUES ('ALPHA-H1', 1, 64000, 100, 2), ('BETA-H1', -2, 64000, 0, 1), ('DELTA-H1', 1, 64100, 0, 1))
       AS x (account, quantity, price, realized, trades)
  JOIN account a ON a.code = x.account JOIN product p ON p.symbol = 'BTC-PERP';
INSERT INTO mark (product_id, price, source, stale, sources, updated_at)
SELECT id, 60000, 'HARMONIZED', false, 2, TIMESTAMPTZ '2026-11-25 11:00:00+00' FROM product WHERE symbol = 'BTC-PERP';
INSERT INTO mark_history (product_id, price, source, sources, at)
SELECT id, 60000, 'HARMONIZED', 2, TIMESTAMPTZ '2026-11-25 11:00:00+00' FROM product WHERE symbol = 'BTC-PERP';

-- the schedule and scenario set the stored margin names
INSERT INTO margin_schedule (version, body, status, proposed_by, decided_by, decided_at, effective_at, activated_at)
VALUES ('default-1', '{"version":"default-1","confidence":"0.99"}', 'ACTIVE', 'system', 'installer',
        TIMESTAMPTZ '2026-11-25 09:00:00+00', TIMESTAMPTZ '2026-11-25 09:00:00+00', TIMESTAMPTZ '2026-11-25 09:00:00+00');
INSERT INTO scenario_set (id, source, closes_csv, parameters, underlyings, first_day, last_day, scenario_count, active, created_by, activated_at)
VALUES ('synthetic-1', 'SYNTHETIC', 'date,underlying,close', '{"horizon":2,"lambda":"0.97","phi":"0.75"}', '{BTC,ETH}', DATE '2025-11-25', DATE '2026-11-24',
        500, true, 'system', TIMESTAMPTZ '2026-11-25 09:00:00+00');

-- stored margin: ALPHA healthy, BETA called, DELTA in liquidation
INSERT INTO account_margin (account_id, im, mm, collateral_value, equity, status, call_amount, binding, var, es, im_hist,
                            im_stress, binding_stress, im_floor, im_spread, schedule_version, scenario_set_id, cause, computed_at)
SELECT a.id, x.im, x.mm, x.collateral, x.equity, x.status, x.call, 'STRESS', 1000, 1200, 1200, x.im, 'ALL-DOWN', 100, 0,
       'default-1', 'synthetic-1', 'trade', TIMESTAMPTZ '2026-11-25 11:00:01+00'
  FROM (VALUES ('ALPHA-H1', 7680.00, 3840.00, 100000.00, 96100.00, 'HEALTHY', 0.00),
               ('BETA-H1', 15360.00, 7680.00, 5000.00, 13000.00, 'CALL', 2360.00),
               ('DELTA-H1', 7680.00, 3840.00, 800.00, 0.00, 'LIQUIDATION', 7680.00)) AS x (account, im, mm, collateral, equity, status, call)
  JOIN account a ON a.code = x.account;
INSERT INTO margin_history (account_id, im, mm, collateral_value, equity, status, call_amount, schedule_version, scenario_set_id, cause, computed_at)
SELECT account_id, im, mm, collateral_value, equity, status, call_amount, schedule_version, scenario_set_id, cause, computed_at
  FROM account_margin;

-- a published cycle whose PAY instructions for BETA and DELTA failed
INSERT INTO settlement_cycle (code, origin, status, cut_off, asset_id, fee_rate, requested_by, frozen_at, posted_at, published_at, positions, instructions)
SELECT '2026-11-25T12:00Z', 'SCHEDULED', 'PUBLISHED', TIMESTAMPTZ '2026-11-25 12:00:00+00', id, 0.0001, 'scheduler',
       TIMESTAMPTZ '2026-11-25 12:00:01+00', TIMESTAMPTZ '2026-11-25 12:00:02+00', TIMESTAMPTZ '2026-11-25 12:00:03+00', 3, 2
  FROM asset WHERE code = 'USD';
INSERT INTO settlement_instruction (cycle_id, member_id, asset_id, direction, amount, status, created_at, decided_by, decided_at, reason)
SELECT c.id, m.id, c.asset_id, 'PAY', x.amount, 'FAILED', TIMESTAMPTZ '2026-11-25 12:00:02+00', 'op-alice',
       TIMESTAMPTZ '2026-11-25 13:00:00+00', 'no funds'
  FROM (VALUES ('BETA', 1000.00), ('DELTA', 500.00)) AS x (member, amount)
  JOIN member m ON m.code = x.member CROSS JOIN settlement_cycle c;
INSERT INTO settlement_account_amount (cycle_id, account_id, asset_id, member_id, amount)
SELECT c.id, a.id, c.asset_id, a.member_id, x.amount
  FROM (VALUES ('BETA-H1', -1000.00), ('DELTA-H1', -500.00)) AS x (account, amount)
  JOIN account a ON a.code = x.account CROSS JOIN settlement_cycle c;

-- margin calls: BETA-H1's deficit call grown by its failed payment; DELTA-H1 called for its failed payment only;
-- ALPHA-H1's earlier deficit call, met
INSERT INTO margin_call (account_id, reason, status, amount, margin_status, issued_at, deadline, closed_at, closed_by, reference, updated_at)
SELECT a.id, x.reason, x.status, x.amount, x.margin_status, TIMESTAMPTZ '2026-11-25 11:00:01+00', TIMESTAMPTZ '2026-11-25 12:00:01+00',
       x.closed_at, x.closed_by,
       CASE WHEN x.member IS NULL THEN NULL ELSE 'settlement-instruction:' || (SELECT i.id FROM settlement_instruction i JOIN member m ON m.id = i.member_id WHERE m.code = x.member) END,
       TIMESTAMPTZ '2026-11-25 13:00:00+00'
  FROM (VALUES ('BETA-H1', 'MARGIN_DEFICIT', 'ISSUED', 3360.00, 'CALL', NULL::timestamptz, NULL, 'BETA'),
               ('DELTA-H1', 'SETTLEMENT_FAILURE', 'OVERDUE', 500.00, 'LIQUIDATION', NULL, NULL, 'DELTA'),
               ('ALPHA-H1', 'MARGIN_DEFICIT', 'MET', 250.00, 'HEALTHY', TIMESTAMPTZ '2026-11-25 11:30:00+00', 'margin', NULL))
       AS x (account, reason, status, amount, margin_status, closed_at, closed_by, member)
  JOIN account a ON a.code = x.account;

-- the custodian's confirmations: one applied, two rejected (one with a code in its detail, one without)
INSERT INTO settlement_confirmation (source_topic, source_partition, source_offset, record_key, payload, instruction_id, outcome, detail)
VALUES ('settlement-confirmations', 0, 0, '1', '{"instructionId":1,"status":"FAILED","reason":"no funds"}', 1, 'APPLIED', 'FAILED'),
       ('settlement-confirmations', 0, 1, '99', '{"instructionId":99,"status":"SETTLED"}', NULL, 'REJECTED', 'UNKNOWN_INSTRUCTION: no instruction 99'),
       ('settlement-confirmations', 0, 2, NULL, 'not json', NULL, 'REJECTED', 'the record could not be read');

-- DELTA flagged for its failed payment, and its default proposed
INSERT INTO default_flag (member_id, reason, reference, raised_by, raised_at)
SELECT id, 'SETTLEMENT_FAILURE', 'settlement-instruction:2', 'op-alice', TIMESTAMPTZ '2026-11-25 13:00:00+00' FROM member WHERE code = 'DELTA';
INSERT INTO default_case (member_id, status, reason, proposed_by, proposed_at, flag_id)
SELECT m.id, 'PROPOSED', 'failed settlement payment', 'op-alice', TIMESTAMPTZ '2026-11-25 14:00:00+00', f.id
  FROM member m JOIN default_flag f ON f.member_id = m.id WHERE m.code = 'DELTA';

INSERT INTO audit_log (actor, action, object_type, object_code, after)
VALUES ('op-alice', 'DEPOSIT', 'account', 'ALPHA-H1', '{"quantity":"100000.00"}'),
       ('op-alice', 'PROPOSE_DEFAULT', 'default-case', '1', '{"member":"DELTA"}');
