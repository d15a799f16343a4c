package org.sightline.contracts.console;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/** A user replaced the account's one-time password while signing in. */
public record PasswordChanged(Lsid lsid, String account) implements AuditEvent {

    public PasswordChanged {
        Require.present(lsid, "lsid");
    }
}
