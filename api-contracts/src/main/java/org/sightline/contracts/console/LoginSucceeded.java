package org.sightline.contracts.console;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/** A console user signed in; the event opens the console session. */
public record LoginSucceeded(
        Lsid lsid,
        String account,
        AccountRole role,
        String sourceIp,
        String method) implements AuditEvent {

    public LoginSucceeded {
        Require.present(lsid, "lsid");
    }
}
