-- What the retention job needs for recordings: their size and whether they expired.
ALTER TABLE retention_schedule ADD COLUMN recording_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE retention_schedule ADD COLUMN recordings_expired_at TIMESTAMPTZ;
CREATE INDEX retention_schedule_recordings ON retention_schedule (ended_at)
    WHERE recording_bytes > 0 AND recordings_expired_at IS NULL AND expired_at IS NULL;
