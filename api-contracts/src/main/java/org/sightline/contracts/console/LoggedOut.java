package org.sightline.contracts.console;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/** A console session ended. */
public record LoggedOut(
        Lsid lsid,
        String account,
        LogoutReason reason) implements AuditEvent {

    public LoggedOut {
        Require.present(lsid, "lsid");
    }
}
