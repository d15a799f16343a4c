package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.QueueId;
import org.sightline.contracts.Require;
import org.sightline.contracts.Sensitive;

/** A customer asked for help; the session is queued. */
public record SupportRequested(
        Lsid lsid,
        QueueId queue,
        @Sensitive String customerName,
        @Sensitive String company,
        @Sensitive String problemDescription,
        String publicIp,
        String privateIp,
        ClientKind clientKind) implements AuditEvent {

    public SupportRequested {
        Require.present(lsid, "lsid");
    }
}
