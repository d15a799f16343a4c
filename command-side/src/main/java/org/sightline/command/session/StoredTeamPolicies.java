package org.sightline.command.session;

import org.sightline.contracts.QueueId;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.configuration.StoredSettings;
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
        return jdbc.queryForList(StoredSettings.NEWEST_VALUE, String.class,
                StoredSettings.arguments(setting)).stream().findFirst().orElse(null);
    }
}
