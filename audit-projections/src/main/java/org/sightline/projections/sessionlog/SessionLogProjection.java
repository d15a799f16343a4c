package org.sightline.projections.sessionlog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.SensitiveFields;
import org.sightline.contracts.catalogue.EventType;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.projections.ProcessingNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the session log: one row per event, keyed by the event's position in the store.
 *
 * <p>A line made from an event's sensitive content is marked as content; when the session's
 * content expires those lines are deleted (the event store keeps the events, unreadable).
 *
 * <p>Rows are written in the transaction that advances the processor's token, so after a
 * crash the processor resumes exactly after the last row it wrote.
 */
@ProcessingNode
@Component
@ProcessingGroup(SessionLogProjection.PROCESSOR)
public class SessionLogProjection {

    public static final String PROCESSOR = "session-log";

    private final JdbcTemplate jdbc;

    public SessionLogProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The row's key is the event's own place in the store, looked up by its identifier. Not
     * the tracking token's position: an event committed after a later one (a gap the
     * processor fills afterwards) comes with a token whose position is that later event's,
     * and its row was lost to the conflict with that event's row.
     */
    @EventHandler
    void on(AuditEvent event, @Timestamp Instant occurredAt, EventMessage<?> message) {
        EventType type = EventType.of(event);
        LogLine line = LogLines.of(event);
        long globalIndex = jdbc.queryForObject(
                "SELECT globalindex FROM domainevententry WHERE eventidentifier = ?",
                Long.class, message.getIdentifier());

        jdbc.update("INSERT INTO session_log (global_index, lsid, occurred_at, event_type,"
                        + " event_code, actor, line, content, details)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
                        + " ON CONFLICT (global_index) DO NOTHING",
                globalIndex, event.lsid().value(),
                java.sql.Timestamp.from(occurredAt.truncatedTo(ChronoUnit.MILLIS)),
                type.typeName(), type.code(), line.actor(), line.text(),
                SensitiveFields.holdsContent(event), LogDetails.of(event));
        if (event instanceof SessionDataExpired) {
            // The content lines go; the lines of what happened, and this one, stay.
            jdbc.queryForObject("SELECT sightline_expire_session_log(?)", Integer.class,
                    event.lsid().value());
        }
    }

    /** Rows are never deleted one by one; a rebuild clears the whole table as its owner. */
    @ResetHandler
    void dropRows() {
        jdbc.execute("SELECT sightline_clear_session_log()");
    }
}
