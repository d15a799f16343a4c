package org.sightline.contracts.relay;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/**
 * A segment of the session's screen recording was sealed: its file will not change again.
 * Times are ISO-8601 instants in UTC (capture times of its first and last frame).
 *
 * @param bytes the size of the segment file
 * @param sha256 the SHA-256 of the segment file, lowercase hex
 */
public record RecordingSegmentStored(
        Lsid lsid,
        int segment,
        long firstSequence,
        long lastSequence,
        int frames,
        String firstCapturedAt,
        String lastCapturedAt,
        long bytes,
        String sha256) implements AuditEvent {

    public RecordingSegmentStored {
        Require.present(lsid, "lsid");
    }
}
