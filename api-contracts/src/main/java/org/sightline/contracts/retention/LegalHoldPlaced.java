package org.sightline.contracts.retention;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/** The session's content is held: it does not expire until the hold is released. */
public record LegalHoldPlaced(Lsid lsid, String by, String reason) implements AuditEvent {

    public LegalHoldPlaced {
        Require.present(lsid, "lsid");
    }
}
