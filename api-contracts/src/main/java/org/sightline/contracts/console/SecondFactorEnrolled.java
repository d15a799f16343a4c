package org.sightline.contracts.console;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/** An account's time-based one-time password was confirmed with its first code. */
public record SecondFactorEnrolled(Lsid lsid, String account) implements AuditEvent {

    public SecondFactorEnrolled {
        Require.present(lsid, "lsid");
    }
}
