package org.sightline.contracts.console;

import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;

/**
 * Records a successful console sign-in, opening a console session with a new LSID.
 *
 * @param method how the user proved who they are, such as {@code password}
 */
public record OpenConsoleSession(
        Lsid lsid,
        String account,
        AccountRole role,
        String sourceIp,
        String method) implements LsidCommand {

    public OpenConsoleSession {
        Require.present(lsid, "lsid");
        Require.identifier(account, "account");
        Require.present(role, "role");
        Require.ipAddress(sourceIp, "sourceIp");
        Require.identifier(method, "method");
    }
}
