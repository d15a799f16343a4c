package org.sightline.contracts.console;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/** Ends a console session, because its user signed out or its token expired. */
public record LogOut(Lsid lsid, LogoutReason reason) implements LsidCommand {

    public LogOut {
        Require.present(lsid, "lsid");
        Require.present(reason, "reason");
    }
}
