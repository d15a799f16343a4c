-- Who owns each support session now: absent while it waits in its queue for a rep.
ALTER TABLE session_list ADD COLUMN owner VARCHAR(64);
CREATE INDEX session_list_waiting ON session_list (queue, started_at) WHERE owner IS NULL
    AND ended_at IS NULL;
