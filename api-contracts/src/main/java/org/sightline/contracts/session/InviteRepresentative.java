package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** A rep taking part asks another rep to join the session and help. */
public record InviteRepresentative(Lsid lsid, RepId rep, RepId by) implements LsidCommand {

    public InviteRepresentative {
        Require.present(lsid, "lsid");
        Require.present(rep, "rep");
        Require.present(by, "by");
    }
}
