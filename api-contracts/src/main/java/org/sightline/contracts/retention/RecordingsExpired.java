package org.sightline.contracts.retention;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/**
 * A session's recording expired before the rest of its content: its files are deleted; the
 * segment events stay. Under the recordings policy ({@code dueAt} is end + policy) or the
 * storage budget ({@code dueAt} absent).
 *
 * @param setting {@code retention.recordings} or {@code retention.recordings-budget}
 * @param value that setting's value when the recording expired
 * @param bytes the size of the recording's segments
 */
public record RecordingsExpired(
        Lsid lsid,
        String setting,
        String value,
        String endedAt,
        String dueAt,
        long bytes) implements AuditEvent {

    public RecordingsExpired {
        Require.present(lsid, "lsid");
    }
}
