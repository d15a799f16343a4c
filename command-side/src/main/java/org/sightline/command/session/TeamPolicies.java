package org.sightline.command.session;

import org.sightline.contracts.QueueId;
import org.sightline.contracts.configuration.TeamPolicy;

/** The policy in force for the team of a queue; command handlers of sessions ask it. */
public interface TeamPolicies {

    /** The policy of the team whose queue this is (a team's queue has the team's name). */
    TeamPolicy of(QueueId queue);
}
