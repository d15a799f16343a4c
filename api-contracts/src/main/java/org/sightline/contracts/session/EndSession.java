package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/** The customer or a participating rep ends the session; {@code reason} may be absent. */
public record EndSession(Lsid lsid, Author by, String reason) implements LsidCommand {

    public EndSession {
        Require.present(lsid, "lsid");
        Require.present(by, "by");
        Require.optionalName(reason, "reason");
    }
}
