-- Margin model 1.1 changes how a scenario set is built (each window filtered by the variance known when it opened,
-- the floor over the last F returns, strict input checks). A stored set must keep its numbers under its id, so every
-- set records the model version it was built under: the sets stored so far are 1.0, and are rebuilt from their
-- closes by the 1.0 rules; a 1.1 set is stored as built (the scenario set JSON margin-core's build-scenarios writes
-- for the same closes and parameters), with the SHA-256 of its closes and the dates of its first and last scenario.
ALTER TABLE scenario_set
    ADD COLUMN model_version       TEXT NOT NULL DEFAULT '1.0' CHECK (model_version IN ('1.0', '1.1')),
    ADD COLUMN closes_sha256       TEXT CHECK (closes_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN scenarios_json      TEXT,
    ADD COLUMN first_scenario_day  DATE,
    ADD COLUMN last_scenario_day   DATE;

-- new rows name their version explicitly
ALTER TABLE scenario_set ALTER COLUMN model_version DROP DEFAULT;

ALTER TABLE scenario_set ADD CONSTRAINT scenario_set_built_record CHECK (
    model_version = '1.0'
    OR (closes_sha256 IS NOT NULL AND scenarios_json IS NOT NULL AND first_scenario_day IS NOT NULL
        AND last_scenario_day IS NOT NULL AND first_scenario_day <= last_scenario_day AND last_scenario_day = last_day
        AND first_day < first_scenario_day));
