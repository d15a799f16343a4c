package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/**
 * The owning rep hands a session to another rep, or back to a queue: exactly one of
 * {@code toRep} and {@code toQueue} is present.
 */
public record TransferSession(Lsid lsid, RepId by, RepId toRep, QueueId toQueue)
        implements LsidCommand {

    public TransferSession {
        Require.present(lsid, "lsid");
        Require.present(by, "by");
        if ((toRep == null) == (toQueue == null)) {
            throw new IllegalArgumentException("a transfer names exactly one of toRep and toQueue");
        }
    }
}
