-- An admin's request to rebuild the read models. Any node with the web role records it; a
-- node that runs the read models' processors carries it out and marks it started (outcome
-- 'started', or 'failed: ...'). Requests are kept as a record of when rebuilds were asked
-- for, by whom, and when they started.
CREATE TABLE read_model_rebuild (
    id           BIGSERIAL PRIMARY KEY,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    requested_by TEXT NOT NULL,
    started_at   TIMESTAMPTZ,
    outcome      TEXT
);
CREATE INDEX read_model_rebuild_pending ON read_model_rebuild (id) WHERE started_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON read_model_rebuild TO ${appRole};
GRANT USAGE ON SEQUENCE read_model_rebuild_id_seq TO ${appRole};
