-- Per-session data keys for field encryption (crypto-shredding). Each key is AES-256,
-- stored only wrapped by the site's master key (AES-GCM, bound to its LSID). Expiry
-- destroys a key by clearing wrapped_key; the row stays as a tombstone so that no new key
-- is ever made for an expired session, and a destroyed key is never written back.
CREATE TABLE session_data_key (
    lsid          CHAR(32)    NOT NULL PRIMARY KEY,
    master_key_id VARCHAR(32) NOT NULL,
    wrapped_key   BYTEA,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    destroyed_at  TIMESTAMPTZ,
    CONSTRAINT destroyed_means_no_key CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

CREATE FUNCTION sightline_data_key_only_destroyed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.wrapped_key IS NOT NULL AND NEW.wrapped_key IS NULL
            AND NEW.lsid = OLD.lsid AND NEW.master_key_id = OLD.master_key_id
            AND NEW.created_at = OLD.created_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a session data key is only ever destroyed: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER session_data_key_only_destroyed BEFORE UPDATE OR DELETE ON session_data_key
    FOR EACH ROW EXECUTE FUNCTION sightline_data_key_only_destroyed();
CREATE TRIGGER session_data_key_no_truncate BEFORE TRUNCATE ON session_data_key
    FOR EACH STATEMENT EXECUTE FUNCTION sightline_refuse_change();

GRANT SELECT, INSERT ON session_data_key TO ${appRole};
GRANT UPDATE (wrapped_key, destroyed_at) ON session_data_key TO ${appRole};
