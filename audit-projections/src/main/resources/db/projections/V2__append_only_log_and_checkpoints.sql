-- The session log's rows are never edited: UPDATE and DELETE are refused by triggers. The
-- log is still a read model, rebuilt from the event store, so the whole table may be
-- cleared for a rebuild, and only that way: through sightline_clear_session_log(), which
-- runs as the owner. The truth an auditor checks is the event chain, not these rows.

-- The same function as the event store's: each schema may be migrated first.
CREATE OR REPLACE FUNCTION sightline_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER session_log_append_only BEFORE UPDATE OR DELETE ON session_log
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();

CREATE FUNCTION sightline_refuse_truncate_unless_clearing() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('sightline.clearing_read_model', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER session_log_no_truncate BEFORE TRUNCATE ON session_log
    FOR EACH STATEMENT EXECUTE FUNCTION sightline_refuse_truncate_unless_clearing();

CREATE FUNCTION sightline_clear_session_log() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('sightline.clearing_read_model', 'on', true);
    TRUNCATE session_log;
    PERFORM set_config('sightline.clearing_read_model', 'off', true);
END
$$;

-- Signed checkpoints (docs/audit-format.md): each covers every stream whose chain advanced
-- since the one before, as the Merkle root of (LSID, head sequence, head hash), signed with
-- Ed25519. Checkpoints chain too: each signs the digest of the one before.
CREATE TABLE checkpoint_key (
    key_id     CHAR(64)     NOT NULL PRIMARY KEY,
    algorithm  VARCHAR(16)  NOT NULL,
    public_key BYTEA        NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE checkpoint (
    id              BIGINT       NOT NULL PRIMARY KEY,
    created_at      VARCHAR(40)  NOT NULL,
    leaf_count      INTEGER      NOT NULL,
    merkle_root     BYTEA        NOT NULL,
    previous_digest BYTEA        NOT NULL,
    key_id          CHAR(64)     NOT NULL REFERENCES checkpoint_key (key_id),
    signature       BYTEA        NOT NULL
);

CREATE TABLE checkpoint_leaf (
    checkpoint_id BIGINT       NOT NULL REFERENCES checkpoint (id),
    position      INTEGER      NOT NULL,
    lsid          VARCHAR(255) NOT NULL,
    seq           BIGINT       NOT NULL,
    hash          BYTEA        NOT NULL,
    PRIMARY KEY (checkpoint_id, position)
);
CREATE INDEX checkpoint_leaf_by_lsid ON checkpoint_leaf (lsid, checkpoint_id);

CREATE TRIGGER checkpoint_key_append_only BEFORE UPDATE OR DELETE ON checkpoint_key
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER checkpoint_key_no_truncate BEFORE TRUNCATE ON checkpoint_key
    FOR EACH STATEMENT EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE ON checkpoint
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER checkpoint_leaf_append_only BEFORE UPDATE OR DELETE ON checkpoint_leaf
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER checkpoint_leaf_no_truncate BEFORE TRUNCATE ON checkpoint_leaf
    FOR EACH STATEMENT EXECUTE FUNCTION sightline_refuse_change();

-- What the periodic verification found for each stream (the query API shows it).
CREATE TABLE chain_status (
    lsid          VARCHAR(255) NOT NULL PRIMARY KEY,
    verified      BOOLEAN      NOT NULL,
    head_seq      BIGINT       NOT NULL,
    checkpoint_id BIGINT,
    problem       TEXT,
    checked_at    TIMESTAMPTZ  NOT NULL
);

REVOKE ALL ON session_log, session_list, checkpoint_key, checkpoint, checkpoint_leaf,
    chain_status FROM PUBLIC;
GRANT SELECT, INSERT ON session_log, checkpoint_key, checkpoint, checkpoint_leaf
    TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON session_list, chain_status TO ${appRole};
REVOKE ALL ON FUNCTION sightline_clear_session_log() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sightline_clear_session_log() TO ${appRole};
