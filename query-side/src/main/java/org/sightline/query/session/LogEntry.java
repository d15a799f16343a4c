package org.sightline.query.session;

import java.time.Instant;

/**
 * One event of a session log.
 *
 * @param at the event's UTC time, to the millisecond
 * @param position the event's position in the event store; increases along the log
 */
public record LogEntry(long position, Instant at, String type, int code, String actor,
        String line) {
}
