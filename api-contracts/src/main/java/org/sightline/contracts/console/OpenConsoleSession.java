package org.sightline.contracts.console;

import java.util.Set;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.LsidCommand;
import org.sightline.contracts.Require;
import org.sightline.contracts.TeamId;

/**
 * Records a successful console sign-in, opening a console session with a new LSID.
 *
 * @param method how the user proved who they are: {@code password}, {@code password+totp},
 *     {@code ldap}, {@code kerberos}
 * @param teams the teams the user serves, as proven at sign-in
 * @param passwordChanged the user replaced a one-time password on the way in
 * @param secondFactorEnrolled the user's first one-time code confirmed a new second factor
 */
public record OpenConsoleSession(
        Lsid lsid,
        String account,
        AccountRole role,
        String sourceIp,
        String method,
        Set<TeamId> teams,
        boolean passwordChanged,
        boolean secondFactorEnrolled) implements LsidCommand {

    public OpenConsoleSession {
        Require.present(lsid, "lsid");
        Require.identifier(account, "account");
        Require.present(role, "role");
        Require.ipAddress(sourceIp, "sourceIp");
        Require.name(method, "method");
        teams = teams == null ? Set.of() : Set.copyOf(teams);
    }

    public OpenConsoleSession(Lsid lsid, String account, AccountRole role, String sourceIp,
            String method) {
        this(lsid, account, role, sourceIp, method, Set.of(), false, false);
    }
}
