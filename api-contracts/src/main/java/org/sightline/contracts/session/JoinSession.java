package org.sightline.contracts.session;

import java.util.Set;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;
import org.sightline.contracts.TeamId;

/**
 * A rep joins a session: as its owner when it has none, otherwise as a participant. A rep
 * joins a session of one of the rep's teams, or one the rep was invited to.
 *
 * @param teams the teams the rep serves, as the rep's sign-in proved
 */
public record JoinSession(Lsid lsid, RepId rep, Set<TeamId> teams) implements LsidCommand {

    public JoinSession {
        Require.present(lsid, "lsid");
        Require.present(rep, "rep");
        teams = teams == null ? Set.of() : Set.copyOf(teams);
    }
}
