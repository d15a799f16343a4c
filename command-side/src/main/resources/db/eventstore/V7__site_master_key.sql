-- The id of the master key the site was started with, recorded once. A node started with
-- another master key is refused even before any session key exists, so one site never ends
-- up with session keys wrapped by two master keys.
CREATE TABLE site_master_key (
    site        BOOLEAN     NOT NULL PRIMARY KEY DEFAULT true CHECK (site),
    key_id      VARCHAR(32) NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TRIGGER site_master_key_append_only BEFORE UPDATE OR DELETE ON site_master_key
    FOR EACH ROW EXECUTE FUNCTION sightline_refuse_change();

GRANT SELECT, INSERT ON site_master_key TO ${appRole};
