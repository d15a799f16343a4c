package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/**
 * The owner handed the session to another rep ({@code toRep}) or to a queue
 * ({@code toQueue}); the other of the two is absent.
 */
public record SessionTransferred(
        Lsid lsid,
        RepId by,
        RepId toRep,
        QueueId toQueue) implements AuditEvent {

    public SessionTransferred {
        Require.present(lsid, "lsid");
    }
}
