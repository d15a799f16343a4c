package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/**
 * A rep taking part invited another rep to join. The invitation is a request, not an
 * admission: the invited rep joins with {@link JoinSession} like any rep.
 */
public record RepresentativeInvited(
        Lsid lsid,
        RepId rep,
        RepId by) implements AuditEvent {

    public RepresentativeInvited {
        Require.present(lsid, "lsid");
    }
}
