-- The browser pages (issue 7) act on an event's fields, not on its printed line: which
-- request the customer answers, who holds control, the system information's values. Rows
-- written before this column existed keep an empty object until the next rebuild.
ALTER TABLE session_log ADD COLUMN details JSONB NOT NULL DEFAULT '{}'::jsonb;

-- The rep console asks every second for the invitations open to its rep, and the portal for
-- the settings it shows.
CREATE INDEX session_log_invitations ON session_log ((details->>'rep'))
    WHERE event_type = 'session.rep.invited';
CREATE INDEX session_log_settings ON session_log ((details->>'setting'), global_index)
    WHERE event_type = 'config.changed';
