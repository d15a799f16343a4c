package org.sightline.query.session;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One event of a session log.
 *
 * @param at the event's UTC time, to the millisecond
 * @param position the event's position in the event store; increases along the log
 * @param details the event's fields as a JSON object, without the session id
 */
public record LogEntry(long position, Instant at, String type, int code, String actor,
        String line, @JsonRawValue String details) {
}
