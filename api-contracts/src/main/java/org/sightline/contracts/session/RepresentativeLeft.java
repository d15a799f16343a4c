package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** A rep left the session. */
public record RepresentativeLeft(
        Lsid lsid,
        RepId rep) implements AuditEvent {

    public RepresentativeLeft {
        Require.present(lsid, "lsid");
    }
}
