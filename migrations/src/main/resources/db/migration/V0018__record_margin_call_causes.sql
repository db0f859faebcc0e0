-- What each margin call was raised for. An account has at most one open call (margin_call_one_open), so a failed
-- settlement payment on an account that margin already called (or a deficit on an account called for a failed
-- payment) adds a cause to the same call. Each cause is met on its own rule: a MARGIN_DEFICIT when equity is back
-- at or above IM, a SETTLEMENT_FAILURE when its instruction is settled or written off by a default case. The call is
-- MET when every cause is met, and only a call with an open cause goes overdue or escalates.
CREATE TABLE margin_call_cause (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id         BIGINT         NOT NULL REFERENCES margin_call (id),
    cause           TEXT           NOT NULL CHECK (cause IN ('MARGIN_DEFICIT', 'SETTLEMENT_FAILURE')),
    instruction_id  BIGINT         REFERENCES settlement_instruction (id),
    amount          NUMERIC(20, 2) NOT NULL CHECK (amount > 0),
    opened_at       TIMESTAMPTZ    NOT NULL,
    met_at          TIMESTAMPTZ,
    met_by          TEXT,
    CONSTRAINT margin_call_cause_instruction CHECK ((cause = 'SETTLEMENT_FAILURE') = (instruction_id IS NOT NULL)),
    CONSTRAINT margin_call_cause_met CHECK ((met_at IS NULL) = (met_by IS NULL))
);
CREATE INDEX margin_call_cause_call_idx ON margin_call_cause (call_id, id);
CREATE INDEX margin_call_cause_instruction_idx ON margin_call_cause (instruction_id) WHERE met_at IS NULL;
-- one open deficit per call, and a failed instruction is a cause of a call once
CREATE UNIQUE INDEX margin_call_cause_one_open ON margin_call_cause (call_id, cause, coalesce(instruction_id, 0)) WHERE met_at IS NULL;

-- The causes of the calls raised before: the instructions a call's reference names (a failed payment adds
-- 'settlement-instruction:<id>'), each for the account's share of it, and the deficit of a call margin raised, for
-- the rest of its amount. A MET call's causes were met when it was; a cancelled call's stay as they were.
WITH named AS (
    SELECT DISTINCT mc.id AS call_id, mc.account_id, (regexp_matches(mc.reference, 'settlement-instruction:([0-9]+)', 'g'))[1]::bigint AS instruction_id
      FROM margin_call mc WHERE mc.reference IS NOT NULL
), shares AS (
    SELECT n.call_id, n.instruction_id, greatest(ceil(-coalesce(x.amount, 0) * 100) / 100, 0.01) AS amount
      FROM named n JOIN settlement_instruction i ON i.id = n.instruction_id
      LEFT JOIN settlement_account_amount x ON x.cycle_id = i.cycle_id AND x.asset_id = i.asset_id AND x.account_id = n.account_id
)
INSERT INTO margin_call_cause (call_id, cause, instruction_id, amount, opened_at, met_at, met_by)
SELECT mc.id, 'SETTLEMENT_FAILURE', s.instruction_id, s.amount, mc.issued_at,
       CASE WHEN mc.status = 'MET' THEN mc.closed_at END, CASE WHEN mc.status = 'MET' THEN mc.closed_by END
  FROM shares s JOIN margin_call mc ON mc.id = s.call_id;

INSERT INTO margin_call_cause (call_id, cause, instruction_id, amount, opened_at, met_at, met_by)
SELECT mc.id, 'MARGIN_DEFICIT', NULL,
       greatest(mc.amount - coalesce((SELECT sum(x.amount) FROM margin_call_cause x WHERE x.call_id = mc.id), 0), 0.01),
       mc.issued_at, CASE WHEN mc.status = 'MET' THEN mc.closed_at END, CASE WHEN mc.status = 'MET' THEN mc.closed_by END
  FROM margin_call mc WHERE mc.reason = 'MARGIN_DEFICIT';

-- The custodian's confirmations: the stable code of a rejection, so operators can filter and count by it.
ALTER TABLE settlement_confirmation ADD COLUMN code TEXT CHECK (code ~ '^[A-Z][A-Z0-9_]{0,63}$');
UPDATE settlement_confirmation
   SET code = CASE WHEN split_part(detail, ':', 1) ~ '^[A-Z][A-Z0-9_]{0,63}$' THEN split_part(detail, ':', 1) ELSE 'UNCLASSIFIED' END
 WHERE outcome = 'REJECTED';
ALTER TABLE settlement_confirmation ADD CONSTRAINT settlement_confirmation_code CHECK ((outcome = 'REJECTED') = (code IS NOT NULL));
CREATE INDEX settlement_confirmation_outcome_idx ON settlement_confirmation (outcome, id);
CREATE INDEX settlement_confirmation_instruction_idx ON settlement_confirmation (instruction_id, id);
