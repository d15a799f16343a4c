package org.sightline.contracts.session;

import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;
import org.sightline.contracts.Sensitive;

/** A file went to or from the customer's machine; {@code size} in bytes. */
public record FileTransferred(
        Lsid lsid,
        RepId rep,
        TransferDirection direction,
        @Sensitive String fileName,
        long size,
        String sha256) implements AuditEvent {

    public FileTransferred {
        Require.present(lsid, "lsid");
    }
}
