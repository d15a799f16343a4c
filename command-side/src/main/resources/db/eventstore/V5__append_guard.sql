-- What an appender cannot choose: an event's position in the store is the sequence's next
-- value, and its time is within five minutes of the database's clock. Without this the
-- application role could append events under chosen positions or dated in the past, which
-- the chain links as faithfully as any other.
CREATE FUNCTION sightline_guard_append() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    assigned bigint;
    at timestamptz;
BEGIN
    BEGIN
        assigned := currval('domainevententry_globalindex_seq');
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
        assigned := NULL;
    END;
    IF assigned IS DISTINCT FROM NEW.globalindex THEN
        RAISE EXCEPTION 'the store assigns event positions; % was given', NEW.globalindex
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    BEGIN
        at := NEW.timestamp::timestamptz;
    EXCEPTION WHEN others THEN
        RAISE EXCEPTION 'event time % is not an ISO-8601 instant', NEW.timestamp
            USING ERRCODE = 'invalid_datetime_format';
    END;
    IF abs(extract(epoch FROM at - clock_timestamp())) > 300 THEN
        RAISE EXCEPTION 'event time % is more than five minutes from the database clock',
            NEW.timestamp USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER domainevententry_guard BEFORE INSERT ON domainevententry
    FOR EACH ROW EXECUTE FUNCTION sightline_guard_append();

-- Sightline takes no snapshots; nobody needs to write one.
REVOKE INSERT ON snapshotevententry FROM ${appRole};
