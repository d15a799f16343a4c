package org.sightline.contracts.retention;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/** An admin lifts a session's legal hold; its content then expires under the policy. */
public record ReleaseLegalHold(Lsid lsid, String by, String reason) implements LsidCommand {

    public ReleaseLegalHold {
        Require.present(lsid, "lsid");
        Require.identifier(by, "by");
        Require.name(reason, "reason");
    }
}
