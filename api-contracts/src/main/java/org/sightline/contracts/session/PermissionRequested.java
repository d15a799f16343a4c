package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** A rep asked the customer for a permission; {@code requestNumber} counts from 1 per session. */
public record PermissionRequested(
        Lsid lsid,
        int requestNumber,
        PermissionKind kind,
        RepId rep) implements AuditEvent {

    public PermissionRequested {
        Require.present(lsid, "lsid");
    }
}
