package org.sightline.contracts.retention;

import java.time.Duration;
import java.time.Instant;
import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/**
 * A session's content expired: its data key was destroyed in the same transaction, so every
 * encrypted field of its events (and its recordings) can never be read again, and the rows
 * derived from them were deleted. Times are ISO-8601 instants in UTC, the policy an ISO-8601
 * duration.
 *
 * @param setting the setting the policy came from, or {@code default} when none was set
 * @param policy how long content is kept after the session ends, such as {@code PT2160H}
 * @param endedAt when the session ended
 * @param dueAt {@code endedAt + policy}: the instant from which the content was due to expire
 */
public record SessionDataExpired(
        Lsid lsid,
        String setting,
        String policy,
        String endedAt,
        String dueAt) implements AuditEvent {

    public SessionDataExpired {
        Require.present(lsid, "lsid");
        Duration.parse(Require.present(policy, "policy"));
        Instant.parse(Require.present(endedAt, "endedAt"));
        Instant.parse(Require.present(dueAt, "dueAt"));
    }
}
