package org.sightline.contracts.console;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/** A console sign-in was refused; each failed attempt has an LSID of its own. */
public record LoginFailed(
        Lsid lsid,
        String attemptedAccount,
        LoginFailureReason reason,
        String sourceIp) implements AuditEvent {

    public LoginFailed {
        Require.present(lsid, "lsid");
    }
}
