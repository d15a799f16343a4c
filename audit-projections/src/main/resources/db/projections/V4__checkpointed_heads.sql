-- A stream's "signed up to" mark moves only with a checkpoint's leaves, and never past the
-- stream's head: the application role could otherwise mark a stream as signed so that no
-- checkpoint would ever cover it.
REVOKE UPDATE (checkpointed_seq) ON chain_head FROM ${appRole};

CREATE FUNCTION sightline_mark_checkpointed(checkpoint bigint) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE chain_head h
       SET checkpointed_seq = greatest(h.checkpointed_seq, least(l.seq, h.seq))
      FROM checkpoint_leaf l
     WHERE l.checkpoint_id = checkpoint AND l.lsid = h.lsid
$$;

REVOKE ALL ON FUNCTION sightline_mark_checkpointed(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sightline_mark_checkpointed(bigint) TO ${appRole};

-- Which database this is, for the record each signing node keeps of its last checkpoint
-- (several sites may share a key file).
CREATE TABLE site_identity (id UUID NOT NULL PRIMARY KEY);
INSERT INTO site_identity VALUES (gen_random_uuid());
CREATE TRIGGER site_identity_append_only BEFORE UPDATE OR DELETE ON site_identity
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();
GRANT SELECT ON site_identity TO ${appRole};
