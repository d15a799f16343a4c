package org.sightline.projections.retention;

import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.sightline.contracts.relay.RecordingSegmentStored;
import org.sightline.contracts.retention.LegalHoldPlaced;
import org.sightline.contracts.retention.LegalHoldReleased;
import org.sightline.contracts.retention.RecordingsExpired;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.contracts.session.SessionEnded;
import org.sightline.projections.ProcessingNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the retention job reads: when each session ended, whether it is held, whether its
 * content expired. Only a shortlist: each session decides itself whether its content is
 * due, from its own events; the policy is read from the event store, not from here.
 */
@ProcessingNode
@Component
@ProcessingGroup(RetentionSchedule.PROCESSOR)
public class RetentionSchedule {

    public static final String PROCESSOR = "retention";

    private final JdbcTemplate jdbc;

    RetentionSchedule(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SessionEnded event, @org.axonframework.eventhandling.Timestamp Instant at) {
        set(event.lsid().value(), "ended_at", Timestamp.from(at));
    }

    @EventHandler
    void on(LegalHoldPlaced event) {
        set(event.lsid().value(), "legal_hold", true);
    }

    @EventHandler
    void on(LegalHoldReleased event) {
        set(event.lsid().value(), "legal_hold", false);
    }

    @EventHandler
    void on(SessionDataExpired event, @org.axonframework.eventhandling.Timestamp Instant at) {
        set(event.lsid().value(), "expired_at", Timestamp.from(at));
    }

    @EventHandler
    void on(RecordingSegmentStored event) {
        jdbc.update("INSERT INTO retention_schedule (lsid, recording_bytes) VALUES (?, ?)"
                + " ON CONFLICT (lsid) DO UPDATE SET recording_bytes ="
                + " retention_schedule.recording_bytes + excluded.recording_bytes",
                event.lsid().value(), event.bytes());
    }

    @EventHandler
    void on(RecordingsExpired event, @org.axonframework.eventhandling.Timestamp Instant at) {
        set(event.lsid().value(), "recordings_expired_at", Timestamp.from(at));
    }

    @ResetHandler
    void dropRows() {
        jdbc.update("DELETE FROM retention_schedule");
    }

    /** {@code column} is one of this class's constants, never input. */
    private void set(String lsid, String column, Object value) {
        jdbc.update("INSERT INTO retention_schedule (lsid, " + column + ") VALUES (?, ?)"
                + " ON CONFLICT (lsid) DO UPDATE SET " + column + " = excluded." + column,
                lsid, value);
    }
}
