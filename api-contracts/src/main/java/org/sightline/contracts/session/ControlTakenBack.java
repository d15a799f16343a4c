package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/** Control of the screen returned to the customer; {@code by} says who ended it. */
public record ControlTakenBack(
        Lsid lsid,
        RepId rep,
        Author by) implements AuditEvent {

    public ControlTakenBack {
        Require.present(lsid, "lsid");
    }
}
