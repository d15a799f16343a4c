package org.sightline.relay;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.sightline.contracts.Lsid;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Leases in PostgreSQL that pin each session's relay to one node, so that its customer and
 * reps meet there. Only when {@code sightline.relay.node-url} is set (several nodes); a
 * single node needs none. A node renews the leases of its open sessions well within their
 * life; a dead node's leases lapse and the next connection takes them over.
 */
@RelayNode
@Component
public class RelayLeases {

    static final Duration LIFE = Duration.ofSeconds(30);

    private final JdbcTemplate jdbc;
    private final RelayHub hub;
    private final String nodeUrl;
    private final String nodeId = UUID.randomUUID().toString();

    RelayLeases(JdbcTemplate jdbc, RelayHub hub, RelaySettings settings) {
        this.jdbc = jdbc;
        this.hub = hub;
        this.nodeUrl = settings.nodeUrl();
    }

    boolean enabled() {
        return nodeUrl != null;
    }

    /**
     * Takes or keeps the session's lease for this node; empty if this node now holds it,
     * otherwise the URL of the node that does.
     */
    public Optional<String> claim(Lsid lsid) {
        if (!enabled()) {
            return Optional.empty();
        }
        List<String> holder = jdbc.queryForList("INSERT INTO relay_lease (lsid, node_id,"
                + " node_url, expires_at) VALUES (?, ?, ?, now() + ?::interval)"
                + " ON CONFLICT (lsid) DO UPDATE SET node_id = excluded.node_id,"
                + " node_url = excluded.node_url, expires_at = excluded.expires_at"
                + " WHERE relay_lease.expires_at < now() OR relay_lease.node_id = excluded.node_id"
                + " RETURNING node_id", String.class, lsid.value(), nodeId, nodeUrl,
                LIFE.toSeconds() + " seconds");
        if (!holder.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.queryForList("SELECT node_url FROM relay_lease WHERE lsid = ?"
                + " AND expires_at >= now()", String.class, lsid.value()).stream().findFirst()
                .or(() -> claim(lsid)); // it lapsed meanwhile: try again
    }

    /** Where the session is relayed, if another node holds a live lease on it. */
    public Optional<String> elsewhere(Lsid lsid) {
        if (!enabled()) {
            return Optional.empty();
        }
        return jdbc.queryForList("SELECT node_url FROM relay_lease WHERE lsid = ?"
                + " AND expires_at >= now() AND node_id <> ?", String.class, lsid.value(),
                nodeId).stream().findFirst();
    }

    /** Renews this node's leases on its open sessions and gives up the others. */
    @Scheduled(fixedDelay = 10_000)
    void renew() {
        if (!enabled()) {
            return;
        }
        String[] open = hub.openSessions().stream().map(Lsid::value).toArray(String[]::new);
        jdbc.update("UPDATE relay_lease SET expires_at = now() + ?::interval"
                + " WHERE node_id = ? AND lsid = ANY (?)", LIFE.toSeconds() + " seconds",
                nodeId, open);
        jdbc.update("DELETE FROM relay_lease WHERE node_id = ? AND NOT (lsid = ANY (?))",
                nodeId, open);
    }
}
