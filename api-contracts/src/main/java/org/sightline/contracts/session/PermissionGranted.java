package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** The customer granted a rep's permission request. */
public record PermissionGranted(
        Lsid lsid,
        int requestNumber,
        PermissionKind kind,
        RepId rep) implements AuditEvent {

    public PermissionGranted {
        Require.present(lsid, "lsid");
    }
}
