package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/** The customer answers a pending permission request: granted or denied. */
public record AnswerPermission(Lsid lsid, int requestNumber, boolean granted)
        implements LsidCommand {

    public AnswerPermission {
        Require.present(lsid, "lsid");
        if (requestNumber < 1) {
            throw new IllegalArgumentException("requestNumber starts at 1");
        }
    }
}
