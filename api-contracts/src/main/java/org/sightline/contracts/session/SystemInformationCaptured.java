package org.sightline.contracts.session;

import java.util.List;
import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;
import org.sightline.contracts.Sensitive;

/** The customer's client reported system information. */
public record SystemInformationCaptured(
        Lsid lsid,
        @Sensitive List<InfoSection> sections) implements AuditEvent {

    public SystemInformationCaptured {
        Require.present(lsid, "lsid");
    }
}
