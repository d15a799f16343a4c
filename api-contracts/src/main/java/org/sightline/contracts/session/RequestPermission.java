package org.sightline.contracts.session;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.RepId;
import org.sightline.contracts.Require;

/**
 * A rep asks the customer for a permission. Handling it answers the request's number
 * (1 for the session's first request), which the customer's answer names.
 */
public record RequestPermission(Lsid lsid, RepId rep, PermissionKind kind) implements LsidCommand {

    public RequestPermission {
        Require.present(lsid, "lsid");
        Require.present(rep, "rep");
        Require.present(kind, "kind");
    }
}
