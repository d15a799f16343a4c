-- Tamper evidence for the event store (docs/audit-format.md).
--
-- 1. The event and snapshot tables are append-only: UPDATE, DELETE and TRUNCATE are refused
--    by triggers, whoever asks, and the application role holds only SELECT and INSERT.
-- 2. Every appended event extends the SHA-256 hash chain of its stream (its LSID):
--      hash(n) = SHA-256(hash(n-1) || canonical(event n)),  hash(-1) = 32 zero bytes.
--    The chain is computed here, by a trigger the application cannot bypass, and kept in
--    event_chain; chain_head holds each stream's newest link for the checkpoints.

CREATE OR REPLACE FUNCTION sightline_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER domainevententry_append_only BEFORE UPDATE OR DELETE ON domainevententry
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER domainevententry_no_truncate BEFORE TRUNCATE ON domainevententry
    FOR EACH STATEMENT EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER snapshotevententry_append_only BEFORE UPDATE OR DELETE ON snapshotevententry
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER snapshotevententry_no_truncate BEFORE TRUNCATE ON snapshotevententry
    FOR EACH STATEMENT EXECUTE FUNCTION sightline_refuse_change();

-- One length-prefixed field of the canonical form: a 4-byte big-endian length and the
-- bytes, or FF FF FF FF for an absent value.
CREATE FUNCTION sightline_field(value bytea) RETURNS bytea
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL THEN '\xffffffff'::bytea
                ELSE int4send(length(value)) || value END
$$;

CREATE FUNCTION sightline_field(value text) RETURNS bytea
    LANGUAGE sql IMMUTABLE AS $$
    SELECT sightline_field(convert_to(value, 'UTF8'))
$$;

-- The canonical bytes of one stored event, version 1.
CREATE FUNCTION sightline_canonical_event(e domainevententry) RETURNS bytea
    LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to('sightline-event-v1', 'UTF8')
        || sightline_field(e.aggregateidentifier)
        || int8send(e.sequencenumber)
        || sightline_field(e.eventidentifier)
        || sightline_field(e.type)
        || sightline_field(e.payloadtype)
        || sightline_field(e.payloadrevision)
        || sightline_field(e.timestamp)
        || sightline_field(e.payload)
        || sightline_field(e.metadata)
$$;

CREATE TABLE event_chain (
    lsid         VARCHAR(255) NOT NULL,
    seq          BIGINT       NOT NULL,
    global_index BIGINT       NOT NULL,
    hash         BYTEA        NOT NULL,
    PRIMARY KEY (lsid, seq)
);

CREATE TRIGGER event_chain_append_only BEFORE UPDATE OR DELETE ON event_chain
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();
CREATE TRIGGER event_chain_no_truncate BEFORE TRUNCATE ON event_chain
    FOR EACH STATEMENT EXECUTE FUNCTION sightline_refuse_change();

-- Each stream's newest link, and the newest one a signed checkpoint covers.
CREATE TABLE chain_head (
    lsid             VARCHAR(255) NOT NULL PRIMARY KEY,
    seq              BIGINT       NOT NULL,
    hash             BYTEA        NOT NULL,
    checkpointed_seq BIGINT       NOT NULL DEFAULT -1
);
CREATE INDEX chain_head_unsigned ON chain_head (lsid) WHERE seq > checkpointed_seq;

-- Runs as the owner (SECURITY DEFINER): the application role can append events, and so
-- extend chains, but cannot write a link of its own.
CREATE FUNCTION sightline_extend_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    previous bytea;
    link bytea;
BEGIN
    IF NEW.sequencenumber = 0 THEN
        previous := '\x0000000000000000000000000000000000000000000000000000000000000000';
    ELSE
        SELECT hash INTO previous FROM event_chain
            WHERE lsid = NEW.aggregateidentifier AND seq = NEW.sequencenumber - 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'stream % has no event %: its chain cannot be extended',
                NEW.aggregateidentifier, NEW.sequencenumber - 1;
        END IF;
    END IF;

    link := sha256(previous || sightline_canonical_event(NEW));
    INSERT INTO event_chain (lsid, seq, global_index, hash)
        VALUES (NEW.aggregateidentifier, NEW.sequencenumber, NEW.globalindex, link);
    INSERT INTO chain_head (lsid, seq, hash) VALUES (NEW.aggregateidentifier, NEW.sequencenumber, link)
        ON CONFLICT (lsid) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
    RETURN NULL;
END
$$;

CREATE TRIGGER domainevententry_extends_chain AFTER INSERT ON domainevententry
    FOR EACH ROW EXECUTE FUNCTION sightline_extend_chain();

-- The application role: appends events, reads them, keeps tokens, accounts and processor
-- positions. It changes no event, link or snapshot.
REVOKE ALL ON domainevententry, snapshotevententry, event_chain, chain_head FROM PUBLIC;
GRANT SELECT, INSERT ON domainevententry, snapshotevententry TO ${appRole};
GRANT USAGE ON SEQUENCE domainevententry_globalindex_seq TO ${appRole};
GRANT SELECT ON event_chain, chain_head TO ${appRole};
GRANT UPDATE (checkpointed_seq) ON chain_head TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON tokenentry, account, access_token TO ${appRole};
