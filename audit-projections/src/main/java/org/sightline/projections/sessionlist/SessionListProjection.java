package org.sightline.projections.sessionlist;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.sightline.contracts.RepId;
import org.sightline.contracts.retention.LegalHoldPlaced;
import org.sightline.contracts.retention.LegalHoldReleased;
import org.sightline.contracts.retention.SessionDataExpired;
import org.sightline.contracts.session.RepRole;
import org.sightline.contracts.session.RepresentativeJoined;
import org.sightline.contracts.session.RepresentativeLeft;
import org.sightline.contracts.session.SessionEnded;
import org.sightline.contracts.session.SessionTransferred;
import org.sightline.contracts.session.SupportRequested;
import org.sightline.projections.ProcessingNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the list of support sessions: when each started and ended, its queue, the customer's
 * address, every rep who took part and who owns it now (no one while it waits in a queue),
 * whether it is on legal hold and when its content expired.
 * Each handler can run twice for one event and leave the same row.
 */
@ProcessingNode
@Component
@ProcessingGroup(SessionListProjection.PROCESSOR)
public class SessionListProjection {

    public static final String PROCESSOR = "session-list";

    private final JdbcTemplate jdbc;

    public SessionListProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SupportRequested event,
            @org.axonframework.eventhandling.Timestamp Instant occurredAt) {
        jdbc.update("INSERT INTO session_list (lsid, queue, customer_name, company, customer_ip,"
                        + " private_ip, client_kind, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (lsid) DO NOTHING",
                event.lsid().value(), event.queue().value(), event.customerName(),
                event.company(), event.publicIp(), event.privateIp(), event.clientKind().name(),
                millis(occurredAt));
    }

    @EventHandler
    void on(RepresentativeJoined event) {
        addRep(event.lsid().value(), event.rep());
        if (event.role() == RepRole.OWNER) {
            jdbc.update("UPDATE session_list SET owner = ? WHERE lsid = ?", event.rep().value(),
                    event.lsid().value());
        }
    }

    @EventHandler
    void on(RepresentativeLeft event) {
        jdbc.update("UPDATE session_list SET owner = NULL WHERE lsid = ? AND owner = ?",
                event.lsid().value(), event.rep().value());
    }

    @EventHandler
    void on(SessionTransferred event) {
        if (event.toRep() != null) {
            addRep(event.lsid().value(), event.toRep());
            jdbc.update("UPDATE session_list SET owner = ? WHERE lsid = ?",
                    event.toRep().value(), event.lsid().value());
        } else {
            jdbc.update("UPDATE session_list SET queue = ?, owner = NULL WHERE lsid = ?",
                    event.toQueue().value(), event.lsid().value());
        }
    }

    @EventHandler
    void on(SessionEnded event, @org.axonframework.eventhandling.Timestamp Instant occurredAt) {
        jdbc.update("UPDATE session_list SET ended_at = ? WHERE lsid = ?",
                millis(occurredAt), event.lsid().value());
    }

    @EventHandler
    void on(LegalHoldPlaced event) {
        jdbc.update("UPDATE session_list SET legal_hold = true WHERE lsid = ?",
                event.lsid().value());
    }

    @EventHandler
    void on(LegalHoldReleased event) {
        jdbc.update("UPDATE session_list SET legal_hold = false WHERE lsid = ?",
                event.lsid().value());
    }

    /** The metadata stays listed; the customer's details go with the content. */
    @EventHandler
    void on(SessionDataExpired event,
            @org.axonframework.eventhandling.Timestamp Instant occurredAt) {
        jdbc.update("UPDATE session_list SET customer_name = NULL, company = NULL,"
                + " content_expired_at = ? WHERE lsid = ?", millis(occurredAt),
                event.lsid().value());
    }

    @ResetHandler
    void dropRows() {
        jdbc.update("DELETE FROM session_list");
    }

    private void addRep(String lsid, RepId rep) {
        jdbc.update("UPDATE session_list SET reps = array_append(reps, ?)"
                + " WHERE lsid = ? AND NOT (? = ANY (reps))", rep.value(), lsid, rep.value());
    }

    private static Timestamp millis(Instant instant) {
        return Timestamp.from(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
