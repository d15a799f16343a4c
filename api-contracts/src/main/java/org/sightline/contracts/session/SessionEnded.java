package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;
import org.sightline.contracts.Sensitive;

/** The session ended; {@code reason} is absent when none was given. */
public record SessionEnded(
        Lsid lsid,
        Author by,
        @Sensitive String reason) implements AuditEvent {

    public SessionEnded {
        Require.present(lsid, "lsid");
    }
}
