package org.sightline.command.encryption;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.sightline.contracts.retention.SessionDataExpired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Destroys a session's data key when its content expires. It runs as a subscribing processor,
 * inside the transaction that appends {@link SessionDataExpired}: the event is never stored
 * without the key being gone, and the key never goes without the event that says why.
 */
@Component
@ProcessingGroup(DataKeyShredder.PROCESSOR)
class DataKeyShredder {

    /** Configured as subscribing (application.yml); it must never become a tracking one. */
    static final String PROCESSOR = "data-key-shredder";

    private final DataKeys keys;
    private final JdbcTemplate jdbc;

    DataKeyShredder(DataKeys keys, JdbcTemplate jdbc) {
        this.keys = keys;
        this.jdbc = jdbc;
    }

    /** The key, and the session's access tokens, which hold the customer's name. */
    @EventHandler
    void on(SessionDataExpired event) {
        keys.destroy(event.lsid());
        jdbc.update("DELETE FROM access_token WHERE lsid = ?", event.lsid().value());
    }
}
