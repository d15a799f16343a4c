package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;
import org.sightline.contracts.Sensitive;

/** A rep noted something on the session; the customer does not see notes. */
public record SessionNoteAdded(
        Lsid lsid,
        RepId rep,
        @Sensitive String text) implements AuditEvent {

    public SessionNoteAdded {
        Require.present(lsid, "lsid");
    }
}
