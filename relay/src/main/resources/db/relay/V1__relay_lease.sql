-- Which node relays a session: the customer and the reps of one LSID meet on the node that
-- holds its lease; the others redirect them there. A lease lapses unless renewed, so a node
-- that dies gives its sessions up within the lease's life.
CREATE TABLE relay_lease (
    lsid       CHAR(32)     NOT NULL PRIMARY KEY,
    node_id    VARCHAR(64)  NOT NULL,
    node_url   VARCHAR(300) NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL
);

REVOKE ALL ON relay_lease FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON relay_lease TO ${appRole};
