package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** A rep joins a session: as its owner when it has none, otherwise as a participant. */
public record JoinSession(Lsid lsid, RepId rep) implements LsidCommand {

    public JoinSession {
        Require.present(lsid, "lsid");
        Require.present(rep, "rep");
    }
}
