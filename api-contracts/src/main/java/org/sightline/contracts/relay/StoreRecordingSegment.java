package org.sightline.contracts.relay;

import java.time.Instant;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/** The relay sealed a segment of the session's recording; see {@link RecordingSegmentStored}. */
public record StoreRecordingSegment(
        Lsid lsid,
        int segment,
        long firstSequence,
        long lastSequence,
        int frames,
        Instant firstCapturedAt,
        Instant lastCapturedAt,
        long bytes,
        String sha256) implements LsidCommand {

    public StoreRecordingSegment {
        Require.present(lsid, "lsid");
        Require.present(firstCapturedAt, "firstCapturedAt");
        Require.present(lastCapturedAt, "lastCapturedAt");
        Require.sha256(sha256, "sha256");
        if (segment < 1 || frames < 1 || bytes < 0 || lastSequence < firstSequence) {
            throw new IllegalArgumentException("a recording segment has a number from 1, at"
                    + " least one frame and rising sequence numbers");
        }
    }
}
