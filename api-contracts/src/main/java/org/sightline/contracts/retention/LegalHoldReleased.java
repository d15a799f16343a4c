package org.sightline.contracts.retention;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/** The session's legal hold is lifted. */
public record LegalHoldReleased(Lsid lsid, String by, String reason) implements AuditEvent {

    public LegalHoldReleased {
        Require.present(lsid, "lsid");
    }
}
