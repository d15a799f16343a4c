package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/**
 * A rep's permission request was granted: by the customer, or without asking because the
 * team's policy does not prompt for that kind.
 *
 * @param byPolicy true when no one was asked; absent (false) in older events
 */
public record PermissionGranted(
        Lsid lsid,
        int requestNumber,
        PermissionKind kind,
        RepId rep,
        boolean byPolicy) implements AuditEvent {

    public PermissionGranted {
        Require.present(lsid, "lsid");
    }
}
