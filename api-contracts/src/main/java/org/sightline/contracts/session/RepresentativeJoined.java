package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** A rep joined the session as its owner or as a participant. */
public record RepresentativeJoined(
        Lsid lsid,
        RepId rep,
        RepRole role) implements AuditEvent {

    public RepresentativeJoined {
        Require.present(lsid, "lsid");
    }
}
