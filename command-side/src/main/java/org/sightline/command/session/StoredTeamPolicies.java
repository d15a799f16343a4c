package org.sightline.command.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.configuration.ConfigurationChanged;
import org.sightline.contracts.configuration.TeamPolicy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The policy in force for a queue's team, read from the site's configuration events in the
 * event store itself: a change applies to the next command on every node, with no cache to
 * go stale.
 */
@Component
class StoredTeamPolicies implements TeamPolicies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    StoredTeamPolicies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public TeamPolicy of(QueueId queue) {
        TeamId team = TeamId.of(queue.value());
        return new TeamPolicy(
                TeamPolicy.parseKinds(newestValue(TeamPolicy.permissionsSetting(team))),
                TeamPolicy.parseKinds(newestValue(TeamPolicy.promptSetting(team))));
    }

    private String newestValue(String setting) {
        List<byte[]> newest = jdbc.queryForList("SELECT payload FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype = ?"
                + " AND position(convert_to(?, 'UTF8') IN payload) > 0"
                + " ORDER BY sequencenumber DESC LIMIT 1", byte[].class,
                Lsid.SITE.value(), ConfigurationChanged.class.getName(),
                "\"setting\":\"" + setting + "\"");
        if (newest.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(newest.get(0)).path("newValue").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("the newest value of " + setting
                    + " cannot be read", e);
        }
    }
}
