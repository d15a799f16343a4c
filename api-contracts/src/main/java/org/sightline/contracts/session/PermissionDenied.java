package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** The customer denied a rep's permission request. */
public record PermissionDenied(
        Lsid lsid,
        int requestNumber,
        PermissionKind kind,
        RepId rep) implements AuditEvent {

    public PermissionDenied {
        Require.present(lsid, "lsid");
    }
}
