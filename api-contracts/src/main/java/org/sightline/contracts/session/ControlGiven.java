package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** A rep took control of the customer's screen, as the customer granted. */
public record ControlGiven(
        Lsid lsid,
        RepId rep) implements AuditEvent {

    public ControlGiven {
        Require.present(lsid, "lsid");
    }
}
