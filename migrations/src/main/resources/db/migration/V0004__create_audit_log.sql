-- Every operator action, written in the same transaction as the action. Append-only (I7).
CREATE TABLE audit_log (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor        TEXT        NOT NULL,
    action       TEXT        NOT NULL,
    object_type  TEXT        NOT NULL,
    object_code  TEXT        NOT NULL,
    before       JSONB,
    after        JSONB
);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_code, id);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
