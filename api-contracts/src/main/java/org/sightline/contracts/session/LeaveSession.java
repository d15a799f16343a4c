package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** A participating rep leaves a session; control the rep held is taken back first. */
public record LeaveSession(Lsid lsid, RepId rep) implements LsidCommand {

    public LeaveSession {
        Require.present(lsid, "lsid");
        Require.present(rep, "rep");
    }
}
