package org.sightline.contracts.console;

import java.util.List;
import org.sightline.contracts.AuditEvent;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;

/**
 * A console user signed in; the event opens the console session.
 *
 * @param teams the teams the user serves from this sign-in on; absent in events recorded
 *     before teams existed
 */
public record LoginSucceeded(
        Lsid lsid,
        String account,
        AccountRole role,
        String sourceIp,
        String method,
        List<String> teams) implements AuditEvent {

    public LoginSucceeded {
        Require.present(lsid, "lsid");
    }
}
