package org.sightline.contracts.relay;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/**
 * A rep sent input (keys, mouse, clipboard) without holding control; the relay dropped it.
 * One event stands for a burst: {@code frames} dropped from {@code firstAt} on.
 */
public record InputDropped(Lsid lsid, RepId rep, int frames, String firstAt)
        implements AuditEvent {

    public InputDropped {
        Require.present(lsid, "lsid");
    }
}
