-- Retention (issue 5). When a session's content expires, the rows derived from that content
-- are deleted; rows that carry only what happened (who joined, what was granted) stay.

ALTER TABLE session_log ADD COLUMN content BOOLEAN NOT NULL DEFAULT false;

-- session_log stays append-only for the application; a content row is deleted only through
-- sightline_expire_session_log(), which runs as the owner, and only once the event store
-- records that the session's content expired.
CREATE FUNCTION sightline_session_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.content
            AND current_setting('sightline.expiring_lsid', true) = OLD.lsid THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER session_log_append_only ON session_log;
CREATE TRIGGER session_log_append_only BEFORE UPDATE OR DELETE ON session_log
    FOR EACH ROW EXECUTE FUNCTION sightline_session_log_append_only();

CREATE FUNCTION sightline_expire_session_log(expired CHAR(32)) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    deleted integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM domainevententry WHERE aggregateidentifier = expired
            AND payloadtype = 'org.sightline.contracts.retention.SessionDataExpired') THEN
        RAISE EXCEPTION 'the content of session % has not expired', expired
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('sightline.expiring_lsid', expired, true);
    DELETE FROM session_log WHERE lsid = expired AND content;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    PERFORM set_config('sightline.expiring_lsid', '', true);
    RETURN deleted;
END
$$;

REVOKE ALL ON FUNCTION sightline_expire_session_log(CHAR) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sightline_expire_session_log(CHAR) TO ${appRole};

-- The session list keeps a session's metadata after expiry, without the customer's details.
ALTER TABLE session_list ALTER COLUMN customer_name DROP NOT NULL;
ALTER TABLE session_list ADD COLUMN legal_hold BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE session_list ADD COLUMN content_expired_at TIMESTAMPTZ;

-- What the retention job needs: each ended session, its hold and its expiry, and the policy.
CREATE TABLE retention_schedule (
    lsid        CHAR(32)    NOT NULL PRIMARY KEY,
    ended_at    TIMESTAMPTZ,
    legal_hold  BOOLEAN     NOT NULL DEFAULT false,
    expired_at  TIMESTAMPTZ
);
CREATE INDEX retention_schedule_due ON retention_schedule (ended_at)
    WHERE expired_at IS NULL AND NOT legal_hold;

CREATE TABLE retention_policy (
    setting VARCHAR(64) NOT NULL PRIMARY KEY,
    value   VARCHAR(64) NOT NULL
);

REVOKE ALL ON retention_schedule, retention_policy FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON retention_schedule, retention_policy TO ${appRole};
