-- Re-margining no longer holds account locks while it reads and computes. A queued account carries a version that
-- every new change replaces; the worker reads the versions, computes, and then stores a result and removes the
-- entry only where the version is still the one it read: the account did not change in between. An account that
-- changed stays queued and is margined again from its new state.
CREATE SEQUENCE margin_queue_version;
ALTER TABLE margin_queue ADD COLUMN version BIGINT NOT NULL DEFAULT nextval('margin_queue_version');
-- the worker takes the oldest entries first
CREATE INDEX margin_queue_since_idx ON margin_queue (since);
