package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;
import org.sightline.contracts.Sensitive;

/** A chat line from the customer, a rep or the system. */
public record ChatMessagePosted(
        Lsid lsid,
        Author author,
        @Sensitive String text) implements AuditEvent {

    public ChatMessagePosted {
        Require.present(lsid, "lsid");
    }
}
